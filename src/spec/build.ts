/** The compiled TypeSpec program → ApiModel, through @typespec/http's view of each service. */
import { getDoc, getNamespaceFullName, getService, listServices } from "@typespec/compiler";
import type { Program } from "@typespec/compiler";
import type { HttpOperation, HttpService } from "@typespec/http";
import { StackError } from "../diagnostics.ts";
import { freshName } from "../names.ts";
import { resolveServiceAuth } from "./auth.ts";
import { formatDiagnosticLine } from "./compile.ts";
import { displayPath } from "./location.ts";
import type { ApiModel, AuthScheme, Operation, Service } from "./model.ts";
import { bindEmits, collectEvents } from "./events.ts";
import { convertOperation } from "./operations.ts";
import type { OperationContext } from "./operations.ts";
import { TypeCollector } from "./types.ts";
import { Unsupported } from "./unsupported.ts";
import { plural } from "../plural.ts";
import { serverPrefix } from "./server-prefix.ts";
import { httpServicesAtLatestVersion } from "./versioning.ts";

export function buildApiModel(program: Program, entry: string, cwd: string = process.cwd()): ApiModel {
  const specPath = displayPath(entry, cwd);
  if (listServices(program).length === 0) {
    throw new StackError("spec-no-service", `${specPath} has no namespace marked @service`);
  }
  const [atVersion, diagnostics] = httpServicesAtLatestVersion(program);
  const httpServices = atVersion.map((s) => s.service);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new StackError("spec-invalid", `${specPath} has ${plural(errors.length, "HTTP error")}`, errors.map((d) => formatDiagnosticLine(d, cwd)));
  }

  const unsupported = new Unsupported(cwd);
  const types = new TypeCollector(program, unsupported, cwd);
  const ctx: OperationContext = { program, types, unsupported, cwd };
  const authSchemes: Record<string, AuthScheme> = {};
  const services = atVersion.map(({ service, version }) => convertService(ctx, service, authSchemes, version));
  const events = collectEvents(program, types, cwd);
  const api: ApiModel = { specPath, services, models: types.models, enums: types.enums, unions: types.unions, authSchemes };
  if (events) {
    api.events = events.operations;
    const pairs = httpServices.flatMap((service, i) => service.operations.map((op, j) => ({ tsp: op.operation, op: services[i].operations[j] })));
    bindEmits(program, api, events, pairs, unsupported);
  }
  types.patterns.throwIfAny(specPath);
  unsupported.throwIfAny(specPath);
  if (unsupported.warnings.length > 0) api.warnings = unsupported.warnings;

  if (services.every((s) => s.operations.length === 0)) {
    throw new StackError("spec-no-service", `${specPath} has a @service but no HTTP operations`);
  }
  return api;
}

function convertService(ctx: OperationContext, service: HttpService, authSchemes: Record<string, AuthScheme>, version?: string): Service {
  const ns = service.namespace;
  const prefix = serverPrefix(ctx.program, ns, ctx.types, ctx.unsupported, version);
  const auth = resolveServiceAuth(service);
  for (const scheme of auth.schemes) authSchemes[scheme.id] ??= scheme;

  const ids = new Set<string>();
  const operations = service.operations.map((op) => {
    const group = groupOf(op, service);
    const id = freshName(group === "" ? op.operation.name : `${group}_${op.operation.name}`, ids);
    const converted = convertOperation(ctx, op, id, group, auth.requirementFor(op.operation));
    if (prefix !== "") converted.path = converted.path === "/" ? prefix : `${prefix}${converted.path}`;
    return converted;
  });
  reportSharedRoutes(ctx, service.operations, operations);

  const out: Service = {
    namespace: getNamespaceFullName(ns),
    title: getService(ctx.program, ns)?.title ?? ns.name,
    operations,
  };
  const doc = getDoc(ctx.program, ns);
  if (doc !== undefined) out.doc = doc;
  return out;
}

/** The interface holding the operation, or a sub-namespace; "" for the service namespace itself. */
function groupOf(op: HttpOperation, service: HttpService): string {
  const container = op.container;
  if (container.kind === "Interface") return container.name;
  return container === service.namespace ? "" : container.name;
}


/**
 * Two operations on one verb and path (@sharedRoute, or the same route with differently named
 * parameters) cannot both be registered with a router.
 */
function reportSharedRoutes(ctx: OperationContext, httpOps: HttpOperation[], ops: Operation[]): void {
  const byRoute = new Map<string, number>();
  ops.forEach((op, i) => {
    if (httpOps[i].overloading) return; // already reported as an overload
    const route = `${op.verb.toUpperCase()} ${op.path.replace(/\{[^}]*\}/g, "{}")}`;
    const first = byRoute.get(route);
    if (first === undefined) {
      byRoute.set(route, i);
      return;
    }
    ctx.unsupported.add(
      `operations "${ops[first].id}" and "${op.id}" share the route ${op.verb.toUpperCase()} ${op.path} (@sharedRoute)`,
      httpOps[i].operation,
    );
  });
}
