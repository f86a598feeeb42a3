/**
 * Spec fuzzing: hundreds of mutated copies of the repository's own specs (examples/ and
 * test/fixtures/specs/), each scaffolded for real. Every spec must either give a project that
 * type-checks or stop with a StackError whose code starts with `spec-` and that names a location;
 * nothing may crash or hang. The mutations (test/fuzz/mutate.ts) come from a seeded PRNG, so a
 * failure repeats from the seed printed at the start:
 *
 *   SPEC_FUZZ_SEED=<seed> SPEC_FUZZ_ONLY=<index>[,<index>...] NODE_OPTIONS=--experimental-vm-modules npx jest test/fuzz
 *
 * SPEC_FUZZ_COUNT changes the number of specs (default 300), SPEC_FUZZ_KEEP=<dir> keeps every
 * mutated spec and project there.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { typeCheckProjects } from "../helpers/project-batch.ts";
import { Dice, mutate, prng } from "./mutate.ts";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SEED = Number(process.env.SPEC_FUZZ_SEED ?? 20261201);
const COUNT = Number(process.env.SPEC_FUZZ_COUNT ?? 300);
/** Comma-separated case indexes: rebuild and check only those (as a failure report names them). */
const ONLY = process.env.SPEC_FUZZ_ONLY === undefined ? undefined : process.env.SPEC_FUZZ_ONLY.split(",").map(Number);
/** A scaffold of one of these small specs takes about a second; far longer is a hang. */
const TIME_BOUND_MS = 30_000;
const WORKERS = 2;
const BASES = [
  "examples/petstore/main.tsp",
  "examples/orders/main.tsp",
  "test/fixtures/specs/bookstore/main.tsp",
  "test/fixtures/specs/inventory/main.tsp",
];
/** A location: `main.tsp:12:3`, or at least the spec file itself (a stack overflow names no line). */
const LOCATION = /\.tsp(:\d+:\d+)?\b/;

type Outcome =
  | { kind: "built" }
  | { kind: "stopped"; code: string; message: string; details: string[] }
  | { kind: "crash"; message: string }
  | { kind: "hang" }
  | { kind: "tsc"; message: string };

interface Case {
  index: number;
  base: string;
  steps: string[];
  /** Answers beyond the defaults. */
  answers: Record<string, string>;
  spec: string;
  name: string;
  dir: string;
  outcome?: Outcome;
}

interface WorkerReply {
  id: number;
  ok: boolean;
  error?: { name: string; code?: string; message: string; details: string[]; stack: string };
}

/**
 * The index-th mutant and the stack it is generated for: its own PRNG stream, so one case can be
 * rebuilt alone from the seed. Half the cases take the defaults (what `--yes` gives).
 */
function mutant(index: number): { base: string; text: string; steps: string[]; answers: Record<string, string> } {
  const dice = new Dice(prng((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0));
  const base = BASES[index % BASES.length];
  const original = readFileSync(join(repo, base), "utf8");
  const { text, steps } = mutate(original, dice, index);
  const answers: Record<string, string> = {};
  if (dice.chance(0.5)) {
    answers.db = dice.pick(["sqlite", "postgres", "mysql", "none"]);
    if (answers.db !== "none" && dice.chance(0.3)) answers.cache = "redis";
    // --auth applies only to specs without @useAuth (the spec's own auth wins).
    if (!original.includes("@useAuth")) answers.auth = dice.pick(["none", "jwt", "api-key", "oauth2"]);
  }
  return { base, text, steps, answers };
}

function classify(reply: WorkerReply): Outcome | undefined {
  if (reply.ok) return undefined;
  const e = reply.error!;
  if (e.name === "StackError" && e.code?.startsWith("spec-"))
    return { kind: "stopped", code: e.code, message: e.message, details: e.details };
  return { kind: "crash", message: e.name === "StackError" ? `StackError ${e.code}: ${e.message}\n${e.details.join("\n")}` : e.stack };
}

/**
 * Scaffolds every case on a few worker threads. A case that takes longer than TIME_BOUND_MS is a
 * hang: its worker is terminated (that stops even a synchronous loop) and replaced.
 */
async function scaffoldAll(cases: Case[]): Promise<void> {
  const queue = [...cases];
  const workerUrl = new URL("./scaffold-worker.mjs", import.meta.url);
  // The CLI runs on Node's main thread, whose stack is about 1 MB; a worker's is 4 MB by default,
  // which lets the compiler grind through nesting the CLI stops at with spec-too-deep.
  const newWorker = () => new Worker(workerUrl, { resourceLimits: { stackSizeMb: 1 } });
  const runLane = async () => {
    let worker = newWorker();
    try {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const job = c;
        const reply = await new Promise<WorkerReply | "timeout" | Error>((resolve) => {
          const timer = setTimeout(() => resolve("timeout"), TIME_BOUND_MS);
          const done = (value: WorkerReply | Error) => {
            clearTimeout(timer);
            worker.off("message", onMessage);
            worker.off("error", onError);
            resolve(value);
          };
          const onMessage = (m: WorkerReply) => m.id === job.index && done(m);
          const onError = (error: Error) => done(error);
          worker.on("message", onMessage);
          worker.on("error", onError);
          worker.postMessage({ id: job.index, spec: job.spec, target: job.dir, cwd: dirname(job.spec), answers: job.answers });
        });
        if (reply === "timeout" || reply instanceof Error) {
          job.outcome = reply === "timeout" ? { kind: "hang" } : { kind: "crash", message: `worker died: ${reply.stack ?? reply.message}` };
          await worker.terminate();
          worker = newWorker();
        } else {
          job.outcome = classify(reply);
        }
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, runLane));
}

const cases: Case[] = [];
let root: string;
let elapsed = 0;

beforeAll(
  async () => {
    const start = performance.now();
    console.log(`spec fuzz: seed ${SEED}, ${ONLY?.length ?? COUNT} mutated specs (SPEC_FUZZ_SEED=${SEED} repeats this run)`);
    const nodeModules = await sharedNodeModules();
    root = process.env.SPEC_FUZZ_KEEP ?? (await mkdtemp(join(tmpdir(), "tss-spec-fuzz-")));
    await mkdir(root, { recursive: true });
    await linkNodeModules(root, nodeModules);
    // The type-check batches emit into root/emit-*: ESM, like each project's own output.
    await writeFile(join(root, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);

    const indexes = ONLY ?? Array.from({ length: COUNT }, (_, i) => i);
    for (const index of indexes) {
      const { base, text, steps, answers } = mutant(index);
      const spec = join(root, "specs", String(index), "main.tsp");
      await mkdir(dirname(spec), { recursive: true });
      await writeFile(spec, text);
      cases.push({ index, base, steps, answers, spec, name: `p${index}`, dir: join(root, `p${index}`) });
    }

    await scaffoldAll(cases);
    const scaffolded = performance.now();
    const generated = cases.filter((c) => c.outcome === undefined);
    const checks = await typeCheckProjects(root, join(nodeModules, "typescript", "bin", "tsc"), generated, { emit: false });
    for (const c of generated) {
      const errors = checks.get(c.name)?.errors;
      c.outcome = errors === undefined ? { kind: "built" } : { kind: "tsc", message: errors };
    }

    elapsed = performance.now() - start;
    const count = (kind: Outcome["kind"]) => cases.filter((c) => c.outcome?.kind === kind).length;
    const codes = new Map<string, number>();
    for (const c of cases) if (c.outcome?.kind === "stopped") codes.set(c.outcome.code, (codes.get(c.outcome.code) ?? 0) + 1);
    console.log(
      `spec fuzz: seed ${SEED}, ${cases.length} specs in ${(elapsed / 1000).toFixed(1)} s ` +
        `(scaffold ${((scaffolded - start) / 1000).toFixed(1)} s, type check ${((performance.now() - scaffolded) / 1000).toFixed(1)} s): ` +
        `${count("built")} type-check, ${count("stopped")} stopped with a diagnostic (${[...codes].map(([k, n]) => `${k} ${n}`).join(", ")}), ` +
        `${count("crash")} crashes, ${count("hang")} hangs, ${count("tsc")} do not type-check`,
    );
  },
  20 * 60 * 1000,
);

afterAll(async () => {
  if (root && !process.env.SPEC_FUZZ_KEEP) await rm(root, { recursive: true, force: true });
});

/** A failing case as a reader needs it: how to rebuild it, what was changed, what went wrong. */
function report(c: Case, what: string): string {
  const answers =
    Object.entries(c.answers)
      .map(([k, v]) => `--${k} ${v}`)
      .join(" ") || "defaults";
  return `#${c.index} (SPEC_FUZZ_SEED=${SEED} SPEC_FUZZ_ONLY=${c.index}) from ${c.base}, ${answers}\n  ${c.steps.join("\n  ")}\n${what}`;
}

describe(`spec fuzz (seed ${SEED})`, () => {
  it("makes the specs", () => {
    expect(cases.length).toBe(ONLY?.length ?? COUNT);
  });

  it("never crashes: every failure is a StackError with a spec- code that names a location", () => {
    const bad = cases.filter((c) => {
      const o = c.outcome!;
      if (o.kind === "crash") return true;
      return o.kind === "stopped" && !LOCATION.test([o.message, ...o.details].join("\n"));
    });
    expect(bad.map((c) => report(c, JSON.stringify(c.outcome, null, 2)))).toEqual([]);
  });

  it(`never hangs (each scaffold within ${TIME_BOUND_MS / 1000} s)`, () => {
    expect(cases.filter((c) => c.outcome?.kind === "hang").map((c) => report(c, "hang"))).toEqual([]);
  });

  it("every project that scaffolds type-checks", () => {
    const broken = cases.filter((c) => c.outcome?.kind === "tsc");
    expect(broken.map((c) => report(c, (c.outcome as { message: string }).message))).toEqual([]);
  });

  // Only over a whole run: a few chosen cases may all be invalid specs.
  (ONLY === undefined ? it : it.skip)("mutations keep most specs valid, so the type check means something", () => {
    expect(cases.filter((c) => c.outcome?.kind === "built" || c.outcome?.kind === "tsc").length).toBeGreaterThanOrEqual(cases.length * 0.4);
  });
});
