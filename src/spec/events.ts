/**
 * Event operations (@typespec-stack/events) → ApiModel. The library's decorators keep their facts
 * in state maps named `@typespec-stack/events/<key>`; reading them by Symbol.for keeps the tool
 * free of an import of the library module (the compiler loads that one from the spec's side).
 */
import { getDoc } from "@typespec/compiler";
import type { Model as TspModel, ModelProperty, Operation as TspOperation, Program } from "@typespec/compiler";
import { freshName } from "../names.ts";
import { locate } from "./location.ts";
import type { ApiModel, EventOperation, Operation } from "./model.ts";
import type { TypeCollector } from "./types.ts";
import type { Unsupported } from "./unsupported.ts";

const stateKey = (name: string) => Symbol.for(`@typespec-stack/events/${name}`);

function parametersOf(address: string): string[] {
  return address.split(".").flatMap((segment) => /^\{(\w+)\}$/.exec(segment)?.[1] ?? []);
}

function messageModelOf(op: TspOperation): TspModel | undefined {
  const params = [...op.parameters.properties.values()];
  const type = params.length === 1 ? params[0].type : undefined;
  return type?.kind === "Model" ? type : undefined;
}

export interface CollectedEvents {
  operations: EventOperation[];
  /** The TypeSpec model each publish operation sends, by event operation id. */
  publishedModels: Map<TspModel, string>;
}

/** Every event operation in the program, in declaration order; undefined when the spec has none. */
export function collectEvents(program: Program, types: TypeCollector, cwd: string): CollectedEvents | undefined {
  const channels = program.stateMap(stateKey("channel")) as Map<TspOperation, string>;
  const directions = program.stateMap(stateKey("direction")) as Map<TspOperation, "publish" | "subscribe">;
  const keys = program.stateSet(stateKey("messageKey")) as Set<ModelProperty>;
  if (channels.size === 0) return undefined;
  const ids = new Set<string>();
  const operations: EventOperation[] = [];
  const publishedModels = new Map<TspModel, string>();
  for (const [op, channel] of channels) {
    const action = directions.get(op);
    const model = messageModelOf(op);
    // The library's own validation has already reported these; a program with errors never gets here.
    if (action === undefined || model === undefined) continue;
    const ref = types.ref(model, model.name, op);
    if (ref.kind !== "model") continue;
    const id = freshName(op.name, ids);
    const messageModel = types.models[ref.name];
    const parameters = parametersOf(channel).map((name) => ({
      name,
      type: messageModel?.properties.find((p) => p.name === name)?.type ?? { kind: "scalar" as const, name: "string" as const },
    }));
    const keyProperty = [...model.properties.values()].find((p) => keys.has(p));
    const out: EventOperation = {
      id,
      name: op.name,
      group: op.interface?.name ?? op.namespace?.name ?? "",
      action,
      channel,
      parameters,
      message: ref.name,
    };
    if (keyProperty) out.messageKey = messageModel?.properties.find((p) => p.name === keyProperty.name)?.jsonName ?? keyProperty.name;
    const doc = getDoc(program, op);
    if (doc !== undefined) out.doc = doc;
    const location = locate(op, cwd);
    if (location) out.location = location;
    operations.push(out);
    if (action === "publish") publishedModels.set(model, id);
  }
  return { operations, publishedModels };
}

/**
 * @emits(Event) on an HTTP operation: the event is built from the operation's 2xx body, property by
 * property, so every required property of the event must be in that body.
 */
export function bindEmits(
  program: Program,
  api: ApiModel,
  events: CollectedEvents,
  pairs: { tsp: TspOperation; op: Operation }[],
  unsupported: Unsupported,
): void {
  const emitsMap = program.stateMap(stateKey("emits")) as Map<TspOperation, TspModel[]>;
  for (const { tsp, op } of pairs) {
    const emitted = emitsMap.get(tsp);
    if (!emitted || emitted.length === 0) continue;
    const ids = emitted.flatMap((model) => events.publishedModels.get(model) ?? []);
    const body = op.responses.find((r) => typeof r.status === "number" && r.status >= 200 && r.status < 300 && r.body)?.body;
    const bodyModel = body?.kind === "model" ? api.models[body.name] : undefined;
    for (const id of ids) {
      const event = events.operations.find((e) => e.id === id)!;
      const missing = api.models[event.message].properties
        .filter((p) => !p.optional && !bodyModel?.properties.some((b) => b.jsonName === p.jsonName))
        .map((p) => p.jsonName);
      if (missing.length > 0) {
        unsupported.add(
          `@emits(${event.message}) on "${op.id}": the event is built from the 2xx response body, which lacks ${missing.map((m) => `"${m}"`).join(", ")}`,
          tsp,
        );
      }
    }
    op.emits = ids;
  }
}
