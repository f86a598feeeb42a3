/**
 * docs/openapi.yaml as the generated server's contract. TypeSpec's emitter describes the spec; the
 * server answers more than the spec declares and holds input to bounds the emitter leaves implicit.
 * This adds what the server does, so a client or fuzzer built from the document meets the server:
 * - the security the `auth` answer enforces on a spec without @useAuth (schemes and requirement);
 * - every status a route can answer that the spec does not list (400 for input that fails
 *   validation, 401/403 where credentials are checked, 404 on a keyed read or write, 413 and 415 on a
 *   body, 501 for an operation whose handler is still the generated stub or a list sent a query
 *   parameter it does not honour), each with the error body
 *   the server sends, chosen as the runtime chooses it (see shapeFor in runtime.ts);
 * - integer bounds: the server refuses what its column cannot hold (see integerRange);
 * - tuples as the fixed-length arrays the server accepts (the emitter gives `prefixItems` alone,
 *   which lets any length through);
 * - request bodies without read-only properties, which the server ignores in a request and clients
 *   must not be made to send, and with properties that have a default optional (the server fills them);
 * - text the server refuses because no database keeps it as sent (NUL, lone UTF-16 surrogates): a
 *   pattern on every free-form string and record key (see unstorableText in the generated text.ts).
 */
import type { ApiModel, Operation } from "../spec/model.ts";
import type { OpenApiDocument } from "../spec/openapi.ts";
import { authView, type SchemeView } from "./auth-view.ts";
import { DECIMAL_LIMIT, integerRange } from "./json-schema.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const own = (object: Json, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/** The error body when the spec has no error model: what problemBody answers without a shape. */
const DEFAULT_ERROR: Json = {
  type: "object",
  required: ["statusCode", "error", "message"],
  properties: { statusCode: { type: "integer" }, error: { type: "string" }, message: { type: "string" } },
};

export function serverContract(source: OpenApiDocument, api: ApiModel, authChoice: unknown): OpenApiDocument {
  const document = structuredClone(source) as Json;
  const auth = authView(api, authChoice);
  if (auth.source === "answer") addChosenSecurity(document, auth.schemes);
  const guarded = new Map(
    auth.protectedRoutes.map((r) => [`${r.method} ${r.path}`, r.options.some((o) => o.schemes.some((s) => s.scopes.length > 0))]),
  );
  const fallbackError = serviceErrorSchema(document, api);
  const paths = isObject(document.paths) ? document.paths : {};
  for (const op of api.services.flatMap((s) => s.operations)) {
    const pathItem = own(paths, op.path);
    const target = isObject(pathItem) ? own(pathItem, op.verb) : undefined;
    if (!isObject(target)) continue;
    const scoped = guarded.get(`${op.verb.toUpperCase()} ${op.path}`);
    addServerAnswers(target, statusesOf(op, scoped), fallbackError);
    if (op.crud?.kind === "list") boundPaging(target, [op.crud.limitParam, op.crud.offsetParam]);
  }
  requestCopies(document);
  eachSchema(document, (schema) => {
    boundNumbers(schema);
    storableText(schema);
    fixTupleLength(schema);
  });
  if (isObject(document.info)) {
    const said = typeof document.info.description === "string" ? `${document.info.description}\n\n` : "";
    document.info.description = `${said}${TEXT_RULE}`;
  }
  return document;
}

/** What the server can answer for `op` beyond its success, worded for the document. */
function statusesOf(op: Operation, scoped: boolean | undefined): [number, string][] {
  const out: [number, string][] = [];
  const validates = op.parameters.length > 0 || (op.body !== undefined && op.body.format === "json");
  if (validates) out.push([400, "The request does not match the API: the message names each failing field."]);
  if (scoped !== undefined) out.push([401, "Credentials are missing or not valid."]);
  if (scoped) out.push([403, "The credentials lack a scope the operation requires."]);
  const keyed = op.crud !== undefined && op.crud.kind !== "list" && op.crud.kind !== "create";
  if (keyed) out.push([404, "No item has this key."]);
  if (op.body !== undefined) {
    out.push([413, "The body is larger than the server accepts."]);
    out.push([415, "The body's Content-Type is not one the operation accepts."]);
  }
  if (op.crud === undefined) out.push([501, "Not implemented yet: the generated handler stub answers this until its handler is written."]);
  const unhandled = op.crud?.unhandledQuery ?? [];
  if (unhandled.length > 0) {
    const names = unhandled.map((name) => `\`${name}\``).join(", ");
    out.push([501, `Not implemented yet: the generated list does not honour the query parameter ${names} until its handler is written.`]);
  }
  return out;
}

function addServerAnswers(operation: Json, statuses: [number, string][], fallbackError: Json): void {
  const responses = isObject(operation.responses) ? operation.responses : (operation.responses = {});
  const errorSchema = routeErrorSchema(responses) ?? fallbackError;
  for (const [status, description] of statuses) {
    if (own(responses, String(status)) !== undefined || own(responses, `${Math.floor(status / 100)}XX`) !== undefined) continue;
    if (own(responses, "default") !== undefined) continue;
    responses[String(status)] = { description, content: { "application/json": { schema: structuredClone(errorSchema) } } };
  }
}

function jsonSchemaOf(response: unknown): Json | undefined {
  if (!isObject(response) || !isObject(response.content)) return undefined;
  const json = Object.entries(response.content).find(([media]) => media === "application/json" || media.endsWith("+json"));
  return json && isObject(json[1]) && isObject(json[1].schema) ? json[1].schema : undefined;
}

/** The runtime answers an undeclared error in the route's first declared 4xx shape. */
function routeErrorSchema(responses: Json): Json | undefined {
  for (const [status, response] of Object.entries(responses)) {
    if (!status.startsWith("4")) continue;
    const schema = jsonSchemaOf(response);
    if (schema) return schema;
  }
  return undefined;
}

/**
 * The spec's own error model, for routes that declare no 4xx: the error body the operations declare
 * most, else the spec's one @error model, else the runtime's default shape (as serviceErrorShape
 * in generators/server.ts picks the runtime's).
 */
function serviceErrorSchema(document: Json, api: ApiModel): Json {
  const counts = new Map<string, [number, Json]>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const pathItem of Object.values(paths)) {
    if (!isObject(pathItem)) continue;
    for (const operation of Object.values(pathItem)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = Number(status) >= 400 || status === "default" ? jsonSchemaOf(response) : undefined;
        if (!schema) continue;
        const key = JSON.stringify(schema);
        counts.set(key, [(counts.get(key)?.[0] ?? 0) + 1, schema]);
      }
    }
  }
  const most = [...counts.values()].sort((a, b) => b[0] - a[0])[0];
  if (most) return most[1];
  const errors = Object.values(api.models).filter((m) => m.isError);
  const schemas = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  if (errors.length === 1 && own(schemas, errors[0].name) !== undefined) return { $ref: `#/components/schemas/${errors[0].name}` };
  return DEFAULT_ERROR;
}

/** The scheme the `auth` answer protects every operation with (the spec itself declares none). */
function addChosenSecurity(document: Json, schemes: SchemeView[]): void {
  const components = isObject(document.components) ? document.components : (document.components = {});
  const securitySchemes = isObject(components.securitySchemes) ? components.securitySchemes : (components.securitySchemes = {});
  for (const scheme of schemes) {
    securitySchemes[scheme.id] =
      scheme.kind === "apiKey"
        ? { type: "apiKey", in: scheme.in ?? "header", name: scheme.keyName }
        : {
            type: "http",
            scheme: "bearer",
            bearerFormat: "JWT",
            ...(scheme.flavour === "oauth2" ? { description: "An OAuth2 access token: a JWT from the configured issuer." } : {}),
          };
  }
  document.security = schemes.map((scheme) => ({ [scheme.id]: [] }));
}

/** A list's limit and offset start at 0: the repository refuses a negative one with a 400. */
function boundPaging(operation: Json, names: (string | undefined)[]): void {
  const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
  for (const parameter of parameters) {
    if (!isObject(parameter) || parameter.in !== "query" || !names.includes(parameter.name as string) || !isObject(parameter.schema))
      continue;
    const schema = parameter.schema;
    if (typeof schema.minimum !== "number" || schema.minimum < 0) schema.minimum = 0;
  }
}

/** A tuple (`prefixItems`) has exactly its items: none missing, none after, as the server validates it. */
function fixTupleLength(schema: Json): void {
  if (Array.isArray(schema.prefixItems) && schema.items === undefined) {
    schema.items = false;
    schema.minItems ??= schema.prefixItems.length;
    schema.maxItems ??= schema.prefixItems.length;
  }
}

/** Every integer carries the range the server holds it to, by its format (int32, uint8, ...); every decimal the column's. */
function boundNumbers(node: Json): void {
  const type = node.type;
  const decimal = node.format === "decimal" || node.format === "decimal128";
  if (decimal && (type === "number" || (Array.isArray(type) && type.includes("number")))) {
    if (node.minimum === undefined && node.exclusiveMinimum === undefined) node.exclusiveMinimum = -DECIMAL_LIMIT;
    if (node.maximum === undefined && node.exclusiveMaximum === undefined) node.exclusiveMaximum = DECIMAL_LIMIT;
  }
  if (type === "integer" || (Array.isArray(type) && type.includes("integer"))) {
    const [minimum, maximum] = integerRange(typeof node.format === "string" ? node.format : undefined);
    if (node.minimum === undefined && node.exclusiveMinimum === undefined) node.minimum = minimum;
    if (node.maximum === undefined && node.exclusiveMaximum === undefined) node.maximum = maximum;
  }
}

/**
 * Any text but NUL. The server also refuses lone UTF-16 surrogates, but no pattern can say so to
 * every reader (Rust's regex, which schemathesis validates with, has no surrogates): info.description
 * says it instead, and I-JSON (RFC 7493) already forbids them.
 */
export const STORABLE_TEXT = "^[^\\u0000]*$";
const TEXT_RULE =
  "Text: a string or record key that contains NUL (U+0000) or a lone UTF-16 surrogate is refused with 400, on every database alike.";

/**
 * Formats a validator checks, whose values hold no NUL anyway (a generator draws them from the
 * format: a pattern beside it would only filter). Any other (`password`, `UUID`) is free-form text.
 */
const CHECKED_FORMATS = new Set(
  "date-time date time duration email idn-email hostname idn-hostname ipv4 ipv6 uri uri-reference iri iri-reference uuid uri-template json-pointer relative-json-pointer regex byte binary".split(
    " ",
  ),
);

/**
 * Calls `visit` on every object in the document that may be a schema, parents first, skipping data
 * the spec wrote (examples, defaults, enums), so a value that looks like a schema is left alone.
 */
function eachSchema(node: unknown, visit: (schema: Json) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) eachSchema(item, visit);
    return;
  }
  if (!isObject(node)) return;
  visit(node);
  for (const [key, value] of Object.entries(node)) {
    if (NAME_MAPS.has(key) && isObject(value)) for (const schema of Object.values(value)) eachSchema(schema, visit);
    else if (!NOT_SCHEMAS.has(key)) eachSchema(value, visit);
  }
}

/** Keys whose values are data, not schemas: left as the spec wrote them. */
const NOT_SCHEMAS = new Set(["example", "examples", "default", "enum", "const"]);
/**
 * Keys whose values map names (a property, a status, a media type) to schemas or objects holding them:
 * the map itself is not a schema, and a name may be `type` or `default`.
 */
const NAME_MAPS = new Set(
  "properties patternProperties $defs definitions dependentSchemas schemas paths responses content headers parameters requestBodies callbacks encoding".split(
    " ",
  ),
);

/**
 * Every free-form string (no checked format, enum or const) and every record's key names carry the text
 * rule; a string with its own pattern gets the rule beside it in allOf.
 */
function storableText(node: Json): void {
  const type = node.type;
  const isString = type === "string" || (Array.isArray(type) && type.includes("string"));
  const freeForm = node.format === undefined || (typeof node.format === "string" && !CHECKED_FORMATS.has(node.format));
  if (isString && freeForm && node.enum === undefined && node.const === undefined) {
    if (node.pattern === undefined) node.pattern = STORABLE_TEXT;
    else if (node.pattern !== STORABLE_TEXT) node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), { pattern: STORABLE_TEXT }];
  }
  const rest = node.additionalProperties;
  if ((rest === true || isObject(rest)) && node.propertyNames === undefined) node.propertyNames = { pattern: STORABLE_TEXT };
}

/**
 * A request body whose schema (or a schema it refers to) has read-only properties, or required ones
 * with a default, refers instead to a request copy without them (or with them optional), named
 * `<Name>Request`: the server ignores the first in a request and fills the second, and a client
 * typed from the document must not be made to send a key the server assigns.
 */
function requestCopies(document: Json): void {
  const schemas = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : undefined;
  if (!schemas) return;
  const copies = new Map<string, string | undefined>();
  const refName = (ref: unknown) => (typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.slice(21) : undefined);

  /** The request copy's name for component `name`, or undefined when it has nothing read-only. */
  const requestCopy = (name: string): string | undefined => {
    if (copies.has(name)) return copies.get(name);
    const original = own(schemas, name);
    if (!isObject(original)) return undefined;
    let copyName = `${name}Request`;
    for (let i = 2; own(schemas, copyName) !== undefined; i++) copyName = `${name}Request${i}`;
    copies.set(name, copyName); // before the walk: a schema that refers to itself ends here
    const copy = structuredClone(original);
    if (!forRequest(copy)) {
      copies.set(name, undefined);
      return undefined;
    }
    schemas[copyName] = copy;
    return copyName;
  };

  /** Drops read-only properties and points refs at request copies; true when anything changed. */
  const forRequest = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.map(forRequest).some(Boolean);
    if (!isObject(node)) return false;
    let changed = false;
    const target = refName(node.$ref);
    if (target !== undefined) {
      const copy = requestCopy(target);
      if (copy !== undefined) {
        node.$ref = `#/components/schemas/${copy}`;
        changed = true;
      }
    }
    if (isObject(node.properties)) {
      for (const [key, property] of Object.entries(node.properties)) {
        if (!isObject(property)) continue;
        const readOnly = property.readOnly === true;
        // The server fills a missing property that has a default: a request need not send it.
        const defaulted = property.default !== undefined && Array.isArray(node.required) && node.required.includes(key);
        if (!readOnly && !defaulted) continue;
        if (readOnly) delete node.properties[key];
        if (Array.isArray(node.required)) node.required = node.required.filter((r) => r !== key);
        if (Array.isArray(node.required) && node.required.length === 0) delete node.required;
        changed = true;
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== "$ref" && forRequest(value)) changed = true;
    return changed;
  };

  const paths = isObject(document.paths) ? document.paths : {};
  for (const pathItem of Object.values(paths)) {
    if (!isObject(pathItem)) continue;
    for (const operation of Object.values(pathItem)) {
      const body = isObject(operation) && isObject(operation.requestBody) ? operation.requestBody : undefined;
      if (body && isObject(body.content)) for (const media of Object.values(body.content)) if (isObject(media)) forRequest(media.schema);
    }
  }
}
