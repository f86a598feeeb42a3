/** Which body format a media type travels as (see BodyFormat in model.ts). */
import type { BodyFormat } from "./model.ts";

/** The media type of a Content-Type value: parameters (`; charset=...`) dropped, lower-cased. */
export function mediaOf(contentType: string): string {
  return contentType.split(";")[0].trim().toLowerCase();
}

/** JSON and its structured-suffix relatives (application/merge-patch+json, application/problem+json). */
export function isJsonContentType(contentType: string): boolean {
  const media = mediaOf(contentType);
  return media === "application/json" || media.endsWith("+json");
}

/** Media types whose bodies are text: handed over as a string. */
const TEXT = /^(text\/.*|application\/(xml|[\w.+-]+\+xml|jsonl|x-ndjson|ndjson|json-seq|yaml|x-yaml|javascript|graphql|sql))$/;

export function bodyFormatOf(contentType: string): BodyFormat {
  const media = mediaOf(contentType);
  if (isJsonContentType(media)) return "json";
  if (media.startsWith("multipart/")) return "multipart";
  if (media === "application/x-www-form-urlencoded") return "form";
  if (TEXT.test(media)) return "text";
  return "binary";
}
