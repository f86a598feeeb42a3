/**
 * What the generated CRUD code and tests need to know about each resource: its key, how to fill
 * read-only fields the client may not send, and one sample request per CRUD operation.
 */
import type { ApiModel, CrudScope, Operation, Property, TypeRef } from "../spec/model.ts";
import { camelCase, inheritsName, own, propertyKey, safeTypeName } from "../names.ts";
import { groupKey, routeView, bodyVariant } from "./routes.ts";
import { invalidSample, sampleModel, sampleValue } from "./samples.ts";
import { visibleProperties } from "./variants.ts";
import { isIntegerScalar } from "./scalars.ts";
import { freshName } from "../names.ts";

export interface ReadOnlyFill {
  key: string;
  /** A TypeScript expression evaluated when a row is created. */
  expression: string;
}

export interface CrudOperationView {
  kind: string;
  groupKey: string;
  handlerKey: string;
  method: string;
  /** Path template with the key parameter as `{key}` placeholder resolved in tests. */
  path: string;
  keyParam?: string;
  successStatus: number;
  /** For list. */
  filters: { param: string; property: string }[];
  limitParam?: string;
  offsetParam?: string;
  /** Optional query parameters the generated list cannot honour (wire names). */
  unhandledQuery: string[];
  /** Nested collections: parent path parameters and the properties that store them. */
  scope: CrudScope[];
  listShape?: { kind: "array" } | { kind: "page"; itemsProperty: string; totalProperty?: string; nextOffsetProperty?: string };
  /** Extra headers a client must send (e.g. the merge-patch content type). */
  contentType?: string;
  /** For delete: answer with the deleted row. */
  returnsRow?: boolean;
  /** For a merge patch: what `null` leaves in a property with a default (JSON name -> default). */
  erasedValues?: Record<string, unknown>;
  /** For patch: the nested objects a patch may bring whole, each with what it then requires. */
  nestedRequired?: NestedRequired;
}

/** By JSON name: a nested model's required properties, and its own nested models. */
export type NestedRequired = Record<string, { required: string[]; nested?: NestedRequired }>;

/**
 * What a PATCH must give of each nested object the row does not have yet: a patch merges into the
 * row, and a nested object made from nothing but the patch must be whole to be read back.
 * Arrays are replaced whole and validated whole; maps are left to their schema.
 */
export function nestedRequiredOf(api: ApiModel, modelName: string, seen: ReadonlySet<string> = new Set()): NestedRequired | undefined {
  const model = api.models[modelName];
  if (!model || seen.has(modelName)) return undefined;
  const inner = new Set([...seen, modelName]);
  const out: NestedRequired = {};
  for (const p of visibleProperties(model, "Update")) {
    const nested = nestedModel(api, p.type);
    if (!nested) continue;
    const required = visibleProperties(nested, "Update")
      .filter((q) => !q.optional)
      .map((q) => q.jsonName);
    const deeper = nestedRequiredOf(api, nested.name, inner);
    if (required.length > 0 || deeper) out[p.jsonName] = { required, ...(deeper ? { nested: deeper } : {}) };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function nestedModel(api: ApiModel, type: TypeRef): ApiModel["models"][string] | undefined {
  if (type.kind === "union") {
    const nonNull = type.variants.filter((v) => v.kind !== "null");
    return nonNull.length === 1 ? nestedModel(api, nonNull[0]) : undefined;
  }
  const model = type.kind === "model" ? api.models[type.name] : undefined;
  return model && !model.discriminator && !model.additionalProperties ? model : undefined;
}

export interface ResourceView {
  model: string;
  typeName: string;
  repoKey: string;
  keyProperty: string;
  keyKind: "integer" | "string";
  fills: ReadOnlyFill[];
  /** The client sends the key on create (it is visible in Create): it is stored as sent, never replaced. */
  keyFromClient: boolean;
  /** A key no row has that the key's own schema accepts: what the generated 404 test reads. */
  missingKey: string | number;
  /**
   * JSON names a PUT keeps from the stored row: the ones a client cannot send in Update
   * (timestamps). Not the key: the repository writes the row under the path's key anyway.
   */
  keepOnReplace: string[];
  /**
   * JSON names of the resource named after Object.prototype members (`constructor`, `toString`):
   * a row back from JSON (the cache) gets each one it lacks as undefined again, so nothing (the
   * serialiser, a handler) reads the prototype's function instead.
   */
  inherited: string[];
  operations: Record<string, CrudOperationView>;
  /** Samples for the generated tests (JSON). */
  createSample?: unknown;
  replaceSample?: unknown;
  patchSample?: { body: Record<string, unknown>; property: string };
  invalidCreate?: { body: unknown; field: string; why: string };
  filterSample?: { param: string; property: string; value: unknown };
}

/**
 * A value for a required property the client may not send on create (a timestamp, a counter, a
 * settings object): the spec's default, else the type's zero value, built from the nested model's own
 * properties. Undefined when no such value exists (a recursive model): the row is then stored as sent.
 */
function fillValue(api: ApiModel, p: Pick<Property, "type" | "default">, depth = 0): string | undefined {
  if (p.default !== undefined) return JSON.stringify(p.default);
  const type = p.type;
  switch (type.kind) {
    case "scalar":
      switch (type.name) {
        case "utcDateTime":
        case "offsetDateTime":
          return "new Date().toISOString()";
        case "plainDate":
          return "new Date().toISOString().slice(0, 10)";
        case "plainTime":
          return "new Date().toISOString().slice(11, 19)";
        case "boolean":
          return "false";
        case "string":
        case "url":
        case "bytes":
        case "duration":
          return '""';
        case "unknown":
          return "null";
        default:
          return "0";
      }
    case "array":
      return "[]";
    case "tuple": {
      const items = type.items.map((item) => fillValue(api, { type: item }, depth));
      return items.includes(undefined) ? undefined : `[${items.join(", ")}]`;
    }
    case "record":
      return "{}";
    case "literal":
      return JSON.stringify(type.value);
    case "null":
      return "null";
    case "enum": {
      const first = api.enums[type.name]?.members[0];
      return first === undefined ? undefined : JSON.stringify(first.value);
    }
    case "union": {
      const variant = type.variants.find((v) => v.kind !== "null") ?? type.variants[0];
      return variant === undefined ? undefined : fillValue(api, { type: variant }, depth);
    }
    case "model": {
      const model = api.models[type.name];
      if (!model || depth > 4 || model.discriminator) return undefined;
      const parts: string[] = [];
      for (const prop of model.properties.filter((q) => !q.optional)) {
        const value = fillValue(api, prop, depth + 1);
        if (value === undefined) return undefined;
        parts.push(`${propertyKey(prop.jsonName)}: ${value}`);
      }
      return `{ ${parts.join(", ")} }`;
    }
    default:
      return undefined;
  }
}

function contentTypeFor(op: Operation): string | undefined {
  const literal = op.parameters.find((p) => p.in === "header" && p.wireName.toLowerCase() === "content-type");
  if (literal?.type.kind === "literal" && typeof literal.type.value === "string") return literal.type.value;
  const ct = op.body?.contentTypes.find((c) => c !== "application/json");
  return ct;
}

/**
 * A key no row has, which the key's own schema accepts: a key that broke its format, pattern or
 * length would be a 400, and the generated test for an absent row would never see the 404.
 */
function missingKey(api: ApiModel, model: string, key: Property): string | number {
  const c = key.constraints;
  if (key.type.kind === "scalar" && isIntegerScalar(key.type.name))
    return c.maxValue !== undefined && c.maxValue < 987654 ? c.maxValue : 987654;
  if (c.format === "uuid") return "00000000-0000-4000-8000-000000987654";
  const plain = `no-such-${model}`;
  if (key.type.kind !== "scalar" || key.type.name !== "string" || c.pattern || c.format || (c.maxLength ?? Infinity) < plain.length) {
    return sampleValue(api, key.type, "Read", c, key.name) as string | number;
  }
  return plain;
}

export function resourceViews(api: ApiModel, ops: Operation[]): ResourceView[] {
  const byModel = new Map<string, ResourceView>();
  // Models `Pet` and `pet` both camelCase to `pet`: the later one's repository gets a number.
  const repoKeys = new Set<string>();
  for (const op of ops) {
    if (!op.crud) continue;
    const model = api.models[op.crud.resource];
    const key = model?.properties.find((p) => p.key);
    if (!model || !key) continue;
    let view = byModel.get(model.name);
    if (!view) {
      const fills = visibleProperties(model, "Read")
        .filter((p) => !p.key && !p.optional && !p.visibility.includes("Create"))
        .map((p) => ({ key: propertyKey(p.jsonName), expression: fillValue(api, p) }))
        .filter((f): f is ReadOnlyFill => f.expression !== undefined);
      view = {
        model: model.name,
        typeName: safeTypeName(model.name),
        repoKey: propertyKey(freshName(camelCase(model.name) || "items", repoKeys)),
        keyProperty: key.jsonName,
        keyKind: key.type.kind === "scalar" && isIntegerScalar(key.type.name) ? "integer" : "string",
        fills,
        keyFromClient: key.visibility.includes("Create"),
        missingKey: missingKey(api, model.name, key),
        keepOnReplace: model.properties.filter((p) => !p.key && !p.visibility.includes("Update")).map((p) => p.jsonName),
        inherited: model.properties.map((p) => p.jsonName).filter(inheritsName),
        operations: {},
      };
      byModel.set(model.name, view);
    }
    // The first operation of each kind speaks for the resource in the generated tests; every one is
    // wired through crudOperationView in its own group.
    if (view.operations[op.crud.kind]) continue;
    view.operations[op.crud.kind] = crudOperationView(api, op);
    addSamples(api, view, op);
  }
  return [...byModel.values()];
}

/** How one CRUD-classified operation is wired: its own handler key, path and parameters. */
export function crudOperationView(api: ApiModel, op: Operation): CrudOperationView {
  const crud = op.crud!;
  const route = routeView(api, op);
  const pathParams = op.parameters.filter((p) => p.in === "path");
  return {
    kind: crud.kind,
    groupKey: groupKey(op.group),
    handlerKey: route.handlerKey,
    method: route.method,
    path: op.path,
    keyParam: pathParams.at(-1)?.wireName,
    successStatus: route.successStatus,
    filters: crud.filters ?? [],
    limitParam: crud.limitParam,
    offsetParam: crud.offsetParam,
    unhandledQuery: crud.unhandledQuery ?? [],
    scope: crud.scope ?? [],
    listShape: crud.listShape,
    contentType: contentTypeFor(op),
    returnsRow: crud.returnsRow === true,
    erasedValues: crud.kind === "patch" ? erasedValues(api, op) : undefined,
    ...(crud.kind === "patch" ? { nestedRequired: nestedRequiredOf(api, crud.resource) } : {}),
  };
}

/** RFC 7396 removes a member set to null; a property with a default goes back to its default instead. */
function erasedValues(api: ApiModel, op: Operation): Record<string, unknown> | undefined {
  const model = op.body?.type.kind === "model" ? api.models[op.body.type.name] : undefined;
  const erased = (model?.properties ?? []).filter((p) => p.mergePatch?.erasedValue !== undefined);
  return erased.length === 0 ? undefined : Object.fromEntries(erased.map((p) => [p.jsonName, p.mergePatch!.erasedValue]));
}

function addSamples(api: ApiModel, view: ResourceView, op: Operation): void {
  const kind = op.crud!.kind;
  if (kind === "create" && op.body?.type.kind === "model") {
    view.createSample = sampleValue(api, op.body.type, bodyVariant(op));
    view.invalidCreate = invalidSample(api, op.body.type.name, bodyVariant(op));
  }
  if (kind === "replace" && op.body) view.replaceSample = sampleValue(api, op.body.type, bodyVariant(op));
  if (kind === "patch" && op.body?.type.kind === "model") {
    const patchModel = api.models[op.body.type.name];
    const candidate =
      patchModel?.properties.find(
        (p) => p.type.kind === "scalar" && p.type.name === "string" && !p.constraints.pattern && !p.constraints.format,
      ) ?? patchModel?.properties.find((p) => p.type.kind === "scalar" && p.type.name !== "string");
    if (candidate) {
      const full = sampleModel(api, op.body.type.name, "Update");
      let value = full[candidate.jsonName];
      if (typeof value === "string")
        value = `${value.slice(0, Math.max(0, (candidate.constraints.maxLength ?? 40) - 8))} changed`.slice(
          0,
          candidate.constraints.maxLength ?? 100,
        );
      if (typeof value === "number") value = isIntegerScalar((candidate.type as { name: string }).name) ? value + 1 : value + 0.5;
      if (typeof value === "boolean") value = !value;
      if (candidate.constraints.maxValue !== undefined && typeof value === "number" && value > candidate.constraints.maxValue)
        value = candidate.constraints.maxValue;
      view.patchSample = { body: { [candidate.jsonName]: value }, property: candidate.jsonName };
    }
  }
}

/**
 * After all operations are known: a filter a test can exercise with the created sample's own value,
 * and, for a nested collection, its paths with the parent filled in (the value the sample row holds).
 */
export function finishResourceViews(api: ApiModel, views: ResourceView[]): ResourceView[] {
  for (const view of views) {
    const read = sampleModel(api, view.model, "Read");
    for (const op of Object.values(view.operations)) {
      for (const { param, property } of op.scope) {
        // Own keys only: a scope property called `constructor` is the sample's value, never Object's function.
        const value = own(view.createSample as Record<string, unknown> | undefined, property) ?? own(read, property);
        op.path = op.path.replace(`{${param}}`, encodeURIComponent(String(value)));
      }
    }
  }
  for (const view of views) {
    const list = view.operations.list;
    const sample = view.createSample as Record<string, unknown> | undefined;
    if (!list || !sample) continue;
    const filter = list.filters.find((f) => ["string", "number", "boolean"].includes(typeof sample[f.property]));
    if (filter) view.filterSample = { ...filter, value: sample[filter.property] };
  }
  return views;
}

const cache = new WeakMap<ApiModel, ResourceView[]>();

/**
 * The CRUD resources of every service in the API, with their samples. Several layers read them
 * (server, database, cache), so they are worked out once per ApiModel; treat the result as read-only.
 */
export function crudResources(api: ApiModel): ResourceView[] {
  let views = cache.get(api);
  if (!views) {
    views = finishResourceViews(
      api,
      resourceViews(
        api,
        api.services.flatMap((s) => s.operations),
      ),
    );
    cache.set(api, views);
  }
  return views;
}
