/**
 * `npm run test:unit` stays the fast loop: no suite it runs installs, builds or serves a generated
 * project (those are what take minutes). A new suite that does must be listed in
 * jest.unit.config.js's PROJECT_SUITES, and this test names it until it is.
 */
import { describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./e2e/cli-helpers.ts";

const configFile = path.join(repoRoot, "jest.unit.config.js");
const { PROJECT_SUITES } = (await import(configFile)) as { PROJECT_SUITES: string[] };

/** What only a suite that builds generated projects calls. */
const BUILDS_PROJECTS =
  /\b(linkNodeModules|sharedNodeModules|typeCheckProjects|serveProjects|generateAndBuild|servedProject|startServer)\(/;

describe("test:unit", () => {
  it("leaves out every suite that builds generated projects", () => {
    const suites = (fs.readdirSync(path.join(repoRoot, "test"), { recursive: true }) as string[])
      .filter((file) => file.endsWith(".test.ts") && !file.startsWith("fixtures"))
      .map((file) => `/test/${file.split(path.sep).join("/")}`);
    const left = (suite: string) => PROJECT_SUITES.some((pattern) => new RegExp(pattern).test(suite));
    const building = suites.filter((suite) => BUILDS_PROJECTS.test(fs.readFileSync(path.join(repoRoot, suite), "utf8")));
    expect(building.filter((suite) => !left(suite))).toEqual([]);
    // Each pattern leaves out something (a renamed suite would otherwise slip back in).
    for (const pattern of PROJECT_SUITES) expect(suites.some((suite) => new RegExp(pattern).test(suite))).toBe(true);
  });
});
