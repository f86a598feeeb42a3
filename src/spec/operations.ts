/** One HttpOperation → one ApiModel Operation: parameters, JSON body, responses by status. */
import { getAllTags, getDoc, getEncode, isArrayModelType, isErrorModel } from "@typespec/compiler";
import type { DiagnosticTarget, ModelProperty, Program, Type } from "@typespec/compiler";
import type { HttpOperation, HttpOperationResponse, HttpPayloadBody } from "@typespec/http";
import { getResourceOperation } from "@typespec/rest";
import { constraintsOf } from "./constraints.ts";
import { locate } from "./location.ts";
import type { AuthRequirement, Operation, Parameter, RequestBody, Response, ResponseHeader, StatusCode, TypeRef } from "./model.ts";
import { pascal } from "./names.ts";
import type { TypeCollector } from "./types.ts";
import type { Unsupported } from "./unsupported.ts";

export interface OperationContext {
  program: Program;
  types: TypeCollector;
  unsupported: Unsupported;
  cwd: string;
}

/** JSON and its structured-suffix relatives (application/merge-patch+json, application/problem+json). */
export function isJsonContentType(contentType: string): boolean {
  const media = contentType.split(";")[0].trim().toLowerCase();
  return media === "application/json" || media.endsWith("+json");
}

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
    parameters: op.parameters.parameters.map((p) => convertParameter(ctx, p, prefix)),
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

function convertParameter(ctx: OperationContext, p: HttpOperation["parameters"]["parameters"][number], prefix: string): Parameter {
  if (p.type === "path" && (p.style !== "simple" || p.allowReserved)) {
    const how = p.allowReserved ? "reserved expansion ({+name})" : `${p.style} style`;
    ctx.unsupported.add(`path parameter "${p.param.name}" with ${how}`, p.param);
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
  const format = collectionFormat(ctx, p);
  if (format) out.collectionFormat = format;
  const value = ctx.types.defaultOf(p.param);
  if (value !== undefined) out.default = value;
  return out;
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

/** The JSON shape of a payload, or undefined after recording why we cannot generate it. */
function payloadType(ctx: OperationContext, body: HttpPayloadBody, hint: string, what: string, site: DiagnosticTarget): TypeRef | undefined {
  if (body.bodyKind === "multipart") {
    ctx.unsupported.add(`multipart ${what} (${body.contentTypes.join(", ") || "multipart/form-data"})`, site);
    return undefined;
  }
  if (body.bodyKind === "file") {
    ctx.unsupported.add(`file ${what} (Http.File)`, site);
    return undefined;
  }
  const other = body.contentTypes.filter((c) => !isJsonContentType(c));
  if (other.length > 0) {
    ctx.unsupported.add(`${what} with content type ${other.join(", ")} (only JSON bodies are generated)`, site);
    return undefined;
  }
  return ctx.types.ref(body.type, hint, site);
}

function convertBody(ctx: OperationContext, body: HttpPayloadBody, hint: string, op: HttpOperation): RequestBody | undefined {
  if (isVoid(body.type)) return undefined;
  const type = payloadType(ctx, body, hint, "request body", body.property ?? op.operation);
  if (!type) return undefined;
  return {
    type,
    contentTypes: body.contentTypes.length > 0 ? [...body.contentTypes] : ["application/json"],
    optional: body.property?.optional ?? false,
  };
}

function convertResponse(ctx: OperationContext, r: HttpOperationResponse, prefix: string, op: HttpOperation): Response {
  const status = statusOf(r.statusCodes);
  const label = typeof status === "number" ? String(status) : status === "default" ? "Default" : `${Math.floor(status.min / 100)}XX`;
  const bodies: TypeRef[] = [];
  const contentTypes = new Set<string>();
  const headers = new Map<string, { prop: ModelProperty; count: number }>();
  let isError = isErrorModel(ctx.program, r.type);

  for (const content of r.responses) {
    if (content.body && !isVoid(content.body.type)) {
      const site = content.body.property ?? op.operation;
      const type = payloadType(ctx, content.body, `${prefix}Response${label}`, `response body (${label})`, site);
      if (type && !bodies.some((b) => JSON.stringify(b) === JSON.stringify(type))) bodies.push(type);
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
