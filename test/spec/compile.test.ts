import { afterAll, describe, expect, it } from "@jest/globals";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { compileSpec } from "../../src/spec/compile.ts";
import { failure, removeSpecs, service, writeSpec } from "./tmp-spec.ts";

afterAll(removeSpecs);

describe("compileSpec", () => {
  it("resolves @typespec/http from the tool's own install when the spec folder has no node_modules", async () => {
    const dir = writeSpec(service(`@route("/ping") op ping(): void;`));
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    const { program, entry } = await compileSpec(dir);
    expect(entry).toBe(join(dir, "main.tsp"));
    expect(program.hasError()).toBe(false);
    const libraries = [...program.sourceFiles.keys()].filter((f) => f.includes("@typespec/http/"));
    expect(libraries.length).toBeGreaterThan(0);
  });

  it("accepts a .tsp file, and a folder whose tspconfig.yaml it leaves alone", async () => {
    const dir = writeSpec({
      "main.tsp": service(`@route("/ping") op ping(): void;`),
      "tspconfig.yaml": 'emit:\n  - "@typespec/openapi3"\noptions:\n  nonsense: true\n',
    });
    await expect(compileSpec(join(dir, "main.tsp"))).resolves.toMatchObject({ entry: join(dir, "main.tsp") });
    await expect(compileSpec(dir)).resolves.toMatchObject({ entry: join(dir, "main.tsp") });
  });

  it("reports a missing path as spec-not-found naming it", async () => {
    const error = await failure(compileSpec("does/not/exist.tsp", { cwd: "/tmp" }));
    expect(error.code).toBe("spec-not-found");
    expect(error.message).toContain("does/not/exist.tsp");
  });

  it("reports a folder without main.tsp as spec-not-found", async () => {
    const dir = writeSpec({ "other.tsp": "model A {}" });
    const error = await failure(compileSpec(dir));
    expect(error.code).toBe("spec-not-found");
    expect(error.message).toContain("main.tsp");
  });

  it("turns syntax errors into spec-invalid with file:line:col lines relative to cwd", async () => {
    const dir = writeSpec(service(`model Broken {\n  name: ;\n}\n@route("/x") op x(): Broken;`));
    const error = await failure(compileSpec(dir, { cwd: dir }));
    expect(error.code).toBe("spec-invalid");
    expect(error.message).toMatch(/^main\.tsp has \d+ errors?$/);
    expect(error.details.length).toBeGreaterThan(0);
    for (const line of error.details) expect(line).toMatch(/^main\.tsp:\d+:\d+ - error [\w-]+: /);
    expect(error.details[0]).toMatch(/^main\.tsp:6:9 - error /);
  });

  it("reports unknown references with their location", async () => {
    const dir = writeSpec(service(`@route("/x") op x(): Missing;`));
    const error = await failure(compileSpec(join(dir, "main.tsp"), { cwd: dir }));
    expect(error.code).toBe("spec-invalid");
    expect(error.details).toEqual([expect.stringMatching(/^main\.tsp:5:22 - error invalid-ref: .*Missing/)]);
  });
});
