/**
 * Docs layer: docs/openapi.yaml in every project (OpenAPI 3.1 from TypeSpec's own emitter, with the
 * server's own answers, security and bounds added: src/codegen/openapi-contract.ts; and the
 * spec's @example/@opExample), served at /openapi.json, and an API reference UI at /docs
 * (@scalar/fastify-api-reference, which ships its page and script: nothing is fetched from a CDN).
 */
import { stringify } from "yaml";
import { templatesDir } from "../src/tool.ts";
import { serverContract } from "../src/codegen/openapi-contract.ts";
import { definePlugin, type StackContext } from "../src/plugins/contract.ts";

export const OPENAPI_PATH = "/openapi.json";
export const DOCS_PATH = "/docs";

/**
 * The document of docs/openapi.yaml (the emitter's, with what the generated server answers and
 * enforces beyond the spec), whether it is served, and the collections of the templates named
 * [openapi], [embedded] and those of `served` (name -> file name), each rendered once per item:
 * an empty list writes no file. The Go target's docs layer (targets/go) writes the same document.
 */
export function apiDocument(ctx: StackContext, served: Record<string, string>) {
  const emitted = ctx.openapi?.document;
  const document = emitted && serverContract(emitted, ctx.api, ctx.answers.auth);
  const serve = document !== undefined && ctx.answers.docs !== "none";
  const yaml = document && stringify(document, { lineWidth: 0 });
  const collections: Record<string, { fileName: string }[]> = {
    openapi: document ? [{ fileName: "openapi" }] : [],
    embedded: serve ? [{ fileName: "openapi" }] : [],
    ...Object.fromEntries(Object.entries(served).map(([name, fileName]) => [name, serve ? [{ fileName }] : []])),
  };
  const notices = ctx.openapi?.problem ? [`docs/openapi.yaml was not written: ${ctx.openapi.problem}`] : [];
  return { document, yaml, serve, collections, notices };
}

export default definePlugin({
  name: "docs",
  layer: "docs",
  description: "docs/openapi.yaml, served at /openapi.json, with an API reference at /docs",
  templates: templatesDir("docs"),
  requires: ["server"],
  questions: [
    {
      name: "docs",
      topic: "extras",
      message: "API reference",
      type: "select",
      choices: [
        { value: "scalar", description: `${OPENAPI_PATH} and an interactive API reference at ${DOCS_PATH} (Scalar)` },
        { value: "none", description: "docs/openapi.yaml only, nothing served" },
      ],
      default: "scalar",
    },
  ],
  // The document is written for every spec the emitter can describe; serving it is the question.
  enabled: () => true,
  contribute(ctx) {
    const { document, yaml, serve, collections, notices } = apiDocument(ctx, { extension: "server", apiDocs: "docs" });
    const data = { document, yaml, openapiPath: OPENAPI_PATH, docsPath: DOCS_PATH };
    if (!serve) return { data, collections, notices };
    return {
      dependencies: ["@scalar/fastify-api-reference"],
      devDependencies: ["yaml"],
      serverExtensions: [{ from: "./docs/server.js", name: "docsExtension" }],
      readme: [
        {
          title: "API docs",
          body: [
            `\`docs/openapi.yaml\` is the API as OpenAPI 3.1, written from \`spec/\` by TypeSpec's own emitter on every update.`,
            `The server serves it at \`GET ${OPENAPI_PATH}\` and an interactive reference at \`${DOCS_PATH}\`, both open to everyone;`,
            "answer `none` to `--docs` to keep only the file.",
          ].join("\n"),
        },
      ],
      data,
      collections,
      notices,
    };
  },
});
