/**
 * The route table of a service: for every operation, Fastify's method, URL and schema, the
 * handler's input and result types, and which error shape each error status answers with.
 */
import type { ApiModel, Operation, Parameter, Response, StatusCode } from "../spec/model.ts";
import { camelCase, pascalCase, propertyKey, safeIdentifier, safeTypeName } from "../names.ts";
import { type JsonSchema, collectSchemas, constraintKeywords, reachableModels, typeSchema } from "./json-schema.ts";
import { tsType } from "./ts-types.ts";
import type { Variant } from "./variants.ts";

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
}

export function bodyVariant(op: Operation): Variant {
  if (op.verb === "post") return "Create";
  if (op.verb === "put" || op.verb === "patch") return "Update";
  return "Read";
}

export function fastifyUrl(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => `:${name}`);
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

function paramsSchema(api: ApiModel, params: Parameter[]): JsonSchema | undefined {
  if (params.length === 0) return undefined;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const p of params) {
    const wire = p.in === "header" ? p.wireName.toLowerCase() : p.wireName;
    const schema: JsonSchema = { ...typeSchema(api, p.type, "Read"), ...constraintKeywords(p.constraints) };
    if (p.default !== undefined && p.default !== null) schema.default = p.default;
    properties[wire] = schema;
    if (!p.optional) required.push(wire);
  }
  return required.length > 0 ? { type: "object", properties, required } : { type: "object", properties };
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
      return `${propertyKey(key)}${p.optional ? "?" : ""}: ${tsType(api, p.type)}`;
    });
    return `{ ${fields.join("; ")} }`;
  };
  const body = op.body ? tsType(api, op.body.type, bodyVariant(op)) + (op.body.optional ? " | undefined" : "") : "undefined";
  return `{\n  params: ${section("path")};\n  query: ${section("query")};\n  headers: ${section("header")};\n  body: ${body};\n}`;
}

function resultType(api: ApiModel, op: Operation): string {
  const arms = op.responses.map((r) => {
    const status = typeof r.status === "number" ? String(r.status) : "number";
    const body = r.body ? tsType(api, r.body, "Read") : "undefined";
    const bodyField = r.body ? `body: ${body}` : "body?: undefined";
    return `{ status: ${status}; ${bodyField}; headers?: Record<string, string> }`;
  });
  return arms.length > 0 ? arms.join("\n  | ") : "{ status: number; body?: unknown; headers?: Record<string, string> }";
}

export function routeView(api: ApiModel, op: Operation): RouteView {
  const schema: JsonSchema = {};
  const params = paramsSchema(api, op.parameters.filter((p) => p.in === "path"));
  const query = paramsSchema(api, op.parameters.filter((p) => p.in === "query"));
  const headers = paramsSchema(api, validatedHeaders(op));
  if (params) schema.params = params;
  if (query) schema.querystring = query;
  if (headers) schema.headers = headers;
  if (op.body) schema.body = typeSchema(api, op.body.type, bodyVariant(op));
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
  if (op.tags.length > 0) schema.tags = op.tags;
  const typeBase = pascalCase(op.id) || "Operation";
  return {
    id: op.id,
    groupKey: groupKey(op.group),
    handlerKey: methodName(op.name),
    method: op.verb.toUpperCase(),
    url: fastifyUrl(op.path),
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
  };
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
