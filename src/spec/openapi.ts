/**
 * The spec's OpenAPI 3.1 document, emitted by TypeSpec's own @typespec/openapi3 (examples from
 * @example and @opExample included), as plain JSON for the docs layer. A versioned service gives
 * its latest version, as the rest of the project does. Never stops a generation: a spec the
 * emitter cannot describe gets no document, and the reason is said.
 */
import type { Program } from "@typespec/compiler";

export type OpenApiDocument = Record<string, unknown>;

export interface OpenApiResult {
  document?: OpenApiDocument;
  /** Why there is no document, for the user. */
  problem?: string;
}

export async function emitOpenApi(program: Program): Promise<OpenApiResult> {
  try {
    // Loaded on first use: the emitter pulls in its own OpenAPI tooling, which nothing else needs.
    const { getOpenAPI3 } = await import("@typespec/openapi3");
    const [record] = await getOpenAPI3(program, { "openapi-versions": ["3.1.0"] });
    if (record === undefined) return { problem: "the spec has no service to describe" };
    const document = record.versioned ? record.versions.at(-1)?.document : record.document;
    if (document === undefined) return { problem: "the emitter returned no document" };
    // A plain copy: the emitter's objects may carry prototypes or shared references.
    return { document: JSON.parse(JSON.stringify(document)) as OpenApiDocument };
  } catch (error) {
    return { problem: `@typespec/openapi3 could not describe the spec: ${(error as Error).message}` };
  }
}
