/** The compiled TypeSpec program → ApiModel, through @typespec/http's view of each service. */
import { getDoc, getNamespaceFullName, getService } from "@typespec/compiler";
import type { Namespace, Program } from "@typespec/compiler";
import type { HttpOperation, HttpService } from "@typespec/http";
import { StackError } from "../diagnostics.ts";
import { freshName, kebabCase } from "../names.ts";
import { resolveServiceAuth } from "./auth.ts";
import { formatDiagnosticLine } from "./compile.ts";
import { displayPath, formatLocation, locate } from "./location.ts";
import type { ApiModel, AuthScheme, Operation, Service } from "./model.ts";
import { bindEmits, collectEvents } from "./events.ts";
import { convertOperation } from "./operations.ts";
import { httpServices as httpServicesOf } from "./services.ts";
import type { OperationContext } from "./operations.ts";
import { TypeCollector } from "./types.ts";
import { Unsupported } from "./unsupported.ts";
import { plural } from "../plural.ts";
import { mediaOf } from "./media-types.ts";
import { serverPrefix } from "./server-prefix.ts";

export function buildApiModel(program: Program, entry: string, cwd: string = process.cwd()): ApiModel {
  const specPath = displayPath(entry, cwd);
  const { services: atVersion, diagnostics, declared } = httpServicesOf(program);
  const httpServices = atVersion.map((s) => s.service);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new StackError(
      "spec-invalid",
      `${specPath} has ${plural(errors.length, "HTTP error")}`,
      errors.map((d) => formatDiagnosticLine(d, cwd)),
    );
  }

  const unsupported = new Unsupported(cwd);
  const types = new TypeCollector(program, unsupported, cwd);
  const ctx: OperationContext = { program, types, unsupported, cwd };
  const authSchemes: Record<string, AuthScheme> = {};
  // Ids are unique across services (a spec with two @service namespaces may use one operation name
  // in both): they name handlers, types and auth rules in one generated project.
  const ids = new Set<string>();
  const services = atVersion.map(({ service, version }) => convertService(ctx, service, authSchemes, ids, version));
  reportSharedRoutes(
    ctx,
    httpServices.flatMap((s) => s.operations),
    services.flatMap((s) => s.operations),
    services.flatMap((s) => s.operations.map(() => s.namespace)),
  );
  const events = collectEvents(program, types, cwd);
  const api: ApiModel = { specPath, services, models: types.models, enums: types.enums, unions: types.unions, authSchemes };
  if (events) {
    api.events = events.operations;
    const pairs = httpServices.flatMap((service, i) =>
      service.operations.map((op, j) => ({ tsp: op.operation, op: services[i].operations[j] })),
    );
    bindEmits(program, api, events, pairs, unsupported);
  }
  types.patterns.throwIfAny(specPath);
  unsupported.throwIfAny(specPath);
  if (unsupported.warnings.length > 0) api.warnings = unsupported.warnings;

  if (services.every((s) => s.operations.length === 0)) {
    const what = declared ? "has a @service but no HTTP operations" : "has no @service and no HTTP operations";
    throw new StackError("spec-no-service", `${specPath} ${what}`);
  }
  return api;
}

function convertService(
  ctx: OperationContext,
  service: HttpService,
  authSchemes: Record<string, AuthScheme>,
  ids: Set<string>,
  version?: string,
): Service {
  const ns = service.namespace;
  const prefix = serverPrefix(ctx.program, ns, ctx.types, ctx.unsupported, version);
  const auth = resolveServiceAuth(service);
  for (const scheme of auth.schemes) authSchemes[scheme.id] ??= scheme;

  const operations = service.operations.map((op) => {
    const group = groupOf(op, ns);
    const id = freshName(group === "" ? op.operation.name : `${group}_${op.operation.name}`, ids);
    const converted = convertOperation(ctx, op, id, group, auth.requirementFor(op.operation));
    if (prefix !== "") converted.path = converted.path === "/" ? prefix : `${prefix}${converted.path}`;
    return converted;
  });

  const out: Service = {
    namespace: getNamespaceFullName(ns),
    title: getService(ctx.program, ns)?.title ?? (ns.name || "API"),
    operations,
  };
  const doc = getDoc(ctx.program, ns);
  if (doc !== undefined) out.doc = doc;
  return out;
}

/** The interface holding the operation, or a sub-namespace; "" for the service namespace itself. */
function groupOf(op: HttpOperation, serviceNamespace: Namespace): string {
  const container = op.container;
  if (container.kind === "Interface") return container.name;
  return container === serviceNamespace ? "" : container.name;
}

/**
 * Operations on one verb and path (@sharedRoute, the same route with differently named parameters,
 * or one route in two services of the spec). When each takes a body of its own media type on the
 * very same path, the request's content type picks one (routeContentType); otherwise a router
 * cannot tell them apart and they are reported, saying why and what to change.
 */
function reportSharedRoutes(ctx: OperationContext, httpOps: HttpOperation[], ops: Operation[], serviceOf: string[]): void {
  const byRoute = new Map<string, number[]>();
  ops.forEach((op, i) => {
    if (httpOps[i].overloading) return; // already reported as an overload
    const route = `${op.verb.toUpperCase()} ${op.path.replace(/\{[^}]*\}/g, "{}")}`;
    byRoute.set(route, [...(byRoute.get(route) ?? []), i]);
  });
  for (const group of byRoute.values()) {
    if (group.length < 2) continue;
    const media = group.map((i) => (ops[i].body?.contentTypes.length === 1 ? mediaOf(ops[i].body!.contentTypes[0]) : undefined));
    const samePath = group.every((i) => ops[i].path === ops[group[0]].path);
    // Auth is checked per route before the body is read, so the operations must agree on it.
    const sameAuth = group.every((i) => JSON.stringify(ops[i].auth) === JSON.stringify(ops[group[0]].auth));
    if (samePath && sameAuth && media.every((m) => m !== undefined) && new Set(media).size === group.length) {
      group.forEach((i, n) => (ops[i].routeContentType = media[n]));
      continue;
    }
    const [first, ...rest] = group;
    const where = formatLocation(locate(httpOps[first].operation, ctx.cwd));
    for (const i of rest) {
      const op = ops[i];
      const route = `${op.verb.toUpperCase()} ${op.path}`;
      const both = `operations "${ops[first].id}" (${where}) and "${op.id}" share the route ${route}`;
      if (serviceOf[i] !== serviceOf[first]) {
        // One generated server serves every @service namespace of the spec on one set of paths.
        const prefix = `/${kebabCase(serviceOf[i].split(".").at(-1) ?? serviceOf[i])}`;
        ctx.unsupported.add(
          `${both}, but they are in two @service namespaces (${serviceOf[first]}, ${serviceOf[i]}) and one server serves ` +
            `every service of the spec on one set of paths: a request to ${route} cannot say which service it means. ` +
            `Fix: give one namespace a path prefix (@route("${prefix}") on namespace ${serviceOf[i]}), or pass --spec the file of the one service to generate`,
          httpOps[i].operation,
        );
        continue;
      }
      const why = !samePath
        ? "their path parameters are named differently"
        : !sameAuth
          ? "they have different auth requirements (checked before the body is read)"
          : "their request bodies do not each have a media type of their own";
      ctx.unsupported.add(
        `${both} (@sharedRoute) and a router cannot tell them apart: ${why}. ` +
          `Fix: give each a request body of its own content type (@header contentType: "...") under one auth requirement and the same parameter names, or a route of its own`,
        httpOps[i].operation,
      );
    }
  }
}
