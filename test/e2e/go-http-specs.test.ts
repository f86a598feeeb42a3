/**
 * `--target go` over every scenario of @typespec/http-specs (the TypeSpec HTTP conformance suite):
 * each scenario either gives a Go module that `go build`s and `go vet`s, or stops with a StackError
 * whose code starts with `spec-`. Nothing may crash. The modules are built together through one
 * go.work, so the toolchain loads the shared dependencies once.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { StackError } from "../../src/diagnostics.ts";
import { scaffold } from "../../src/index.ts";
import { repoRoot, run } from "./cli-helpers.ts";

const SPECS = join(repoRoot, "node_modules", "@typespec", "http-specs", "specs");
/** The issue's bar: at least 90 % of the scenarios build. */
const MIN_BUILT_RATIO = 0.9;

interface Scenario {
  name: string;
  spec: string;
  dir: string;
  outcome?: "generated" | "built" | { stopped: string } | { broken: string };
}

const scenarios: Scenario[] = readdirSync(SPECS, { recursive: true, encoding: "utf8" })
  .filter((file) => file.split(sep).at(-1) === "main.tsp")
  .map((file) => dirname(file).split(sep).join("/"))
  .sort()
  .map((name) => ({ name, spec: join(SPECS, name), dir: "" }));

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tss-go-http-specs-"));
  for (const [i, scenario] of scenarios.entries()) {
    // Module paths must differ inside one go.work: the project name is the module path.
    scenario.dir = join(root, `s${i}`);
    try {
      await scaffold({
        target: scenario.dir,
        answers: { name: `scenario-${i}`, spec: scenario.spec, target: "go", install: false, git: false, port: 3000 },
        cwd: repoRoot,
      });
      scenario.outcome = "generated";
    } catch (error) {
      scenario.outcome =
        error instanceof StackError && error.code.startsWith("spec-")
          ? { stopped: `${error.code}: ${error.message}` }
          : { broken: `crash: ${String((error as Error)?.stack ?? error)}` };
    }
  }
  const generated = scenarios.filter((s) => s.outcome === "generated");
  // go.work's go line is the newest its modules need (SQLite's driver asks for 1.25).
  const goLines = generated.map((s) => /^go (\S+)$/m.exec(readFileSync(join(s.dir, "go.mod"), "utf8"))?.[1] ?? "1.24.0");
  const newest = goLines.reduce((a, b) => (a.localeCompare(b, undefined, { numeric: true }) >= 0 ? a : b));
  writeFileSync(
    join(root, "go.work"),
    `go ${newest}\n\nuse (\n${generated.map((s) => `\t./${s.dir.slice(root.length + 1)}\n`).join("")})\n`,
  );
  // One build and one vet of every module; when either fails, each is checked alone to know which.
  const check = (cwd: string, packages: string[]) => {
    for (const command of ["build", "vet"]) {
      // Alone, a module is built without the go.work above it.
      const result = run("go", [command, ...packages], cwd, 900_000, cwd === root ? process.env : { ...process.env, GOWORK: "off" });
      if (result.code !== 0) return `go ${command}: ${result.stderr.split("\n").slice(0, 4).join(" | ")}`;
    }
    return "";
  };
  const together = check(
    root,
    generated.map((s) => `./${s.dir.slice(root.length + 1)}/...`),
  );
  for (const scenario of generated) {
    const failure = together === "" ? "" : check(scenario.dir, ["./..."]);
    scenario.outcome = failure === "" ? "built" : { broken: failure };
  }
}, 1_800_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("Go projects of the http-specs scenarios", () => {
  it("build and vet, or stop with a spec error; at least 90 % build", () => {
    const broken = scenarios.filter((s) => typeof s.outcome === "object" && "broken" in s.outcome);
    const built = scenarios.filter((s) => s.outcome === "built");
    const report = broken.map((s) => `${s.name}: ${(s.outcome as { broken: string }).broken}`);
    console.log(
      `go http-specs: ${built.length} of ${scenarios.length} scenarios build (${((100 * built.length) / scenarios.length).toFixed(1)} %), ` +
        `${scenarios.length - built.length - broken.length} stop with a spec error, ${broken.length} broken`,
    );
    expect(scenarios.length).toBeGreaterThan(50);
    expect(report).toEqual([]);
    expect(built.length / scenarios.length).toBeGreaterThanOrEqual(MIN_BUILT_RATIO);
  });
});
