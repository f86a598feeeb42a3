/**
 * The docs layer: docs/openapi.yaml from TypeSpec's own OpenAPI emitter in every project, served
 * at /openapi.json with a reference at /docs unless `--docs none`. (The served document equals the
 * file: the generated project's own test/docs.test.ts checks that, run by test/e2e/generate.test.ts.)
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { scaffold } from "../../src/index.ts";
import type { FileTree } from "../../src/write/tree.ts";
import { removeSpecs, writeSpec } from "../spec/tmp-spec.ts";

const target = fs.mkdtempSync(path.join(os.tmpdir(), "cts-docs-"));
afterAll(() => {
  fs.rmSync(target, { recursive: true, force: true });
  removeSpecs();
});

const text = (tree: FileTree, file: string) => String(tree.get(file)?.content ?? "");

async function generate(spec: string, answers: Record<string, unknown> = {}) {
  return scaffold({
    target: path.join(target, "p"),
    answers: { name: "p", spec, install: false, git: false, port: 3000, ...answers },
    dryRun: true,
  });
}

const widgets = writeSpec(`import "@typespec/http";
import "@typespec/versioning";
using Http;
using Versioning;

@service(#{ title: "Widgets" })
@versioned(Versions)
namespace Widgets;
enum Versions { v1, v2 }

@example(#{ id: "w1", name: "Gear", weight: 3 })
model Widget {
  @key id: string;
  @minLength(1) name: string;
  @added(Versions.v2) weight?: int32;
  @removed(Versions.v2) colour?: string;
}

@route("/widgets")
interface WidgetsApi {
  @opExample(#{ returnType: #{ id: "w1", name: "Gear", weight: 3 } }, #{ title: "one widget" })
  @get read(@path id: string): Widget;
}
`);

describe("docs layer", () => {
  it("writes docs/openapi.yaml (OpenAPI 3.1, the latest version, the spec's examples) and serves it with a reference", async () => {
    const { tree } = await generate(widgets);
    const doc = parse(text(tree, "docs/openapi.yaml"));
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("Widgets");
    const widget = doc.components.schemas.Widget;
    expect(Object.keys(widget.properties).sort()).toEqual(["id", "name", "weight"]);
    expect(widget.examples ?? widget.example).toBeDefined();
    expect(JSON.stringify(doc.paths["/widgets/{id}"].get.responses)).toContain("one widget");
    // The server's copy is the same document.
    const embedded = text(tree, "src/generated/openapi.ts");
    expect(JSON.parse(embedded.slice(embedded.indexOf("= {") + 2, embedded.lastIndexOf(";")))).toEqual(doc);
    expect(text(tree, "src/docs/server.ts")).toContain('routePrefix: "/docs"');
    expect(text(tree, "src/server.ts")).toContain("docsExtension");
    expect(JSON.parse(text(tree, "package.json")).dependencies).toHaveProperty("@scalar/fastify-api-reference");
    expect(tree.has("test/docs.test.ts")).toBe(true);
  });

  it("--docs none keeps the file and serves nothing", async () => {
    const { tree } = await generate(widgets, { docs: "none" });
    expect(tree.has("docs/openapi.yaml")).toBe(true);
    for (const file of ["src/docs/server.ts", "src/generated/openapi.ts", "test/docs.test.ts"]) expect(tree.has(file)).toBe(false);
    expect(text(tree, "src/server.ts")).not.toContain("docsExtension");
    expect(JSON.parse(text(tree, "package.json")).dependencies).not.toHaveProperty("@scalar/fastify-api-reference");
  });
});
