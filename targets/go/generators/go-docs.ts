/**
 * The Go target's docs layer, as the TypeScript one (generators/docs.ts): docs/openapi.yaml (the
 * same document: TypeSpec's emitter with the server's own answers added, serverContract) in every
 * project, and with the `docs` answer on, the document served at GET /openapi.json from the
 * binary (embed). The reference page at /docs is not served yet: the TypeScript target serves
 * Scalar from its npm package, which a Go project does not have, and a CDN is what it avoids.
 */
import path from "node:path";
import { definePlugin } from "../../../src/plugins/contract.ts";
import { packageRoot } from "../../../src/tool.ts";
import { DOCS_PATH, OPENAPI_PATH, apiDocument } from "../../../generators/docs.ts";

export default definePlugin({
  name: "go-docs",
  layer: "docs",
  targets: ["go"],
  description: "docs/openapi.yaml, served at /openapi.json",
  templates: path.join(packageRoot, "targets", "go", "templates", "docs"),
  requires: ["go-server"],
  enabled: () => true,
  contribute(ctx) {
    const { document, yaml, serve, collections, notices } = apiDocument(ctx, { extension: "docs", apiDocs: "docs" });
    const paths = Object.keys((document?.paths as Record<string, unknown> | undefined) ?? {});
    const data = { document, yaml, openapiPath: OPENAPI_PATH, paths };
    if (!serve) return { data, collections, notices };
    notices.push(
      `${DOCS_PATH} (the API reference) is not served by the Go target yet: ${OPENAPI_PATH} and docs/openapi.yaml are; the TypeScript target serves Scalar from its npm package, without a CDN`,
    );
    return {
      serverExtensions: [{ from: "internal/docs", name: "Serve" }],
      readme: [
        {
          title: "API docs",
          body: [
            "`docs/openapi.yaml` is the API as OpenAPI 3.1, written from `spec/` by TypeSpec's own emitter.",
            `The server serves it at \`GET ${OPENAPI_PATH}\` (from \`internal/docs/openapi.json\`, the same document, built into the binary),`,
            "open to everyone; answer `none` to `--docs` to keep only the file.",
          ].join("\n"),
        },
      ],
      data,
      collections,
      notices,
    };
  },
});
