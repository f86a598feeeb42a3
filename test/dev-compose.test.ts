/**
 * dev/compose.yaml, the services for contributors with Docker: no engine runs here, so it is checked
 * with the Compose Specification schema and dclint, and against the ports .ci/run waits for, so the
 * two ways of getting the services cannot drift apart.
 */
import { expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { repoRoot } from "./e2e/cli-helpers.ts";
import { composeLint, composeProblems } from "./e2e/deploy-validators.ts";

const file = path.join(repoRoot, "dev/compose.yaml");
const compose = parseYaml(fs.readFileSync(file, "utf8")) as { services: Record<string, { ports?: string[] }> };

it("is a valid Compose file that dclint passes", () => {
  expect(composeProblems(compose)).toEqual([]);
  expect(composeLint(file)).toBe("");
});

it("publishes, on 127.0.0.1 only, every port .ci/run waits for", () => {
  const ciPorts = [...fs.readFileSync(path.join(repoRoot, ".ci/run"), "utf8").matchAll(/^wait_for (\d+) /gm)].map((m) => m[1]).sort();
  const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
  expect(published.every((p) => p.startsWith("127.0.0.1:"))).toBe(true);
  expect(published.map((p) => p.split(":")[1]).sort()).toEqual(ciPorts);
  expect(ciPorts).toHaveLength(6);
});
