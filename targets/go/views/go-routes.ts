/**
 * The Go server's route table: for every operation, net/http's ServeMux pattern, the typed input
 * (path, query and header parameters, then the body) and result of its handler method, and the
 * JSON Schemas it is validated with. The schemas and error shapes are the TypeScript target's own
 * (src/codegen), so both servers accept and refuse the same requests and answer in the same shapes.
 */
import type { ApiModel, Operation, Parameter } from "../../../src/spec/model.ts";
import { bodyVariant, modelsInUse, receivesBody, routeView, sharedSchemas, successStatus } from "../../../src/codegen/routes.ts";
import { problemShapeOf, problemShapes, serviceErrorShape } from "../../../src/codegen/problems.ts";
import { mediaOf } from "../../../src/spec/media-types.ts";
import { unknownPath } from "../../../src/codegen/builtin-routes.ts";
import { invalidRequest, sampleRequest } from "../../../src/codegen/test-view.ts";
import { goExported, goFileStem, goString, goTypeName } from "./go-names.ts";
import { goDeclarations, goType } from "./go-types.ts";
import { type GoRow, goAligned, goList } from "./go-format.ts";

/** How a parameter's text becomes a JSON value before validation (the runtime's coerce table). */
export type ParamKind = "string" | "integer" | "number" | "boolean" | "array" | "any";

export interface GoParam {
  /** Field of the input struct. */
  field: string;
  type: string;
  /** Key in the decoded parameters (and JSON tag): the wire name, or `<in>:<name>` when two locations share it. */
  key: string;
  wireName: string;
  in: Parameter["in"];
  kind: ParamKind;
  /** For arrays: the kind of each item, and the separator of a single value (`,`), or "" when the key repeats; "" otherwise. */
  itemKind: ParamKind | "";
  separator: string;
  optional: boolean;
}

export interface GoRoute {
  id: string;
  /** Handler interface (one per operation group) and method. */
  group: string;
  method: string;
  /** `GET /orders/{id}` for ServeMux. */
  pattern: string;
  path: string;
  inputType: string;
  params: GoParam[];
  /** The JSON body's Go type, when the operation takes one. */
  bodyType?: string;
  bodyOptional: boolean;
  /** A body the server does not parse (text, bytes, form, multipart): the handler gets the bytes. */
  rawBody: boolean;
  /** The success body's Go type; undefined when the success answer has none. */
  resultType?: string;
  successStatus: number;
  /** Where the user writes this operation. */
  handlerFile: string;
  summary: string;
  /** For operations that share a route (@sharedRoute): the request media type that selects this one. */
  contentType?: string;
  /** The handler function's name in package api (`handlePetsList`). */
  func: string;
  /** The input struct's fields and the parameter table's literal, laid out as gofmt does. */
  inputLines: string[];
  paramsLiteral: string;
}

/** One ServeMux pattern and the operations behind it: one, or several told apart by media type (@sharedRoute). */
export interface GoPattern {
  pattern: string;
  routes: GoRoute[];
  /** The media types the shared operations take, for the 415 that names them. */
  media: string;
}

export interface GoGroup {
  /** Interface name in package api: `OrdersAPI`. */
  name: string;
  /** Struct name in package handlers (the same). */
  fileName: string;
  file: string;
  routes: GoRoute[];
}

function inputLines(params: GoParam[], bodyType: string | undefined, bodyOptional: boolean, rawBody: boolean): string[] {
  const rows: GoRow[] = params.map((p) => ({ cells: [p.field, p.type, `\`json:${goString(p.key)}\``] }));
  if (bodyType) rows.push({ cells: ["Body", `${bodyOptional ? "*" : ""}${bodyType}`, '`json:"-"`'] });
  if (rawBody)
    rows.push({
      comment: "Body is the request's bytes as sent (the server does not parse this media type).",
      cells: ["Body", "[]byte", '`json:"-"`'],
    });
  return goAligned(rows);
}

function kindOf(api: ApiModel, type: Parameter["type"]): ParamKind {
  if (type.kind === "scalar") {
    if (type.name === "boolean") return "boolean";
    if (/int|integer/.test(type.name)) return "integer";
    if (/float|numeric|decimal/.test(type.name)) return "number";
    return "string";
  }
  if (type.kind === "enum") {
    const members = api.enums[type.name]?.members ?? [];
    return members.every((m) => typeof m.value === "string") ? "string" : "number";
  }
  if (type.kind === "literal") return typeof type.value === "boolean" ? "boolean" : typeof type.value === "number" ? "number" : "string";
  if (type.kind === "array") return "array";
  if (type.kind === "union") {
    const kinds = new Set(type.variants.filter((v) => v.kind !== "null").map((v) => kindOf(api, v)));
    return kinds.size === 1 ? [...kinds][0] : "any";
  }
  return "any";
}

const SEPARATORS: Record<string, string> = { csv: ",", ssv: " ", pipes: "|", newline: "\n", multi: "" };

/** A ServeMux pattern for the operation's path, or undefined when a segment mixes text and a parameter (`/{name}.json`). */
export function muxPattern(op: Operation): string | undefined {
  const path = op.path.split("?")[0];
  const segments = path.split("/").slice(1);
  const out: string[] = [];
  for (const segment of segments) {
    if (!segment.includes("{")) {
      out.push(segment);
      continue;
    }
    const whole = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(segment);
    if (!whole) return undefined;
    out.push(`{${whole[1]}}`);
  }
  // A pattern ending in `/` is a whole subtree to ServeMux; `{$}` keeps it to that one path.
  const joined = `/${out.join("/")}`;
  return `${op.verb.toUpperCase()} ${joined.endsWith("/") ? `${joined}{$}` : joined}`;
}

export function goRoutes(api: ApiModel): { groups: GoGroup[]; patterns: GoPattern[]; unsupported: string[] } {
  const byGroup = new Map<string, GoGroup>();
  const byPattern = new Map<string, GoPattern>();
  const unsupported: string[] = [];
  const taken = new Set<string>();
  const ops = api.services.flatMap((s) => s.operations);
  // A group's interface must not take the name of a type (a `User` model beside a `User` interface).
  const typeNames = new Set(goDeclarations(api, modelsInUse(api, ops)).map((d) => d.name));
  const groupName = (seed: string) => {
    const name = goTypeName(seed);
    return typeNames.has(name) ? `${name}Operations` : name;
  };
  for (const op of ops) {
    const pattern = muxPattern(op);
    if (!pattern || op.parameters.some((p) => p.in === "cookie" || (p.in === "path" && p.pathStyle && p.pathStyle.style !== "simple"))) {
      unsupported.push(`${op.verb.toUpperCase()} ${op.path}`);
      continue;
    }
    const seed = op.group || api.services[0]?.namespace || "API";
    const name = groupName(seed);
    let group = byGroup.get(name);
    if (!group) {
      const fileName = goFileStem(seed);
      group = { name, fileName, file: `internal/handlers/${fileName}.go`, routes: [] };
      byGroup.set(name, group);
    }
    const keys = new Set<string>();
    const params = op.parameters
      .filter((p) => p.in !== "cookie")
      .map((p): GoParam => {
        const wire = p.in === "header" ? p.wireName.toLowerCase() : p.wireName;
        const key = keys.has(wire) ? `${p.in}:${wire}` : wire;
        keys.add(key);
        const kind = kindOf(api, p.type);
        const base = goType(api, p.type);
        return {
          field: goExported(p.name),
          type: p.optional && !/^(\[\]|map\[|any$|\*)/.test(base) ? `*${base}` : base,
          key,
          wireName: wire,
          in: p.in,
          kind,
          itemKind: p.type.kind === "array" ? kindOf(api, p.type.items) : "",
          separator: p.type.kind === "array" ? (SEPARATORS[p.collectionFormat ?? (p.in === "query" ? "multi" : "csv")] ?? ",") : "",
          optional: p.optional,
        };
      });
    const jsonBody = op.body && receivesBody(op) && op.body.format === "json";
    const success = op.responses.find((r) => typeof r.status === "number" && r.status >= 200 && r.status < 300 && r.body);
    let methodName = goExported(op.name);
    while (taken.has(`${name}.${methodName}`)) methodName = `${methodName}_`;
    taken.add(`${name}.${methodName}`);
    const bodyType = jsonBody ? goType(api, op.body!.type, bodyVariant(op)) : undefined;
    const bodyOptional = op.body?.optional ?? false;
    const rawBody = Boolean(op.body && receivesBody(op) && !jsonBody);
    const route: GoRoute = {
      id: op.id,
      group: name,
      method: methodName,
      pattern,
      path: op.path,
      inputType: `${name}${methodName}Input`,
      func: `handle${name}${methodName}`,
      contentType: op.routeContentType ? mediaOf(op.routeContentType) : undefined,
      params,
      bodyType,
      bodyOptional,
      rawBody,
      inputLines: inputLines(params, bodyType, bodyOptional, rawBody),
      paramsLiteral: `[]param${goList(params.map((p) => goList([p.key, p.wireName, p.in, p.kind, p.itemKind, p.separator].map(goString))))}`,
      resultType: success?.body && !success.rawBody ? goType(api, success.body) : undefined,
      successStatus: successStatus(op),
      handlerFile: group.file,
      summary: op.doc ?? `${op.verb.toUpperCase()} ${op.path}`,
    };
    group.routes.push(route);
    const shared = byPattern.get(pattern);
    if (shared) shared.routes.push(route);
    else byPattern.set(pattern, { pattern, routes: [route], media: "" });
  }
  for (const shared of byPattern.values()) shared.media = shared.routes.map((r) => r.contentType ?? "application/json").join(" or ");
  return { groups: [...byGroup.values()], patterns: [...byPattern.values()], unsupported };
}

/**
 * What the runtime reads at start (internal/api/contract.json): each route's schemas and error
 * shapes, the models' shared schemas, and how to fill each error model.
 */
export function goContract(api: ApiModel): Record<string, unknown> {
  const ops = api.services.flatMap((s) => s.operations);
  const routes: Record<string, unknown> = {};
  const used: string[] = [];
  for (const op of ops) {
    const view = routeView(api, op);
    const { params, querystring, headers, body } = view.schema as Record<string, unknown>;
    routes[op.id] = { params, query: querystring, headers, body, errorShapes: view.errorShapes };
    used.push(...Object.values(view.errorShapes));
  }
  const serviceShape = serviceErrorShape(api, used);
  const shared = sharedSchemas(api, ops);
  withPropertyOrder(routes);
  withPropertyOrder(shared);
  return {
    routes,
    shared,
    problemShapes: problemShapes(api, [...used, ...(serviceShape ? [serviceShape] : [])]),
    serviceShape: serviceShape ?? null,
  };
}

/**
 * Adds `x-order` (the property names in declaration order) beside every `properties`: Go's maps
 * forget the order, and the runtime lists a 400's failing fields in it, as Ajv does.
 */
function withPropertyOrder(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(withPropertyOrder);
  if (typeof node !== "object" || node === null) return;
  const object = node as Record<string, unknown>;
  if (typeof object.properties === "object" && object.properties !== null && !Array.isArray(object.properties))
    object["x-order"] = Object.keys(object.properties);
  for (const [key, value] of Object.entries(object))
    if (key !== "x-order" && key !== "enum" && key !== "default" && key !== "const") withPropertyOrder(value);
}

/** The generated test's calls: one valid request per route, and one invalid one where a rule can be broken. */
export function goTestCases(
  api: ApiModel,
  crudOperations: ReadonlySet<string> = new Set(),
): {
  name: string;
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
  status: number;
  field: string;
  namesFile: boolean;
}[] {
  const out: ReturnType<typeof goTestCases> = [];
  const contract = goContract(api) as { problemShapes: ReturnType<typeof problemShapes>; serviceShape: string | null };
  const { groups } = goRoutes(api);
  const routed = new Map(groups.flatMap((g) => g.routes).map((r) => [r.id, r]));
  for (const op of api.services.flatMap((s) => s.operations)) {
    const route = routed.get(op.id);
    if (!route) continue;
    const valid = sampleRequest(api, op);
    const encode = (body: unknown) => (body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body));
    out.push({
      name: `${valid.method} ${op.path} reaches its handler`,
      method: valid.method,
      url: valid.url,
      headers: Object.entries(valid.headers),
      body: encode(valid.body),
      // 0: answered by the database layer's CRUD (any status but a server error or 501).
      status: crudOperations.has(op.id) ? 0 : 501,
      field: "",
      // An error model without a message property cannot name the file (`{ code }` alone).
      namesFile:
        !crudOperations.has(op.id) &&
        (problemShapeOf(contract.problemShapes, routeView(api, op).errorShapes, 501, contract.serviceShape ?? undefined)?.some(
          ([, fill]) => fill === "message",
        ) ??
          true),
    });
    const invalid = invalidRequest(api, op);
    if (invalid)
      out.push({
        name: `${invalid.method} ${op.path} refuses ${invalid.field} (${invalid.why}) with 400`,
        method: invalid.method,
        url: invalid.url,
        headers: Object.entries(invalid.headers),
        body: encode(invalid.body),
        status: 400,
        field: invalid.field,
        namesFile: false,
      });
  }
  return out;
}

/** The test table's rows, one Go literal each. */
export function goTestRows(api: ApiModel, crudOperations?: ReadonlySet<string>): string[] {
  return goTestCases(api, crudOperations).map(
    (c) =>
      `\t\t${goList([
        goString(c.name),
        goString(c.method),
        goString(c.url),
        `[][2]string${goList(c.headers.map(([name, value]) => goList([goString(name), goString(value)])))}`,
        goString(c.body),
        String(c.status),
        goString(c.field),
        String(c.namesFile),
      ])},`,
  );
}

/** `Handlers`' fields and wire.Handlers()'s keyed elements, one per group. */
export function goGroupLines(groups: GoGroup[]): { fields: string[]; wiring: string[] } {
  return {
    fields: goAligned(groups.map((g) => ({ cells: [g.name, g.name] }))),
    wiring: goAligned(
      groups.map((g) => ({ cells: [`${g.name}:`, `&handlers.${g.name}{},`] })),
      "\t\t",
    ),
  };
}

/** A path no route takes, for the generated 404 test; undefined when a wildcard route takes every path. */
export function goUnknownPath(api: ApiModel): string | undefined {
  return unknownPath(api);
}

export { goString };
