/**
 * dev/compose.yaml, the services for contributors with Docker: no engine runs here, so it is checked
 * with the Compose Specification schema and dclint, and against the services the tests check for
 * (test/helpers/services.ts), so the two ways of getting them cannot drift apart.
 */
import { expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { repoRoot } from "./e2e/cli-helpers.ts";
import { composeLint, composeProblems } from "./e2e/deploy-validators.ts";
import { services } from "./helpers/services.ts";

const file = path.join(repoRoot, "dev/compose.yaml");
const compose = parseYaml(fs.readFileSync(file, "utf8")) as { services: Record<string, { ports?: string[] }> };

it("is a valid Compose file that dclint passes", () => {
  expect(composeProblems(compose)).toEqual([]);
  expect(composeLint(file)).toBe("");
});

it("runs, under the name a failing test tells the user to start, every service the tests use, on 127.0.0.1 only", () => {
  for (const { setup, port } of Object.values(services))
    expect({ setup, ports: compose.services[setup]?.ports }).toEqual({ setup, ports: [`127.0.0.1:${port}:${port}`] });
  expect(Object.keys(compose.services).sort()).toEqual(
    Object.values(services)
      .map((s) => s.setup)
      .sort(),
  );
});
