/**
 * ApiModel: a plain, JSON-serialisable description of an API, built once from the TypeSpec program.
 * Everything downstream (plugins, templates) reads this and never the TypeSpec compiler API, so a
 * second target language can reuse everything upstream of the templates.
 */

/** Where a thing was declared in the user's spec, for diagnostics. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** TypeSpec's standard scalars we know how to generate; anything else is reported through a diagnostic. */
export const STD_SCALAR_NAMES = [
  "string",
  "boolean",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "safeint",
  "integer",
  "float",
  "float32",
  "float64",
  "numeric",
  "decimal",
  "decimal128",
  "utcDateTime",
  "offsetDateTime",
  "plainDate",
  "plainTime",
  "duration",
  "bytes",
  "url",
] as const;

export type ScalarName = (typeof STD_SCALAR_NAMES)[number] | "unknown";

export type TypeRef =
  | { kind: "scalar"; name: ScalarName }
  | { kind: "model"; name: string }
  | { kind: "enum"; name: string }
  | { kind: "union"; name?: string; variants: TypeRef[] }
  | { kind: "array"; items: TypeRef }
  /** A fixed-length array (`[string, int32]`): exactly these items, in this order. */
  | { kind: "tuple"; items: TypeRef[] }
  | { kind: "record"; values: TypeRef }
  | { kind: "literal"; value: string | number | boolean }
  | { kind: "null" }
  | { kind: "unknown" };

export interface Constraints {
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  minValueExclusive?: number;
  maxValueExclusive?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

/** TypeSpec's Lifecycle visibility classes. */
export type Lifecycle = "Create" | "Read" | "Update" | "Delete" | "Query";

export interface Property {
  /** Name in TypeSpec (and in JSON unless encodedName says otherwise). */
  name: string;
  /** Name on the wire when @encodedName("application/json", ...) changes it. */
  jsonName: string;
  type: TypeRef;
  optional: boolean;
  default?: unknown;
  key: boolean;
  /** Lifecycle phases in which the property is visible; all five when the spec says nothing. */
  visibility: Lifecycle[];
  constraints: Constraints;
  doc?: string;
  /**
   * In a MergePatchUpdate<T> model: whether `null` may erase the property (it is optional or has a
   * default in T) and, when T gives a default, the value erasing it leaves.
   */
  mergePatch?: { erasable: boolean; erasedValue?: unknown };
}

export interface Model {
  name: string;
  properties: Property[];
  /** Set when the model extends Record<T> or has `...Record<T>`. */
  additionalProperties?: TypeRef;
  /** Name of the base model (`extends`), whose properties are already flattened in. */
  baseModel?: string;
  /**
   * Set on a base model marked @discriminator: the JSON property that tells derived models apart
   * and, for each of its values, the name of the derived model it selects (all of them in `models`).
   */
  discriminator?: { property: string; mapping: Record<string, string> };
  isError: boolean;
  doc?: string;
  location?: SourceLocation;
}

export interface EnumMember {
  name: string;
  value: string | number;
}

export interface Enum {
  name: string;
  members: EnumMember[];
  doc?: string;
}

export interface NamedUnion {
  name: string;
  variants: { name?: string; type: TypeRef }[];
  doc?: string;
}

export type ParameterLocation = "path" | "query" | "header" | "cookie";

export interface Parameter {
  /** Name in the TypeSpec operation signature. */
  name: string;
  /** Name on the wire (header name, query key, path segment). */
  wireName: string;
  in: ParameterLocation;
  type: TypeRef;
  optional: boolean;
  default?: unknown;
  constraints: Constraints;
  /**
   * For array-typed query and header parameters: how the items share the wire. "multi" repeats
   * the key (`?a=1&a=2`); the others join the items into one value (`,` ` ` `|` newline).
   */
  collectionFormat?: "multi" | "csv" | "ssv" | "pipes" | "newline";
  /**
   * For path parameters written other than `{name}` in the route template: `{/name}` (path),
   * `{.name}` (label), `{;name}` (matrix), `{name*}` (explode), `{+name}` (reserved: may hold `/`).
   */
  pathStyle?: { style: "simple" | "path" | "label" | "matrix"; explode: boolean; reserved: boolean };
  /** For query parameters holding a record: true when its entries are query keys of their own (`?a=1&b=2`), false for `?p=a,1,b,2`. */
  explode?: boolean;
}

/**
 * How a body travels. json: parsed and validated against the schema; text: a string (text/*, XML,
 * JSON lines); binary: a Buffer (octet-stream, images, Http.File); form: urlencoded fields;
 * multipart: named parts (files as Buffers). Only json bodies are validated and wired to CRUD.
 */
export type BodyFormat = "json" | "text" | "binary" | "form" | "multipart";

/** One named part of a multipart body. */
export interface MultipartPart {
  name: string;
  /** A file part (Http.File or bytes): arrives as a Buffer; other parts arrive as text. */
  file: boolean;
  /** The part may repeat (`HttpPart<T>[]`). */
  multi: boolean;
  optional: boolean;
}

export interface RequestBody {
  /** The JSON shape for json bodies; string or bytes for the others. */
  type: TypeRef;
  contentTypes: string[];
  optional: boolean;
  format: BodyFormat;
  /** For multipart bodies: the parts the spec names. */
  parts?: MultipartPart[];
  /**
   * `@patch(#{ implicitOptionality: true })`: every property the body shows may be left out,
   * in nested models too (not in array items), as @typespec/http and the document read it.
   */
  allOptional?: boolean;
}

export type StatusCode = number | "default" | { min: number; max: number };

export interface ResponseHeader {
  name: string;
  type: TypeRef;
  optional: boolean;
}

export interface Response {
  status: StatusCode;
  description?: string;
  body?: TypeRef;
  /** The answer may carry a body that is not JSON (text, XML, a file): sent as is, never serialised by a schema. */
  rawBody?: boolean;
  contentTypes: string[];
  headers: ResponseHeader[];
  /** True when the response type is marked @error. */
  isError: boolean;
}

export type CrudKind = "list" | "read" | "create" | "replace" | "patch" | "delete";

/** A parent path parameter of a nested collection and the resource property that stores it. */
export interface CrudScope {
  /** Wire name of the path parameter (`ownerId` in `/owners/{ownerId}/animals`). */
  param: string;
  /** JSON name of the resource property holding the parent's key. */
  property: string;
}

/** A list's equality filter: a query parameter named after a resource property, of a type it can match. */
export interface CrudFilter {
  /** Wire name of the query parameter (the key in the request's query). */
  param: string;
  /** JSON name of the resource property it matches (the repository's filter key). */
  property: string;
}

/** Filled by classifyCrud: which resource this operation manages, and how. */
export interface CrudBinding {
  kind: CrudKind;
  /** Name of the model with a @key property. */
  resource: string;
  /** For list: the query parameters that filter on a resource property, and the paging ones. */
  filters?: CrudFilter[];
  limitParam?: string;
  offsetParam?: string;
  /** For list: optional query parameters (wire names) the generated list cannot honour; sent, they get a 501. */
  unhandledQuery?: string[];
  /** Nested collections: rows are stored with, and only found under, their parent path parameters. */
  scope?: CrudScope[];
  /** For delete: the operation answers with the deleted row (read, then deleted). */
  returnsRow?: boolean;
  /** For list: the response body shape, so the handler can build it. */
  listShape?: { kind: "array" } | { kind: "page"; itemsProperty: string; totalProperty?: string; nextOffsetProperty?: string };
}

export interface AuthScheme {
  id: string;
  type: "http" | "apiKey" | "oauth2" | "openIdConnect" | "noAuth";
  /** For http: "Bearer" or "Basic". */
  scheme?: string;
  /** For apiKey. */
  in?: "header" | "query" | "cookie";
  keyName?: string;
  /** For oauth2: every scope mentioned by the flows. */
  scopes?: string[];
}

/** Any one of `options` satisfies the requirement; each option needs all of its schemes. */
export interface AuthRequirement {
  options: { schemes: { id: string; scopes: string[] }[] }[];
}

export interface Operation {
  /** Unique across the service and safe as an identifier seed: `${group}_${name}` or `name`. */
  id: string;
  name: string;
  /** Interface or namespace that holds the operation ("" for the service namespace itself). */
  group: string;
  verb: "get" | "put" | "post" | "patch" | "delete" | "head";
  /** Path in Fastify/OpenAPI style: `/books/{id}`. */
  path: string;
  parameters: Parameter[];
  body?: RequestBody;
  responses: Response[];
  auth?: AuthRequirement;
  doc?: string;
  tags: string[];
  location?: SourceLocation;
  crud?: CrudBinding;
  /**
   * Set when operations share one verb and path (@sharedRoute) and differ by their request body's
   * media type: the content type that selects this one.
   */
  routeContentType?: string;
  /** What @typespec/rest says the operation does to a resource (@readsResource, ResourceOperations<T>...). */
  resourceOperation?: { kind: "read" | "create" | "createOrReplace" | "createOrUpdate" | "update" | "delete" | "list"; resource: string };
  /** Ids of the publish event operations this operation triggers after a 2xx answer (@emits). */
  emits?: string[];
}

/** A `{name}` segment of a channel address, filled from the message property of the same name. */
export interface ChannelParameter {
  name: string;
  type: TypeRef;
}

/** An operation that sends (publish) or receives (subscribe) messages on a channel (@typespec-stack/events). */
export interface EventOperation {
  /** Unique among event operations and safe as an identifier seed. */
  id: string;
  name: string;
  /** Namespace or interface that holds the operation. */
  group: string;
  action: "publish" | "subscribe";
  /** Dot-separated address with `{parameters}`: "orders.{id}.created". */
  channel: string;
  parameters: ChannelParameter[];
  /** Name of the message model (in `models`). */
  message: string;
  /** JSON name of the message's @messageKey property. */
  messageKey?: string;
  doc?: string;
  location?: SourceLocation;
}

export interface Service {
  namespace: string;
  title: string;
  doc?: string;
  operations: Operation[];
}

export interface ApiModel {
  /** Path of the entry .tsp file, relative to where the tool was run. */
  specPath: string;
  services: Service[];
  models: Record<string, Model>;
  enums: Record<string, Enum>;
  unions: Record<string, NamedUnion>;
  authSchemes: Record<string, AuthScheme>;
  /** Event operations, when the spec uses @typespec-stack/events; absent otherwise. */
  events?: EventOperation[];
  /**
   * Constructs generated only in part (a non-JSON body gets a raw input and a 501 handler), one
   * line each, `file:line:col - what and what was generated`; the CLI prints them.
   */
  warnings?: string[];
}
