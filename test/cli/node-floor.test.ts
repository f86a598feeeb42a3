/**
 * Node 22 is the floor for working on this repository too: on an older Node, `npm ci` stops at once
 * (engine-strict) and `npm run build` / `npm test` say what to do in one line, instead of installing
 * with 57 EBADENGINE warnings and then type-checking for 19 s before a stack trace.
 */
import { describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../e2e/cli-helpers.ts";

const script = path.join(repoRoot, "scripts", "require-node.mjs");
/** Node 22 made to report an older version before the script runs. */
const pretend = (version: string) => [
  "--import",
  `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`,
];
/** The machine's own Node 20, when it has one (the deployed machine does: /usr/bin/node). */
const oldNode = (() => {
  const version = spawnSync("/usr/bin/node", ["-v"], { encoding: "utf8" }).stdout?.trim();
  return version && Number(version.slice(1).split(".")[0]) < 22 ? "/usr/bin/node" : undefined;
})();

describe("the Node floor", () => {
  it("build and test refuse an older Node in one line naming the fix, exit 1", () => {
    const result = spawnSync(process.execPath, [...pretend("20.11.1"), script], { encoding: "utf8" });
    expect([result.status, result.stdout, result.stderr]).toEqual([
      1,
      "",
      "create-typespec-stack needs Node 22 or newer; this is Node 20.11.1. Run `nvm use` (this repository's .nvmrc says 22) or install Node 22 from https://nodejs.org.\n",
    ]);
    expect(spawnSync(process.execPath, [script], { encoding: "utf8" }).status).toBe(0);
    const scripts = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).scripts;
    expect(scripts.prebuild).toBe("node scripts/require-node.mjs");
    expect(scripts.pretest).toMatch(/^node scripts\/require-node\.mjs && /);
    expect(fs.readFileSync(path.join(repoRoot, ".nvmrc"), "utf8")).toBe("22\n");
  });

  it("npm ci on the machine's Node 20 stops before installing anything", () => {
    if (!oldNode) throw new Error("no Node older than 22 at /usr/bin/node: this machine is not the one the test was written for");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cts-node-floor-"));
    try {
      for (const file of ["package.json", "package-lock.json", ".npmrc"]) fs.copyFileSync(path.join(repoRoot, file), path.join(dir, file));
      const npm = path.join(path.dirname(oldNode), "npm");
      const env = { ...process.env, PATH: `${path.dirname(oldNode)}:${process.env.PATH}` };
      const result = spawnSync(npm, ["ci", "--ignore-scripts", "--dry-run", "--no-audit", "--no-fund"], {
        cwd: dir,
        encoding: "utf8",
        env,
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('npm error notsup Required: {"node":">=22"}');
      expect(fs.existsSync(path.join(dir, "node_modules"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
