/**
 * A sample request as the curl command line a README shows: method, the caller's credential
 * arguments, headers, a JSON (or raw) body in single quotes, and the URL.
 */
import type { SampleRequest } from "./test-view.ts";

export function curlCommand(sample: SampleRequest, base: string, credentials = "", query = ""): string {
  const url = sample.url + (query ? `${sample.url.includes("?") ? "&" : "?"}${query}` : "");
  const parts = ["curl", sample.method === "GET" ? "" : `-X ${sample.method}`, credentials];
  for (const [name, value] of Object.entries(sample.headers)) parts.push(`-H '${name}: ${value}'`);
  if (sample.body !== undefined) {
    // A text or form body is sent as it is; a JSON one, a string included, as JSON.
    const raw = typeof sample.body === "string" && !/json/i.test(sample.headers["content-type"] ?? "json");
    const body = raw ? (sample.body as string) : JSON.stringify(sample.body);
    parts.push(`-d '${body.replace(/'/g, "'\\''")}'`);
  }
  parts.push(`"${base}${url}"`);
  return parts.filter(Boolean).join(" ");
}
