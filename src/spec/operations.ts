/** One HttpOperation → one ApiModel Operation: parameters, JSON body, responses by status. */
import { getAllTags, getDoc, getEncode, isArrayModelType, isErrorModel } from "@typespec/compiler";
import type { DiagnosticTarget, ModelProperty, Program, Type } from "@typespec/compiler";
import { getPatchOptions } from "@typespec/http";
import type { HttpOperation, HttpOperationResponse, HttpPayloadBody } from "@typespec/http";
import { getResourceOperation } from "@typespec/rest";
import { constraintsOf } from "./constraints.ts";
import { locate } from "./location.ts";
import { bodyFormatOf } from "./media-types.ts";
import type {
  AuthRequirement,
  BodyFormat,
  MultipartPart,
  Operation,
  Parameter,
  RequestBody,
  Response,
  ResponseHeader,
  StatusCode,
  TypeRef,
} from "./model.ts";
import { pascal } from "./names.ts";
import type { TypeCollector } from "./types.ts";
import type { Unsupported } from "./unsupported.ts";

export interface OperationContext {
  program: Program;
  types: TypeCollector;
  unsupported: Unsupported;
  cwd: string;
}

export { isJsonContentType } from "./media-types.ts";

export function convertOperation(
  ctx: OperationContext,
  op: HttpOperation,
  id: string,
  group: string,
  auth: AuthRequirement | undefined,
): Operation {
  const { program } = ctx;
  const prefix = pascal(id);
  if (op.overloading) {
    ctx.unsupported.add(`overloaded operation "${op.operation.name}" (@overload of "${op.overloading.operation.name}")`, op.operation);
  }
  const out: Operation = {
    id,
    name: op.operation.name,
    group,
    verb: op.verb,
    path: op.path,
    parameters: op.parameters.parameters.map((p) => convertParameter(ctx, p, prefix, op)),
    responses: op.responses.map((r) => convertResponse(ctx, r, prefix, op)),
    tags: getAllTags(program, op.operation) ?? [],
  };
  const body = op.parameters.body && convertBody(ctx, op.parameters.body, `${prefix}Body`, op);
  if (body) out.body = body;
  if (auth) out.auth = auth;
  const doc = getDoc(program, op.operation);
  if (doc !== undefined) out.doc = doc;
  const location = locate(op.operation, ctx.cwd);
  if (location) out.location = location;
  const resourceOp = getResourceOperation(program, op.operation);
  if (resourceOp && RESOURCE_OPERATIONS.has(resourceOp.operation)) {
    out.resourceOperation = {
      kind: resourceOp.operation as NonNullable<Operation["resourceOperation"]>["kind"],
      resource: ctx.types.model(resourceOp.resourceType, pascal(resourceOp.resourceType.name)),
    };
  }
  return out;
}

const RESOURCE_OPERATIONS = new Set(["read", "create", "createOrReplace", "createOrUpdate", "update", "delete", "list"]);

function convertParameter(
  ctx: OperationContext,
  p: HttpOperation["parameters"]["parameters"][number],
  prefix: string,
  op: HttpOperation,
): Parameter {
  let pathStyle: Parameter["pathStyle"];
  if (p.type === "path" && (p.style !== "simple" || p.explode || p.allowReserved)) {
    pathStyle = { style: p.style === "fragment" ? "simple" : p.style, explode: p.explode, reserved: p.allowReserved };
    // Only the last parameter of a path can take any number of characters (a router wildcard);
    // elsewhere a value ends at the next `/`.
    const last = op.path.split("?")[0].endsWith(`{${p.name}}`);
    const spans = p.allowReserved || (p.explode && p.style === "path");
    if (!last && spans) {
      const how = p.allowReserved ? "reserved expansion ({+name})" : "exploded path style ({/name*})";
      ctx.unsupported.warn(
        `path parameter "${p.param.name}" with ${how} before the end of the path: routed as one segment, so a value holding "/" does not match`,
        p.param,
      );
    }
  }
  const out: Parameter = {
    name: p.param.name,
    wireName: p.name,
    in: p.type,
    type: ctx.types.propertyType(p.param, `${prefix}${pascal(p.param.name)}`, { keepArrays: true }),
    optional: p.param.optional,
    constraints: constraintsOf(ctx.program, p.param),
  };
  ctx.types.patterns.check(ctx.program, p.param, out.constraints.pattern);
  ctx.unsupported.wireName(out.wireName, `${p.type} parameter`, p.param);
  if (p.type === "header" && isDateTime(out.type) && getEncode(ctx.program, p.param) === undefined) {
    // A date in a header is an HTTP date (RFC 7231, `Fri, 26 Aug 2022 14:38:00 GMT`) unless @encode says otherwise.
    out.type = { kind: "scalar", name: "string" };
    const { format: _dateFormat, ...rest } = out.constraints;
    out.constraints = { ...rest, pattern: HTTP_DATE };
  }
  const format = collectionFormat(ctx, p);
  if (format) out.collectionFormat = format;
  if (pathStyle) out.pathStyle = pathStyle;
  if (p.type === "query" && out.type.kind === "record") out.explode = p.explode;
  const value = ctx.types.defaultOf(p.param);
  if (value !== undefined) out.default = value;
  return out;
}

const HTTP_DATE =
  "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$";

function isDateTime(type: TypeRef): boolean {
  return type.kind === "scalar" && (type.name === "utcDateTime" || type.name === "offsetDateTime");
}

const ARRAY_ENCODINGS: Record<string, Parameter["collectionFormat"]> = {
  "ArrayEncoding.commaDelimited": "csv",
  "ArrayEncoding.spaceDelimited": "ssv",
  "ArrayEncoding.pipeDelimited": "pipes",
  "ArrayEncoding.newlineDelimited": "newline",
};

/** How an array query or header parameter is spread over the wire; undefined for everything else. */
function collectionFormat(ctx: OperationContext, p: HttpOperation["parameters"]["parameters"][number]): Parameter["collectionFormat"] {
  const type = p.param.type;
  if (type.kind !== "Model" || !isArrayModelType(type) || (p.type !== "query" && p.type !== "header")) return undefined;
  if (p.type === "query" && p.explode) return "multi";
  const encoding = getEncode(ctx.program, p.param)?.encoding;
  return (encoding !== undefined ? ARRAY_ENCODINGS[encoding] : undefined) ?? "csv";
}

interface Payload {
  type: TypeRef;
  format: BodyFormat;
  parts?: MultipartPart[];
}

const RAW_TYPES: Record<Exclude<BodyFormat, "json">, [TypeRef, string]> = {
  text: [{ kind: "scalar", name: "string" }, "a string"],
  binary: [{ kind: "scalar", name: "bytes" }, "a Buffer"],
  form: [{ kind: "record", values: { kind: "scalar", name: "string" } }, "its fields"],
  multipart: [{ kind: "unknown" }, "its parts (files as Buffers)"],
};

/**
 * A payload's shape and format. JSON payloads get their typed, validated shape; any other body
 * (text, XML, a file, a form, multipart) is handed over raw, with a warning naming its location:
 * the route exists, and its handler answers 501 until written.
 */
function payloadOf(ctx: OperationContext, body: HttpPayloadBody, hint: string, what: string, site: DiagnosticTarget): Payload {
  const contentTypes = body.contentTypes.length > 0 ? body.contentTypes : ["application/json"];
  let format: BodyFormat;
  let parts: MultipartPart[] | undefined;
  if (body.bodyKind === "multipart") {
    format = "multipart";
    parts = body.parts.map((part, i) => ({
      name: part.name ?? `part${i + 1}`,
      file: part.body.bodyKind === "file" || part.filename !== undefined || isBytes(part.body.type),
      multi: part.multi,
      optional: part.optional,
    }));
  } else if (body.bodyKind === "file") {
    format = body.isText ? "text" : "binary";
  } else {
    const formats = [...new Set(contentTypes.map(bodyFormatOf))];
    if (formats.length === 1 && formats[0] === "json") {
      // `@body @encode(base64url) value: bytes`: the @encode sits on the body property.
      const type =
        body.property && body.type.kind === "Scalar" ? ctx.types.propertyType(body.property, hint) : ctx.types.ref(body.type, hint, site);
      return { type, format: "json" };
    }
    // A body offered in several formats (JSON or XML) is taken raw, like the first non-JSON one.
    format = formats.find((f) => f !== "json")!;
  }
  const [type, as] = RAW_TYPES[format as Exclude<BodyFormat, "json">];
  const file = body.bodyKind === "file" ? "file " : "";
  const how = what.startsWith("response")
    ? `sent as the ${format === "binary" ? "Buffer" : "string"} the handler returns, without a response schema`
    : `taken as ${as}, without validation`;
  ctx.unsupported.warn(`${file}${what} with content type ${contentTypes.join(", ")}: ${how}; its handler answers 501 until written`, site);
  return parts ? { type, format, parts } : { type, format };
}

function isBytes(type: Type): boolean {
  return type.kind === "Scalar" && type.name === "bytes";
}

function convertBody(ctx: OperationContext, body: HttpPayloadBody, hint: string, op: HttpOperation): RequestBody | undefined {
  if (isVoid(body.type)) return undefined;
  const payload = payloadOf(ctx, body, hint, "request body", body.property ?? op.operation);
  const out: RequestBody = {
    type: payload.type,
    contentTypes: body.contentTypes.length > 0 ? [...body.contentTypes] : ["application/json"],
    optional: body.property?.optional ?? false,
    format: payload.format,
  };
  if (payload.parts) out.parts = payload.parts;
  if (op.verb === "patch" && getPatchOptions(ctx.program, op.operation)?.implicitOptionality === true) out.allOptional = true;
  return out;
}

function convertResponse(ctx: OperationContext, r: HttpOperationResponse, prefix: string, op: HttpOperation): Response {
  const status = statusOf(r.statusCodes);
  const label = typeof status === "number" ? String(status) : status === "default" ? "Default" : `${Math.floor(status.min / 100)}XX`;
  const bodies: TypeRef[] = [];
  const contentTypes = new Set<string>();
  const headers = new Map<string, { prop: ModelProperty; count: number }>();
  let isError = isErrorModel(ctx.program, r.type);
  let rawBody = false;

  for (const content of r.responses) {
    if (content.body && !isVoid(content.body.type)) {
      const site = content.body.property ?? op.operation;
      const payload = payloadOf(ctx, content.body, `${prefix}Response${label}`, `response body (${label})`, site);
      if (payload.format !== "json") rawBody = true;
      const type = payload.type;
      if (payload.format === "json" && !bodies.some((b) => JSON.stringify(b) === JSON.stringify(type))) bodies.push(type);
      for (const c of content.body.contentTypes) contentTypes.add(c);
      if (content.body.type.kind === "Model" && isErrorModel(ctx.program, content.body.type)) isError = true;
    }
    for (const [name, prop] of Object.entries(content.headers ?? {})) {
      const seen = headers.get(name);
      headers.set(name, { prop: seen?.prop ?? prop, count: (seen?.count ?? 0) + 1 });
    }
  }

  const out: Response = {
    status,
    contentTypes: [...contentTypes],
    headers: [...headers].map(([name, { prop, count }]): ResponseHeader => ({
      name,
      type: ctx.types.propertyType(prop, `${prefix}Response${label}${pascal(name)}`),
      // A header only some alternatives send is optional overall.
      optional: prop.optional || count < r.responses.length,
    })),
    isError,
  };
  if (rawBody) out.rawBody = true;
  if (bodies.length === 1) out.body = bodies[0];
  if (bodies.length > 1) out.body = { kind: "union", variants: bodies };
  if (r.description !== undefined) out.description = r.description;
  return out;
}

function statusOf(codes: HttpOperationResponse["statusCodes"]): StatusCode {
  if (codes === "*") return "default";
  if (typeof codes === "number") return codes;
  return { min: codes.start, max: codes.end };
}

function isVoid(type: Type): boolean {
  return type.kind === "Intrinsic" && (type.name === "void" || type.name === "never");
}
