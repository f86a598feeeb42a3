/**
 * The route table of a service: for every operation, Fastify's method, URL and schema, the
 * handler's input and result types, and which error shape each error status answers with.
 */
import type { ApiModel, Operation, Parameter, Response, StatusCode, TypeRef } from "../spec/model.ts";
import { camelCase, inheritsName, pascalCase, propertyKey, safeIdentifier, safeTypeName } from "../names.ts";
import { type JsonSchema, collectSchemas, constraintKeywords, patchSchema, reachableModels, typeSchema } from "./json-schema.ts";
import { tsType } from "./ts-types.ts";
import { mediaOf } from "../spec/media-types.ts";
import { type Variant, visibleProperties } from "./variants.ts";

export interface RouteView {
  id: string;
  /** Key of the handler group (camelCase) and of the operation inside it. */
  groupKey: string;
  handlerKey: string;
  method: string;
  /** Fastify URL: `/books/:id`. */
  url: string;
  /** OpenAPI-style path for messages and tests: `/books/{id}`. */
  path: string;
  summary: string;
  schema: JsonSchema;
  /** status -> error shape name, for the error handler. */
  errorShapes: Record<string, string>;
  successStatus: number;
  /** Statuses the spec declares with an exact code. */
  declaredStatuses: number[];
  inputType: string;
  resultType: string;
  inputTypeName: string;
  resultTypeName: string;
  contentTypes: string[];
  /**
   * A text or binary body whose media types include a wildcard (`*\/*`, `application/*`): the
   * route gets parsers of its own that hand the handler the raw body for every media type it takes.
   */
  anyBody?: { media: string[]; parseAs: "string" | "buffer" };
  /**
   * Array parameters whose items share one value (`?tags=a,b`, `x-ids: 1|2`): [where, key,
   * separator]. A hook splits them before validation; Fastify alone would see one item "a,b".
   */
  delimited: ["query" | "headers", string, string][];
  /**
   * Query parameters holding a record, [key, exploded]: `?p=a,1,b,2` is split into pairs; exploded,
   * every query key the operation does not declare is an entry (`?a=1&b=2`). Done before validation.
   */
  queryRecords: [string, boolean][];
  /** The query keys the operation declares (an exploded record takes the others). */
  queryKeys: string[];
  /** Path parameters split or unwrapped before validation (see pathDecoders). */
  pathDecoders: PathDecoder[];
  /** Router name -> wire name, for path parameters registered under another name (see routerParamNames). */
  paramRenames?: Record<string, string>;
  /** For operations sharing a route (@sharedRoute): the request content type that selects this one. */
  contentTypeConstraint?: string;
  /** The operation declares cookie parameters: the handler input gets `cookies`. */
  cookies: boolean;
  /** Cookies the request must carry; a request without one is answered 400. */
  requiredCookies: string[];
  /**
   * Top-level fields of the JSON body, the query and the headers named after Object.prototype
   * members (`constructor`, `toString`): a hook makes each one the request lacks undefined on the
   * object itself before validation, so neither Ajv (its checks and defaults) nor the handler finds
   * the prototype's function there. Empty, and no hook, on every other route.
   */
  inheritedFields: ["body" | "query" | "headers", string[]][];
}

/** See RouteView.anyBody. */
function anyBodyOf(op: Operation): RouteView["anyBody"] {
  if (!op.body || !receivesBody(op) || (op.body.format !== "text" && op.body.format !== "binary")) return undefined;
  const media = [...new Set(op.body.contentTypes.map(mediaOf))];
  if (!media.some((m) => m.endsWith("/*"))) return undefined;
  return { media, parseAs: op.body.format === "text" ? "string" : "buffer" };
}

/** Fastify parses no body for these verbs and refuses a body schema on them. */
const BODYLESS_VERBS = new Set(["get", "head"]);

/** True when Fastify hands the operation's request body to the handler. */
export function receivesBody(op: Operation): boolean {
  return op.body !== undefined && !BODYLESS_VERBS.has(op.verb);
}

const SEPARATORS = { csv: ",", ssv: " ", pipes: "|", newline: "\n" } as const;

/** The separator of an array parameter sent as one delimited value; undefined otherwise. */
export function delimiterOf(p: Parameter): string | undefined {
  if (p.type.kind !== "array" || p.collectionFormat === undefined || p.collectionFormat === "multi") return undefined;
  return SEPARATORS[p.collectionFormat];
}

export function bodyVariant(op: Operation): Variant {
  if (op.verb === "post") return "Create";
  if (op.verb === "put" || op.verb === "patch") return "Update";
  // TypeSpec shows a DELETE's body the properties visible in the Delete phase, not the Read ones.
  if (op.verb === "delete") return "Delete";
  return "Read";
}

/** The text a path parameter's style puts before its value (`{/x}` -> `/`, `{.x}` -> `.`, `{;x}` -> `;x=`). */
export function pathStyleLead(style: NonNullable<Parameter["pathStyle"]>["style"] | undefined, wireName: string): string {
  return style === "path" ? "/" : style === "label" ? "." : style === "matrix" ? `;${wireName}=` : "";
}

/**
 * Fastify's URL for an OpenAPI-style path. `names` maps a path parameter's wire name to the name the
 * router uses (see routerParamNames); a literal `:` in a static segment (`/items:batch`) is escaped
 * as `::`, which the router reads as a plain colon. The router ends a parameter's name only at
 * `/`, `-`, `.` or `(`, so a parameter followed by other text in its segment (`{id}:archive`)
 * gets a pattern that stops before that text. Constant query text in the route (`/list?fixed=true`)
 * is not part of what the router matches.
 *
 * `styles` gives the path parameters written `{/x}`, `{.x}`, `{;x}`, `{x*}` or `{+x}`: the last one
 * in the path becomes the router's wildcard (it may hold `/`, `.` or `;`), decoded by the route
 * (see pathDecoders); one earlier in the path gets its style's lead as static text.
 */
export function fastifyUrl(
  path: string,
  names: Map<string, string> = new Map(),
  styles: Map<string, NonNullable<Parameter["pathStyle"]>> = new Map(),
): string {
  const parts = path.split("?")[0].split(/(\{[^}]+\})/);
  return parts
    .map((part, i) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (!param) return part.replace(/:/g, "::");
      const name = names.get(param[1]) ?? param[1];
      const style = styles.get(param[1]);
      if (style && i === parts.length - 2 && parts[i + 1] === "") return "*";
      const lead = pathStyleLead(style?.style, param[1]);
      const next = parts[i + 1]?.charAt(0) ?? "";
      const stop = next === "" || "/-.".includes(next) ? "" : `(^[^/${next.replace(/[\\\]^-]/g, "\\$&")}]+)`;
      return `${lead.replace(/:/g, "::")}:${name}${stop}`;
    })
    .join("");
}

/** Path parameters the route decodes before validation: [router key, name, wire name, style, explode, shape]. */
export type PathDecoder = [string, string, string, "simple" | "path" | "label" | "matrix", boolean, "scalar" | "array" | "record"];

/**
 * Path parameters whose raw text is not yet their value: styled ones (`{/x}`, `{;x}`, a wildcard)
 * and arrays or records (`a,b`, `a=1,b=2`), which the route splits before the schema checks them.
 */
export function pathDecoders(op: Operation, names: Map<string, string>): PathDecoder[] {
  const url = fastifyUrl(op.path, names, pathStyles(op));
  return op.parameters.flatMap((p): PathDecoder[] => {
    if (p.in !== "path") return [];
    const shape = p.type.kind === "array" ? "array" : p.type.kind === "record" ? "record" : "scalar";
    if (!p.pathStyle && shape === "scalar") return [];
    const name = names.get(p.wireName) ?? p.wireName;
    const wildcard = url.endsWith("*") && op.path.split("?")[0].endsWith(`{${p.wireName}}`);
    const style = p.pathStyle ?? { style: "simple", explode: false };
    return [[wildcard ? "*" : name, name, p.wireName, style.style, style.explode, shape]];
  });
}

/** The URL Fastify registers for an operation: router parameter names and styled parameters applied. */
export function routeUrl(op: Operation, routerNames: Map<string, string> = routerParamNames(op)): string {
  return fastifyUrl(op.path, routerNames, pathStyles(op));
}

export function pathStyles(op: Operation): Map<string, NonNullable<Parameter["pathStyle"]>> {
  return new Map(op.parameters.flatMap((p) => (p.in === "path" && p.pathStyle ? [[p.wireName, p.pathStyle] as const] : [])));
}

/**
 * The router's name for each path parameter: Fastify's router ends a parameter name at `-` or `.`
 * (they separate `/:from-:to`), so `{item-id}` must be registered under a name made of letters,
 * digits and `_`. The handler still sees the wire name; the route maps it back.
 */
export function routerParamNames(op: Operation): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const p of op.parameters.filter((p) => p.in === "path")) {
    const base = p.wireName.replace(/[^A-Za-z0-9_]/g, "_") || "param";
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    names.set(p.wireName, name);
  }
  return names;
}

function statusKey(status: StatusCode): string | undefined {
  if (typeof status === "number") return String(status);
  if (status === "default") return "default";
  if (status.min % 100 === 0 && status.max === status.min + 99) return `${status.min / 100}xx`;
  return undefined;
}

export function successStatus(op: Operation): number {
  const ok = op.responses.map((r) => r.status).find((s) => typeof s === "number" && s >= 200 && s < 300);
  return typeof ok === "number" ? ok : 200;
}

function paramsSchema(api: ApiModel, params: Parameter[], names: Map<string, string> = new Map()): JsonSchema | undefined {
  if (params.length === 0) return undefined;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const p of params) {
    const wire = p.in === "header" ? p.wireName.toLowerCase() : (names.get(p.wireName) ?? p.wireName);
    const schema: JsonSchema = { ...typeSchema(api, p.type, "Read"), ...constraintKeywords(p.constraints) };
    if (p.default !== undefined && p.default !== null) schema.default = p.default;
    properties[wire] = schema;
    if (!p.optional) required.push(wire);
  }
  return required.length > 0 ? { type: "object", properties, required } : { type: "object", properties };
}

function isEmptyShape(api: ApiModel, type: TypeRef, variant: Variant): boolean {
  const model = type.kind === "model" ? api.models[type.name] : undefined;
  return model !== undefined && !model.additionalProperties && !model.discriminator && visibleProperties(model, variant).length === 0;
}

function inheritedFields(api: ApiModel, op: Operation): RouteView["inheritedFields"] {
  const named = (names: string[]) => [...new Set(names.filter(inheritsName))];
  const body =
    op.body && receivesBody(op) && op.body.format === "json" && op.body.type.kind === "model" ? api.models[op.body.type.name] : undefined;
  const fields: RouteView["inheritedFields"] = [
    ["body", named(body ? visibleProperties(body, bodyVariant(op)).map((p) => p.jsonName) : [])],
    ["query", named(op.parameters.filter((p) => p.in === "query").map((p) => p.wireName))],
    ["headers", named(validatedHeaders(op).map((p) => p.wireName.toLowerCase()))],
  ];
  return fields.filter(([, names]) => names.length > 0);
}

/** Content-Type is negotiated by Fastify's body parsers, not validated as a header. */
function validatedHeaders(op: Operation): Parameter[] {
  return op.parameters.filter((p) => p.in === "header" && p.wireName.toLowerCase() !== "content-type");
}

function errorShapeName(api: ApiModel, r: Response): string | undefined {
  if (!r.body || r.body.kind !== "model") return undefined;
  return api.models[r.body.name] ? safeTypeName(r.body.name) : undefined;
}

function inputType(api: ApiModel, op: Operation): string {
  const section = (where: Parameter["in"]) => {
    const ps = op.parameters.filter((p) => p.in === where);
    if (ps.length === 0) return "Record<string, never>";
    const fields = ps.map((p) => {
      const key = where === "header" ? p.wireName.toLowerCase() : p.wireName;
      // Cookie values arrive as text and no schema converts them; a wildcard content type
      // (`*\/*`) is whatever media type the request carries.
      const text = where === "cookie" || (key === "content-type" && JSON.stringify(p.type).includes("/*"));
      return `${propertyKey(key)}${p.optional ? "?" : ""}: ${text ? "string" : tsType(api, p.type)}`;
    });
    return `{ ${fields.join("; ")} }`;
  };
  // Fastify parses no cookies; the route reads the Cookie header for operations that declare some.
  const cookies = op.parameters.some((p) => p.in === "cookie") ? `\n  cookies: ${section("cookie")};` : "";
  let body = "undefined";
  if (op.body && receivesBody(op)) body = bodyType(api, op) + (op.body.optional ? " | undefined" : "");
  else if (op.body)
    body = `undefined; // the spec gives ${op.verb.toUpperCase()} a body (${bodyType(api, op)}), but Fastify reads no body on ${op.verb.toUpperCase()}`;
  return `{\n  params: ${section("path")};\n  query: ${section("query")};\n  headers: ${section("header")};${cookies}\n  body: ${body};\n}`;
}

/** What the handler receives as the body: the JSON shape, or the raw form the body format arrives in. */
function bodyType(api: ApiModel, op: Operation): string {
  const body = op.body!;
  switch (body.format) {
    case "text":
      return "string";
    case "binary":
      return "Buffer";
    case "form":
      return "Record<string, string | string[]>";
    case "multipart": {
      // @fastify/multipart's keyValues mode: files as Buffers, other parts as text; a repeated part is a list.
      const parts = (body.parts ?? []).map((part) => {
        const one = part.file ? "Buffer" : "string";
        return `${propertyKey(part.name)}${part.optional ? "?" : ""}: ${part.multi ? `${one} | ${one}[]` : one}`;
      });
      return parts.length > 0 ? `{ ${parts.join("; ")} }` : "Record<string, string | Buffer | (string | Buffer)[]>";
    }
    default:
      // The schema requires nothing here (see patchSchema); ImplicitPatch (types.ts) says so to the handler.
      return body.allOptional ? `ImplicitPatch<${tsType(api, body.type, bodyVariant(op))}>` : tsType(api, body.type, bodyVariant(op));
  }
}

function resultType(api: ApiModel, op: Operation): string {
  const arms = op.responses.map((r) => {
    const status = typeof r.status === "number" ? String(r.status) : "number";
    const json = r.body ? tsType(api, r.body, "Read") : undefined;
    // A raw body (text, XML, a file) is sent as is: a string or a Buffer, with its own content-type header.
    const body = r.rawBody ? [json, "string", "Buffer"].filter(Boolean).join(" | ") : (json ?? "undefined");
    const bodyField = r.body || r.rawBody ? `body: ${body}` : "body?: undefined";
    return `{ status: ${status}; ${bodyField}; headers?: Record<string, string> }`;
  });
  return arms.length > 0 ? arms.join("\n  | ") : "{ status: number; body?: unknown; headers?: Record<string, string> }";
}

export function routeView(api: ApiModel, op: Operation): RouteView {
  const schema: JsonSchema = {};
  const routerNames = routerParamNames(op);
  const renamed = [...routerNames].filter(([wire, name]) => wire !== name);
  const params = paramsSchema(
    api,
    op.parameters.filter((p) => p.in === "path"),
    routerNames,
  );
  const query = paramsSchema(
    api,
    op.parameters.filter((p) => p.in === "query"),
  );
  const headers = paramsSchema(api, validatedHeaders(op));
  if (params) schema.params = params;
  if (query) schema.querystring = query;
  if (headers) schema.headers = headers;
  // Only JSON bodies are validated: the others arrive as text, Buffers or parts (see bodyType).
  if (op.body && receivesBody(op) && op.body.format === "json") {
    const mergePatch = op.body.contentTypes.some((c) => mediaOf(c) === "application/merge-patch+json");
    const allOptional = op.body.allOptional === true;
    const body =
      mergePatch || allOptional
        ? patchSchema(api, op.body.type, bodyVariant(op), { mergePatch, allOptional })
        : typeSchema(api, op.body.type, bodyVariant(op));
    // Fastify validates a missing body as null, so an optional body must accept null; so must a
    // body whose model shows no property in this phase (all read-only on a PUT): there is nothing to send.
    schema.body = op.body.optional || isEmptyShape(api, op.body.type, bodyVariant(op)) ? { anyOf: [body, { type: "null" }] } : body;
  }
  const response: Record<string, JsonSchema> = {};
  const errorShapes: Record<string, string> = {};
  for (const r of op.responses) {
    const key = statusKey(r.status);
    if (!key) continue;
    if (r.body) response[key] = typeSchema(api, r.body, "Read");
    const shape = errorShapeName(api, r);
    if (shape && (r.isError || key === "default" || Number(key) >= 400)) errorShapes[key] = shape;
  }
  if (Object.keys(response).length > 0) schema.response = response;
  // Fastify's route types accept `tags` only beside a validation keyword: a schema of tags alone
  // (a HEAD with no parameters) does not type-check, and tags validate nothing.
  if (op.tags.length > 0 && Object.keys(schema).length > 0) schema.tags = op.tags;
  const typeBase = pascalCase(op.id) || "Operation";
  return {
    id: op.id,
    groupKey: groupKey(op.group),
    handlerKey: handlerKeyOf(api, op),
    method: op.verb.toUpperCase(),
    url: routeUrl(op, routerNames),
    pathDecoders: pathDecoders(op, routerNames),
    queryRecords: op.parameters
      .filter((p) => p.in === "query" && p.type.kind === "record")
      .map((p): [string, boolean] => [p.wireName, p.explode ?? false]),
    // Constant query text in the route (`/list?fixed=true`) names keys of its own.
    queryKeys: [
      ...op.parameters.filter((p) => p.in === "query").map((p) => p.wireName),
      ...new URLSearchParams(op.path.split("?")[1] ?? "").keys(),
    ],
    cookies: op.parameters.some((p) => p.in === "cookie"),
    requiredCookies: op.parameters.filter((p) => p.in === "cookie" && !p.optional).map((p) => p.wireName),
    inheritedFields: inheritedFields(api, op),
    contentTypeConstraint: op.routeContentType,
    paramRenames: renamed.length > 0 ? Object.fromEntries(renamed.map(([wire, name]) => [name, wire])) : undefined,
    path: op.path,
    summary: op.doc ?? `${op.verb.toUpperCase()} ${op.path}`,
    schema,
    errorShapes,
    successStatus: successStatus(op),
    declaredStatuses: op.responses.flatMap((r) => (typeof r.status === "number" ? [r.status] : [])),
    inputType: inputType(api, op),
    resultType: resultType(api, op),
    inputTypeName: safeTypeName(`${typeBase}Input`),
    resultTypeName: safeTypeName(`${typeBase}Result`),
    contentTypes: op.body?.contentTypes ?? [],
    anyBody: anyBodyOf(op),
    delimited: op.parameters.flatMap((p): ["query" | "headers", string, string][] => {
      const separator = delimiterOf(p);
      if (separator === undefined || (p.in !== "query" && p.in !== "header")) return [];
      return [[p.in === "query" ? "query" : "headers", p.in === "header" ? p.wireName.toLowerCase() : p.wireName, separator]];
    }),
  };
}

/**
 * The operation's method name in its group's handler object. Groups are keyed by name, so two
 * interfaces called `Default` in different namespaces share one group; a name already taken there
 * by an earlier operation gets a number (`get`, `get2`).
 */
function handlerKeyOf(api: ApiModel, op: Operation): string {
  const keys = handlerKeys(api);
  return keys.byOperation.get(op) ?? keys.bySignature.get(signature(op)) ?? methodName(op.name);
}

interface HandlerKeys {
  byOperation: Map<Operation, string>;
  /** For an equal copy of an operation (same id, verb and path): the first one's key. */
  bySignature: Map<string, string>;
}

const signature = (op: Operation) => `${op.id}\0${op.verb}\0${op.path}`;
const handlerKeyCache = new WeakMap<ApiModel, HandlerKeys>();

/** Every operation's handler key, worked out in one pass per ApiModel (a per-call scan was quadratic). */
function handlerKeys(api: ApiModel): HandlerKeys {
  let keys = handlerKeyCache.get(api);
  if (keys) return keys;
  keys = { byOperation: new Map(), bySignature: new Map() };
  const usedByGroup = new Map<string, Set<string>>();
  for (const op of api.services.flatMap((s) => s.operations)) {
    const group = groupKey(op.group);
    const used = usedByGroup.get(group) ?? usedByGroup.set(group, new Set()).get(group)!;
    const base = methodName(op.name);
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}${n}`;
    used.add(key);
    keys.byOperation.set(op, key);
    if (!keys.bySignature.has(signature(op))) keys.bySignature.set(signature(op), key);
  }
  handlerKeyCache.set(api, keys);
  return keys;
}

/** A method name: any identifier works (even `delete`), since it is only used as `obj.name`. */
function methodName(name: string): string {
  const id = (camelCase(name) || "handle").replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

export function groupKey(group: string): string {
  return safeIdentifier(camelCase(group) || "api");
}

/** Every model (and variant) that the routes mention, for shared schemas and type declarations. */
export function routeRoots(api: ApiModel, ops: Operation[]): { type: import("../spec/model.ts").TypeRef; variant: Variant }[] {
  const roots: { type: import("../spec/model.ts").TypeRef; variant: Variant }[] = [];
  for (const op of ops) {
    for (const p of op.parameters) roots.push({ type: p.type, variant: "Read" });
    if (op.body) roots.push({ type: op.body.type, variant: bodyVariant(op) });
    for (const r of op.responses) if (r.body) roots.push({ type: r.body, variant: "Read" });
  }
  return roots;
}

export function sharedSchemas(api: ApiModel, ops: Operation[]): Record<string, JsonSchema> {
  return collectSchemas(api, routeRoots(api, ops));
}

/** Every (model, variant) the generated types must declare: all Read shapes, plus the input variants in use. */
export function modelsInUse(api: ApiModel, ops: Operation[]): { name: string; variant: Variant }[] {
  const reads = Object.keys(api.models).map((name) => ({ name, variant: "Read" as Variant }));
  return [...reads, ...reachableModels(api, routeRoots(api, ops)).filter((m) => m.variant !== "Read")];
}
