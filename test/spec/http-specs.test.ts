/**
 * Every scenario spec shipped with @typespec/http-specs either becomes an ApiModel or fails with
 * a StackError: never a crash inside our code.
 */
import { describe, expect, it } from "@jest/globals";
import { globSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isStackError } from "../../src/diagnostics.ts";
import { loadApiModel } from "../../src/spec/index.ts";

const specsRoot = join(dirname(createRequire(import.meta.url).resolve("@typespec/http-specs/package.json")), "specs");

describe("@typespec/http-specs scenarios", () => {
  it("each builds an ApiModel or throws a StackError", async () => {
    const files = globSync("**/main.tsp", { cwd: specsRoot }).sort();
    expect(files.length).toBeGreaterThanOrEqual(50);
    const counts: Record<string, number> = {};
    const outcomes: string[] = [];
    for (const file of files) {
      let outcome: string;
      try {
        const api = await loadApiModel(join(specsRoot, file));
        expect(JSON.parse(JSON.stringify(api))).toStrictEqual(api);
        outcome = "built";
      } catch (error) {
        if (!isStackError(error)) throw new Error(`${file}: ${(error as Error).stack}`, { cause: error });
        outcome = error.code;
        for (const line of error.details) expect(line).toMatch(/^\S+:\d+:\d+ - /);
      }
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      outcomes.push(`${outcome} ${file}`);
    }
    console.log(`http-specs: ${files.length} specs`, counts, `\n${outcomes.join("\n")}`);
    expect(counts.built).toBeGreaterThanOrEqual(45);
  });
});
