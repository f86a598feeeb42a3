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
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { StackError } from "../src/diagnostics.ts";
import { scaffold } from "../src/index.ts";
import { linkNodeModules, sharedNodeModules } from "./helpers/generated-deps.ts";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const SPECS = join(repo, "node_modules", "@typespec", "http-specs", "specs");
const MIN_BUILT_RATIO = 0.7;
const LOCATION = /[^\s:]+\.tsp:\d+:\d+/;

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

function exec(file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60 * 1000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

interface TsConfig {
  compilerOptions?: Record<string, unknown>;
  include?: string[];
  [key: string]: unknown;
}

/**
 * Compiles a batch of projects that share one tsconfig as a single program: the project's own
 * compiler options and include globs, re-rooted at the batch folder. Errors are attributed to the
 * project whose folder starts the file path; an error tsc cannot place fails the whole batch.
 */
async function compileBatch(root: string, tsc: string, batch: Scenario[], config: TsConfig, id: string): Promise<void> {
  const outDir = `emit-${id}`;
  const compilerOptions: Record<string, unknown> = { ...config.compilerOptions, outDir, rootDir: ".", declaration: false, sourceMap: false };
  const include = batch.flatMap((s) => (config.include ?? ["**/*"]).map((glob) => `${relative(root, s.dir).split(sep).join("/")}/${glob}`));
  const file = join(root, `tsconfig.check-${id}.json`);
  await writeFile(file, JSON.stringify({ compilerOptions, include }, null, 2));
  const { code, output } = await exec(tsc, ["-p", file, "--pretty", "false"], root);
  const errors = new Map<Scenario, string[]>();
  let unplaced: string[] = [];
  let current: string[] | undefined;
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    if (/^\s/.test(line) && current) {
      current.push(line);
      continue;
    }
    const owner = batch.find((s) => line.startsWith(`${relative(root, s.dir).split(sep).join("/")}/`));
    current = owner ? (errors.get(owner) ?? errors.set(owner, []).get(owner)!) : unplaced;
    current.push(owner ? line.slice(relative(root, owner.dir).length + 1) : line);
  }
  if (code !== 0 && errors.size === 0 && unplaced.length === 0) unplaced = [`tsc exited with ${code} and printed nothing`];
  for (const s of batch) {
    const mine = errors.get(s) ?? (unplaced.length > 0 ? unplaced : undefined);
    s.outcome = mine ? { kind: "broken", why: "tsc", message: mine.join("\n") } : { kind: "built" };
    s.emitted = join(root, outDir, relative(root, s.dir));
  }
}

/**
 * Builds each compiled project's Fastify app and waits for `ready()`, in one child process (the
 * projects are plain ESM and must not run inside jest's module sandbox). Returns the failures.
 */
async function startAll(root: string, projects: Scenario[]): Promise<Map<string, string>> {
  const script = join(root, "start-all.mjs");
  await writeFile(
    script,
    `import { pathToFileURL } from "node:url";
const failures = {};
for (const [name, server] of ${JSON.stringify(projects.map((s) => [s.name, join(s.emitted!, "src", "server.js")]))}) {
  try {
    const { buildServer } = await import(pathToFileURL(server).href);
    const app = await buildServer({ logger: false });
    await app.ready();
    await app.close();
  } catch (error) {
    failures[name] = String(error?.stack ?? error);
  }
}
console.log(JSON.stringify(failures));
`,
  );
  const { code, output } = await exec(script, [], root);
  const line = output.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) return new Map(projects.map((s) => [s.name, `start-all.mjs exited with ${code}: ${output}`]));
  return new Map(Object.entries(JSON.parse(line) as Record<string, string>));
}

/** Splits `items` into `n` batches of near-equal size. */
function chunks<T>(items: T[], n: number): T[][] {
  const out: T[][] = Array.from({ length: Math.min(n, items.length) }, () => []);
  items.forEach((item, i) => out[i % out.length].push(item));
  return out;
}

const scenarios: Scenario[] = [];
let root: string;

beforeAll(async () => {
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
        const message = error instanceof StackError ? `StackError ${error.code}: ${error.message}` : String((error as Error)?.stack ?? error);
        scenario.outcome = { kind: "broken", why: "crash", message };
      }
    }
  }

  // Projects with the same tsconfig are checked together; a few batches use the cores in parallel.
  const generated = scenarios.filter((s) => s.outcome === undefined);
  const byConfig = new Map<string, Scenario[]>();
  for (const s of generated) {
    const text = await readFile(join(s.dir, "tsconfig.json"), "utf8");
    byConfig.set(text, [...(byConfig.get(text) ?? []), s]);
  }
  const parallel = Math.max(1, Math.min(availableParallelism(), 4));
  const jobs: Promise<void>[] = [];
  let id = 0;
  for (const [text, group] of byConfig) {
    const config = JSON.parse(text) as TsConfig;
    const combinable = Object.keys(config).every((k) => k === "compilerOptions" || k === "include");
    // An unusual tsconfig (files, references, extends) is compiled on its own, as the project would be.
    const batches = combinable ? chunks(group, parallel) : group.map((s) => [s]);
    for (const batch of batches) {
      jobs.push(
        combinable
          ? compileBatch(root, tsc, batch, config, String(id++))
          : exec(tsc, ["-p", "tsconfig.json", "--pretty", "false"], batch[0].dir).then(({ code, output }) => {
              batch[0].outcome = code === 0 ? { kind: "built" } : { kind: "broken", why: "tsc", message: output.trim() };
              // Where the project's own outDir puts src/ (the default tsconfig: dist/ with rootDir ".").
              batch[0].emitted = join(batch[0].dir, String(config.compilerOptions?.outDir ?? "dist"));
            }),
      );
    }
  }
  // Many small programs at once would thrash; the batches above are already one per core.
  await Promise.all(jobs);

  const compiled = scenarios.filter((s) => s.outcome?.kind === "built");
  const startFailures = await startAll(root, compiled);
  for (const s of compiled) {
    const failure = startFailures.get(s.name);
    if (failure !== undefined) s.outcome = { kind: "broken", why: "start", message: failure };
  }

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
}, 15 * 60 * 1000);

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

  it(`builds at least ${MIN_BUILT_RATIO * 100}% of the scenarios`, () => {
    const built = scenarios.filter((s) => s.outcome?.kind === "built").length;
    expect(built / scenarios.length).toBeGreaterThanOrEqual(MIN_BUILT_RATIO);
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
