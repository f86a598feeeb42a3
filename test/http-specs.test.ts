/**
 * The scaffold over every scenario of @typespec/http-specs (the TypeSpec HTTP conformance suite).
 * Each scenario must either produce a project that builds, or stop with a StackError whose code
 * starts with `spec-` and that names the construct's file:line:col. Nothing may crash.
 *
 * Projects are written for real (a dry run would not show that they compile), linked to one shared
 * node_modules, and compiled by a few tsc processes in parallel, each compiling many projects in one
 * program so the fastify and Node typings are parsed once per process instead of once per project.
 * A project that compiles must also start: its Fastify app is built and made ready (every route
 * registered, every schema compiled), which catches what tsc cannot (a route Fastify refuses).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { StackError } from "../src/diagnostics.ts";
import { scaffold } from "../src/index.ts";
import { linkNodeModules, sharedNodeModules } from "./helpers/generated-deps.ts";
import { type ReplayOutcome, type ReplayedRequest, replayMockApis } from "./helpers/mock-replay.ts";
import { startProjects, typeCheckProjects } from "./helpers/project-batch.ts";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const SPECS = join(repo, "node_modules", "@typespec", "http-specs", "specs");
// 60 of 61 build; content-negotiation stops on @sharedRoute (two operations on one route).
const MIN_BUILT_RATIO = 60 / 61;
const LOCATION = /[^\s:]+\.tsp:\d+:\d+/;
/** Each scenario's mock API (@typespec/spec-api): the requests a conforming server must accept. */
const MOCKAPIS = join(repo, "node_modules", "@typespec", "http-specs", "dist", "specs");
/** Statuses that refuse a request the mock API accepts (a 501 from an unwritten handler is honest). */
const REJECTIONS = new Set([400, 404, 405, 415]);
const MAX_WRONGLY_REJECTED = 0.01;

type Verdict = "answered" | "unimplemented" | "rejected" | "failed" | "error-expected" | "incomplete";

/** How the generated server treated one request the mock API lists. */
function verdictOf(r: ReplayedRequest): Verdict {
  if (r.expected >= 400) return "error-expected";
  if (r.incomplete !== undefined) return "incomplete";
  if (r.status === 501) return "unimplemented";
  if (REJECTIONS.has(r.status)) return "rejected";
  if (r.status === 0 || r.status >= 500) return "failed";
  return "answered";
}

type Outcome =
  | { kind: "built" }
  | { kind: "stopped"; code: string; message: string; details: string[] }
  | { kind: "broken"; why: "crash" | "tsc" | "start"; message: string };

interface Scenario {
  name: string;
  spec: string;
  dir: string;
  /** Where tsc wrote the project's JavaScript (src/server.js lives under it). */
  emitted?: string;
  outcome?: Outcome;
}

function listScenarios(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => file.split(sep).at(-1) === "main.tsp")
    .map((file) => dirname(file).split(sep).join("/"))
    .sort();
}

const scenarios: Scenario[] = [];
let root: string;
let replay: ReplayOutcome;

beforeAll(
  async () => {
    const nodeModules = await sharedNodeModules();
    const tsc = join(nodeModules, "typescript", "bin", "tsc");
    root = await mkdtemp(join(tmpdir(), "tss-http-specs-"));
    await linkNodeModules(root, nodeModules);
    // The batches compile into emit-*/ under root: their JavaScript is ESM, like each project's own.
    await writeFile(join(root, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);

    for (const name of listScenarios(SPECS)) {
      const scenario: Scenario = { name, spec: join(SPECS, name, "main.tsp"), dir: join(root, name.replace(/\//g, "__")) };
      scenarios.push(scenario);
      try {
        await scaffold({
          target: scenario.dir,
          answers: { name: "http-specs-scenario", spec: scenario.spec, install: false, git: false, port: 3000 },
          cwd: repo,
        });
        await linkNodeModules(scenario.dir, nodeModules);
      } catch (error) {
        if (error instanceof StackError && error.code.startsWith("spec-")) {
          scenario.outcome = { kind: "stopped", code: error.code, message: error.message, details: error.details };
        } else {
          const message =
            error instanceof StackError ? `StackError ${error.code}: ${error.message}` : String((error as Error)?.stack ?? error);
          scenario.outcome = { kind: "broken", why: "crash", message };
        }
      }
    }

    const generated = scenarios.filter((s) => s.outcome === undefined);
    const checks = await typeCheckProjects(root, tsc, generated);
    for (const s of generated) {
      const check = checks.get(s.name)!;
      s.emitted = check.emitted;
      s.outcome = check.errors === undefined ? { kind: "built" } : { kind: "broken", why: "tsc", message: check.errors };
    }

    const compiled = scenarios.filter((s) => s.outcome?.kind === "built");
    const startFailures = await startProjects(
      root,
      compiled.map((s) => ({ name: s.name, emitted: s.emitted! })),
    );
    for (const s of compiled) {
      const failure = startFailures.get(s.name);
      if (failure !== undefined) s.outcome = { kind: "broken", why: "start", message: failure };
    }

    const started = scenarios.filter((s) => s.outcome?.kind === "built");
    replay = await replayMockApis(
      root,
      started.flatMap((s) => {
        const mockapi = join(MOCKAPIS, s.name, "mockapi.js");
        return existsSync(mockapi) ? [{ name: s.name, emitted: s.emitted!, mockapi }] : [];
      }),
    );

    const width = Math.max(...scenarios.map((s) => s.name.length));
    const lines = scenarios.map((s) => {
      const o = s.outcome!;
      const detail = o.kind === "built" ? "" : o.kind === "stopped" ? `${o.code}: ${o.message}` : `${o.why}: ${o.message.split("\n")[0]}`;
      return `${s.name.padEnd(width)}  ${o.kind.padEnd(7)}  ${detail}`;
    });
    const count = (kind: Outcome["kind"]) => scenarios.filter((s) => s.outcome?.kind === kind).length;
    console.log(
      `@typespec/http-specs: ${scenarios.length} scenarios\n${lines.join("\n")}\n\n` +
        `built ${count("built")}, stopped with a diagnostic ${count("stopped")}, broken ${count("broken")} ` +
        `(${Math.round((100 * count("built")) / scenarios.length)}% build)`,
    );
    const verdicts = replay.requests.map((r) => ({ r, v: verdictOf(r) }));
    const tally = (rows: typeof verdicts, v: Verdict) => rows.filter((x) => x.v === v).length;
    const perScenario = started.map((s) => {
      const rows = verdicts.filter((x) => x.r.project === s.name);
      const cells = (["answered", "unimplemented", "rejected", "failed", "error-expected", "incomplete"] as const).map(
        (v) => `${v} ${tally(rows, v)}`,
      );
      return `${s.name.padEnd(width)}  ${String(rows.length).padStart(3)} requests: ${cells.join(", ")}`;
    });
    const listed = (v: Verdict) =>
      verdicts
        .filter((x) => x.v === v)
        .map(
          ({ r }) =>
            `  ${r.status} ${r.method} ${r.url} (${r.scenario}; the mock answers ${r.expected}): ${r.body.replace(/\s+/g, " ").slice(0, 300)}`,
        );
    console.log(
      `mock API replay: ${replay.requests.length} requests, wrongly rejected ${tally(verdicts, "rejected")}, ` +
        `5xx other than 501 ${tally(verdicts, "failed")}, 501 ${tally(verdicts, "unimplemented")}, answered ${tally(verdicts, "answered")}, ` +
        `error expected ${tally(verdicts, "error-expected")}, incomplete in the mock ${tally(verdicts, "incomplete")}\n${perScenario.join("\n")}\n\n` +
        `wrongly rejected:\n${listed("rejected").join("\n") || "  none"}\n5xx other than 501:\n${listed("failed").join("\n") || "  none"}` +
        `\nincomplete in the mock (not counted):\n${listed("incomplete").join("\n") || "  none"}` +
        (replay.failures.size > 0
          ? `\nnot replayed:\n${[...replay.failures].map(([n, why]) => `  ${n}: ${why.split("\n")[0]}`).join("\n")}`
          : ""),
    );
  },
  15 * 60 * 1000,
);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("scaffold over @typespec/http-specs", () => {
  it("finds the scenarios", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(50);
  });

  it("never crashes: every failure is a StackError with a spec- code", () => {
    const crashes = scenarios.filter((s) => s.outcome?.kind === "broken" && s.outcome.why === "crash");
    expect(crashes.map((s) => `${s.name}: ${(s.outcome as { message: string }).message}`)).toEqual([]);
  });

  it("every generated project type-checks", () => {
    const broken = scenarios.filter((s) => s.outcome?.kind === "broken" && s.outcome.why === "tsc");
    expect(broken.map((s) => `${s.name}:\n${(s.outcome as { message: string }).message}`)).toEqual([]);
  });

  it("every project that compiles also starts (Fastify accepts every route and schema)", () => {
    const broken = scenarios.filter((s) => s.outcome?.kind === "broken" && s.outcome.why === "start");
    expect(broken.map((s) => `${s.name}:\n${(s.outcome as { message: string }).message}`)).toEqual([]);
  });

  it(`builds at least ${Math.round(MIN_BUILT_RATIO * 100)}% of the scenarios`, () => {
    const built = scenarios.filter((s) => s.outcome?.kind === "built").length;
    expect(built / scenarios.length).toBeGreaterThanOrEqual(MIN_BUILT_RATIO);
  });

  it("replays the mock API requests of every scenario that builds", () => {
    expect([...replay.failures].map(([name, why]) => `${name}: ${why}`)).toEqual([]);
    expect(replay.requests.length).toBeGreaterThanOrEqual(500);
  });

  it(`wrongly rejects (400/404/405/415) at most ${MAX_WRONGLY_REJECTED * 100}% of the requests the mock APIs accept`, () => {
    const accepted = replay.requests.filter((r) => verdictOf(r) !== "error-expected" && verdictOf(r) !== "incomplete");
    const rejected = accepted.filter((r) => verdictOf(r) === "rejected");
    expect(rejected.length / accepted.length).toBeLessThanOrEqual(MAX_WRONGLY_REJECTED);
  });

  it("answers no request with a 5xx other than 501 (an unwritten handler)", () => {
    const failed = replay.requests.filter((r) => verdictOf(r) === "failed");
    expect(failed.map((r) => `${r.status} ${r.method} ${r.url}: ${r.body}`)).toEqual([]);
  });

  it("every stop names the construct's file:line:col", () => {
    const vague = scenarios.filter((s) => {
      const o = s.outcome;
      // spec-invalid puts one line per compiler diagnostic, each with its location, in the details.
      return o?.kind === "stopped" && !LOCATION.test([o.message, ...o.details].join("\n"));
    });
    expect(vague.map((s) => `${s.name}: ${(s.outcome as { message: string }).message}`)).toEqual([]);
  });
});
