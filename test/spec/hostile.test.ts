/**
 * Hostile specs: nesting deep enough to overflow the JavaScript stack, regexes that do not
 * compile, names too long for a file system or a database. The first two must stop with a
 * StackError that names the spec (and where it can, the file:line:col) with exit 1, never crash
 * (exit 70) or write a project that cannot start; long names that are only internal (file names,
 * SQL identifiers) are cut with a hash instead, since the API itself keeps the spec's names.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sqlIdentifier } from "../../src/codegen/sql-view.ts";
import { loadSpec, scaffold } from "../../src/index.ts";
import { fitName, safeFileName } from "../../src/names.ts";
import { deepestNesting, guardDepth } from "../../src/spec/depth.ts";
import { patternProblem } from "../../src/spec/patterns.ts";
import { failure, removeSpecs, service, writeSpec } from "./tmp-spec.ts";

afterAll(removeSpecs);

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Runs the CLI from source as CI would (no TTY, CI=true) and returns its exit code and output. */
function cli(argv: string[], cwd: string): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(repo, "src", "cli", "bin.ts"), ...argv], {
    cwd,
    env: { ...process.env, CI: "true", NO_COLOR: "1" },
    input: "",
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("nesting deeper than the stack", () => {
  it("deep anonymous models stop with spec-too-deep at the deepest nesting, exit 1", async () => {
    const depth = 3000;
    const dir = writeSpec(
      service(`model Root {\n  v: ${"{ a?: ".repeat(depth)}string${" }".repeat(depth)};\n}\n@route("/r") op get(): Root;`),
    );
    const error = await failure(loadSpec(join(dir, "main.tsp"), dir));
    expect(error.code).toBe("spec-too-deep");
    expect(error.message).toContain("main.tsp nests types too deeply");
    // The first `{ a?:` is at column 6 of line 6 of the spec, each level 6 columns further on.
    expect(error.details).toEqual([`main.tsp:6:${6 + 6 * (depth - 1)} - brackets nested ${depth + 1} levels deep here`]);

    const { code, output } = cli(["app", "--spec", "main.tsp", "--yes", "--dry-run"], dir);
    expect(code).toBe(1);
    expect(output).toContain("error spec-too-deep");
    expect(output).toContain("fix: Flatten the nesting");
  });

  it("a long chain of models that contain one another stops with spec-too-deep naming the spec", async () => {
    const n = 3000;
    const models = Array.from({ length: n }, (_, i) => `model M${i} { name: string; next?: M${i + 1}; }`).join("\n");
    const dir = writeSpec(service(`${models}\nmodel M${n} { name: string; }\n@route("/m") op get(): M0;`));
    const error = await failure(loadSpec(join(dir, "main.tsp"), dir));
    expect(error.code).toBe("spec-too-deep");
    expect(error.details[0]).toMatch(/^main\.tsp - no deep brackets found: look for a long chain of models/);
  });

  it("an overflow in the generator's own recursion is the same diagnostic, naming the stage", async () => {
    const dir = writeSpec(service(""));
    const recurse = (n: number): number => recurse(n + 1) + 1;
    const error = await failure(guardDepth(join(dir, "main.tsp"), dir, "generate the project", () => recurse(0)));
    expect(error.code).toBe("spec-too-deep");
    expect(error.message).toBe("main.tsp nests types too deeply to generate the project (the JavaScript stack overflowed)");
    expect(error.exitCode).toBe(1);
  });

  it("other errors pass through the guard untouched", async () => {
    await expect(guardDepth("main.tsp", ".", "compile", () => Promise.reject(new RangeError("Invalid array length")))).rejects.toThrow(
      "Invalid array length",
    );
  });

  it("counts nesting outside comments and strings only", () => {
    const dir = writeSpec({ "main.tsp": `// ((((((((\n/* [[[[[[ */ model A { s: "{{{{{" ; b: { c: string } }\n` });
    expect(deepestNesting([join(dir, "main.tsp")], dir)).toEqual({ depth: 2, location: { file: "main.tsp", line: 2, column: 40 } });
  });
});

describe("@pattern regexes", () => {
  it("an invalid regex stops the scaffold at the @pattern that wrote it, every one listed", async () => {
    const dir = writeSpec(
      service(`@pattern("[a-")
scalar Code extends string;

model Thing {
  @key id: string;
  @pattern("(?<x>a)(?<x>b)") name: string;
  code: Code;
  @pattern("^[A-Z]{2}\\\\d+$") good: string;
}
@route("/things") interface Things {
  @get list(@query @pattern("[z-a]") q?: string): Thing[];
}`),
    );
    const error = await failure(loadSpec(join(dir, "main.tsp"), dir));
    expect(error.code).toBe("spec-pattern-invalid");
    expect([...error.details].sort()).toEqual([
      'main.tsp:10:3 - @pattern "(?<x>a)(?<x>b)" is not a valid regular expression: Duplicate capture group name',
      'main.tsp:15:20 - @pattern "[z-a]" is not a valid regular expression: Range out of order in character class',
      'main.tsp:5:1 - @pattern "[a-" is not a valid regular expression: Unterminated character class',
    ]);

    const { code, output } = cli(["app", "--spec", "main.tsp", "--yes"], dir);
    expect(code).toBe(1);
    expect(output).toContain("error spec-pattern-invalid");
  });

  it("checks with the u flag, as JSON Schema validators compile patterns", () => {
    expect(patternProblem("^\\p{L}+$")).toBeUndefined();
    expect(patternProblem("^[\\w-.]+$")).toBe("Invalid character class"); // valid without the u flag
  });
});

describe("over-long names", () => {
  const very = "Very".repeat(75);
  const long = "customer_shipping_address_line_number_for_the_primary_residence";

  it("cuts internal names with a hash of the whole: distinct, stable, within the limit", () => {
    const a = sqlIdentifier(`${long}_a`);
    const b = sqlIdentifier(`${long}_b`);
    expect(a).not.toBe(b);
    expect([a.length, b.length]).toEqual([63, 63]);
    expect(a).toBe(sqlIdentifier(`${long}_a`));
    expect(sqlIdentifier("short_name")).toBe("short_name");
    // Bytes, not characters: PostgreSQL counts bytes.
    expect(Buffer.byteLength(fitName("é".repeat(100), 63, "_"))).toBeLessThanOrEqual(63);
    const stem = safeFileName(very);
    expect(stem.length).toBe(60);
    expect(safeFileName(stem)).toBe(stem);
    expect(safeFileName(`${stem}2`)).toBe(`${stem}2`); // a numbered clash keeps its name
  });

  it("a spec with 300-character names scaffolds files and SQL names every file system and database accepts", async () => {
    const dir = writeSpec(
      service(`model ${very}Thing {
  @key @visibility(Lifecycle.Read) id: int32;
  ${long}_a: string;
  ${long}_b?: string;
  ${long}OwnerId?: string;
}
@route("/things") interface ${very}Things {
  @get list(): ${very}Thing[];
  @post create(@body body: ${very}Thing): ${very}Thing;
  @get read(@path id: int32): ${very}Thing;
}`),
    );
    for (const db of ["postgres", "mysql"]) {
      const { tree } = await scaffold({
        target: join(dir, `app-${db}`),
        answers: { name: "long", spec: join(dir, "main.tsp"), db, install: false, git: false, port: 3000 },
        dryRun: true,
      });
      const paths = tree.paths();
      expect(paths.find((p) => p.startsWith("src/handlers/"))).toMatch(/^src\/handlers\/very-very-[a-z-]+-[0-9a-f]{8}\.ts$/);
      for (const p of paths) for (const part of p.split("/")) expect(part.length).toBeLessThanOrEqual(100);
      const schema = JSON.parse(String(tree.get("src/db/schema.json")!.content)) as {
        tables: { name: string; columns: { name: string }[]; indexes: { name: string }[] }[];
      };
      const names = schema.tables.flatMap((t) => [t.name, ...t.columns.map((c) => c.name), ...t.indexes.map((i) => i.name)]);
      expect(names.filter((n) => n.length > 63)).toEqual([]);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
