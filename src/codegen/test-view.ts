/**
 * Requests for the generated tests of operations that are not CRUD: one valid call (which must
 * reach the handler and answer 501 until it is written) and, when the body has a rule to break,
 * one invalid call that must be rejected with 400 naming the field.
 */
import type { ApiModel, Operation, Parameter } from "../spec/model.ts";
import { bodyVariant, delimiterOf, pathStyleLead, receivesBody } from "./routes.ts";
import { invalidSample, sampleValue } from "./samples.ts";

export interface SampleRequest {
  method: string;
  /** Path with parameters filled and encoded, plus the query string. */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

function paramValue(api: ApiModel, p: Parameter): string {
  const value = sampleValue(api, p.type, "Read", p.constraints, p.name);
  return Array.isArray(value) ? value.join(delimiterOf(p) ?? ",") : String(value);
}

export function sampleRequest(api: ApiModel, op: Operation): SampleRequest {
  let url = op.path;
  for (const p of op.parameters.filter((p) => p.in === "path")) {
    url = url.replace(`{${p.wireName}}`, pathStyleLead(p.pathStyle?.style, p.wireName) + encodeURIComponent(paramValue(api, p)));
  }
  const query = op.parameters
    .filter((p) => p.in === "query" && !p.optional)
    .flatMap((p) => {
      const value = sampleValue(api, p.type, "Read", p.constraints, p.name);
      // "multi" repeats the key once per item; every other format sends one delimited value.
      const values = Array.isArray(value) && p.collectionFormat === "multi" ? value.map(String) : [paramValue(api, p)];
      return values.map((v) => `${encodeURIComponent(p.wireName)}=${encodeURIComponent(v)}`);
    });
  // A route may carry constant query text of its own (`/list?fixed=true`).
  if (query.length > 0) url += `${url.includes("?") ? "&" : "?"}${query.join("&")}`;
  const headers: Record<string, string> = {};
  for (const p of op.parameters.filter((p) => p.in === "header" && !p.optional)) headers[p.wireName.toLowerCase()] = paramValue(api, p);
  const cookies = op.parameters.filter((p) => p.in === "cookie" && !p.optional);
  if (cookies.length > 0) headers.cookie = cookies.map((p) => `${p.wireName}=${encodeURIComponent(paramValue(api, p))}`).join("; ");
  const request: SampleRequest = { method: op.verb.toUpperCase(), url, headers };
  if (op.body && receivesBody(op) && op.body.format === "json") {
    request.body = sampleValue(api, op.body.type, bodyVariant(op));
    headers["content-type"] ??= op.body.contentTypes.find((c) => c.includes("json")) ?? "application/json";
  } else if (op.body && receivesBody(op) && (op.body.format === "text" || op.body.format === "binary" || op.body.format === "form")) {
    // Sent as the raw text it is (the generated test's call() does not JSON-encode a non-JSON body).
    const type = op.body.contentTypes.find((c) => !c.includes("*")) ?? "application/octet-stream";
    request.body = op.body.format === "form" ? "sample=1" : "sample";
    headers["content-type"] ??= type;
  }
  // A multipart body with a boundary and no parts: the media type reaches the operation (a shared
  // route tells its operations apart by it), and the parts are the handler's to check.
  if (op.body?.format === "multipart") {
    headers["content-type"] = "multipart/form-data; boundary=sample";
    if (receivesBody(op)) request.body = "--sample--\r\n";
  }
  return request;
}

export function invalidRequest(api: ApiModel, op: Operation): (SampleRequest & { field: string; why: string }) | undefined {
  if (op.body?.type.kind !== "model" || !receivesBody(op)) return undefined;
  const broken = invalidSample(api, op.body.type.name, bodyVariant(op), op.body.allOptional === true);
  if (!broken) return undefined;
  return { ...sampleRequest(api, op), body: broken.body, field: broken.field, why: broken.why };
}
