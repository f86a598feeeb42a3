/**
 * Type-checks and starts many generated projects quickly. Projects are linked to one shared
 * node_modules (generated-deps.ts) and compiled by a few tsc processes in parallel, each compiling
 * many projects as one program, so the fastify and Node typings are parsed once per process instead
 * of once per project. Used by the suites that generate dozens of projects (http-specs, corpus, fuzz).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative, sep } from "node:path";

export interface BatchProject {
  /** Unique among the projects of one call; used as the key of the results. */
  name: string;
  /** The generated project's folder, under the batch root. */
  dir: string;
}

export interface TypeCheck {
  /** tsc's messages for this project (paths relative to its folder); undefined when it compiled. */
  errors?: string;
  /** Where tsc wrote the project's JavaScript (src/server.js lives under it). */
  emitted: string;
}

/** Runs a Node script (or tsc) and collects its output; never rejects. */
export function execNode(
  file: string,
  args: string[],
  cwd: string,
  timeoutMs = 5 * 60 * 1000,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs }, (error, stdout, stderr) => {
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

const posix = (path: string) => path.split(sep).join("/");

/**
 * Compiles a batch of projects that share one tsconfig as a single program: the project's own
 * compiler options and include globs, re-rooted at the batch folder. Errors are attributed to the
 * project whose folder starts the file path; an error tsc cannot place fails the whole batch.
 */
async function compileBatch(
  root: string,
  tsc: string,
  batch: BatchProject[],
  config: TsConfig,
  id: string,
  results: Map<string, TypeCheck>,
  emit: boolean,
): Promise<void> {
  const outDir = `emit-${id}`;
  const target = emit ? { outDir } : { noEmit: true };
  const compilerOptions: Record<string, unknown> = {
    ...config.compilerOptions,
    ...target,
    rootDir: ".",
    declaration: false,
    sourceMap: false,
  };
  if (!emit) delete compilerOptions.outDir;
  const include = batch.flatMap((p) => (config.include ?? ["**/*"]).map((glob) => `${posix(relative(root, p.dir))}/${glob}`));
  const file = join(root, `tsconfig.check-${id}.json`);
  await writeFile(file, JSON.stringify({ compilerOptions, include }, null, 2));
  const { code, output } = await execNode(tsc, ["-p", file, "--pretty", "false"], root);
  const errors = new Map<BatchProject, string[]>();
  let unplaced: string[] = [];
  let current: string[] | undefined;
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    if (/^\s/.test(line) && current) {
      current.push(line);
      continue;
    }
    const owner = batch.find((p) => line.startsWith(`${posix(relative(root, p.dir))}/`));
    current = owner ? (errors.get(owner) ?? errors.set(owner, []).get(owner)!) : unplaced;
    current.push(owner ? line.slice(relative(root, owner.dir).length + 1) : line);
  }
  if (code !== 0 && errors.size === 0 && unplaced.length === 0) unplaced = [`tsc exited with ${code} and printed nothing`];
  for (const p of batch) {
    const mine = errors.get(p) ?? (unplaced.length > 0 ? unplaced : undefined);
    results.set(p.name, { errors: mine?.join("\n"), emitted: join(root, outDir, relative(root, p.dir)) });
  }
}

/** Splits `items` into `n` batches of near-equal size. */
function chunks<T>(items: T[], n: number): T[][] {
  const out: T[][] = Array.from({ length: Math.min(n, items.length) }, () => []);
  items.forEach((item, i) => out[i % out.length].push(item));
  return out;
}

/**
 * Type-checks every project (each already linked to the shared node_modules, all under `root`,
 * which needs a package.json with `"type": "module"` so the emitted JavaScript is ESM).
 * Projects with the same tsconfig are checked together; a few batches use the cores in parallel.
 * `emit: false` only type-checks (faster; `emitted` then names a folder that was not written).
 * `intoDist: true` moves each project's JavaScript into the project's own outDir (dist/), where its
 * `npm run build` puts it: its tests find files beside the project (docs/openapi.yaml) from there.
 */
export async function typeCheckProjects(
  root: string,
  tsc: string,
  projects: BatchProject[],
  options: { emit?: boolean; intoDist?: boolean } = {},
): Promise<Map<string, TypeCheck>> {
  const emit = options.emit ?? true;
  const results = new Map<string, TypeCheck>();
  const byConfig = new Map<string, BatchProject[]>();
  for (const p of projects) {
    const text = await readFile(join(p.dir, "tsconfig.json"), "utf8");
    byConfig.set(text, [...(byConfig.get(text) ?? []), p]);
  }
  const parallel = Math.max(1, Math.min(availableParallelism(), 4));
  const jobs: Promise<void>[] = [];
  let id = 0;
  for (const [text, group] of byConfig) {
    const config = JSON.parse(text) as TsConfig;
    const combinable = Object.keys(config).every((k) => k === "compilerOptions" || k === "include");
    if (combinable) {
      for (const batch of chunks(group, parallel)) jobs.push(compileBatch(root, tsc, batch, config, String(id++), results, emit));
      continue;
    }
    // An unusual tsconfig (files, references, extends) is compiled on its own, as the project would be.
    for (const p of group) {
      jobs.push(
        execNode(tsc, ["-p", "tsconfig.json", "--pretty", "false", ...(emit ? [] : ["--noEmit"])], p.dir).then(({ code, output }) => {
          // Where the project's own outDir puts src/ (the default tsconfig: dist/ with rootDir ".").
          results.set(p.name, {
            errors: code === 0 ? undefined : output.trim(),
            emitted: join(p.dir, String(config.compilerOptions?.outDir ?? "dist")),
          });
        }),
      );
    }
  }
  // Many small programs at once would thrash; the batches above are already one per core.
  await Promise.all(jobs);
  if (emit && options.intoDist) {
    for (const p of projects) {
      const check = results.get(p.name);
      const outDir = (JSON.parse(await readFile(join(p.dir, "tsconfig.json"), "utf8")) as TsConfig).compilerOptions?.outDir ?? "dist";
      const dist = join(p.dir, String(outDir));
      if (check === undefined || check.emitted === dist || !existsSync(check.emitted)) continue;
      await rm(dist, { recursive: true, force: true });
      await rename(check.emitted, dist);
      check.emitted = dist;
    }
  }
  return results;
}

/**
 * Builds each compiled project's Fastify app and waits for `ready()`, in one child process (the
 * projects are plain ESM and must not run inside jest's module sandbox). Returns name -> failure.
 */
export async function startProjects(root: string, projects: { name: string; emitted: string }[]): Promise<Map<string, string>> {
  const script = join(root, "start-all.mjs");
  await writeFile(
    script,
    `import { pathToFileURL } from "node:url";
const failures = {};
for (const [name, server] of ${JSON.stringify(projects.map((p) => [p.name, join(p.emitted, "src", "server.js")]))}) {
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
  const { code, output } = await execNode(script, [], root);
  const line = output.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) return new Map(projects.map((p) => [p.name, `start-all.mjs exited with ${code}: ${output}`]));
  return new Map(Object.entries(JSON.parse(line) as Record<string, string>));
}

export interface ProjectRequest {
  method: string;
  /**
   * Path and query, e.g. `/pets/1?limit=2`. `{2.id}` stands for the `id` field of the JSON answer
   * to the third request of the same project (a key the server assigned).
   */
  url: string;
  headers: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
}

export interface RouteAnswer {
  method: string;
  url: string;
  /** 0 when the request got no answer (connection refused, timeout). */
  status: number;
  /** The answer's body text, or the fetch error. */
  body: string;
  /**
   * True when no route matched and the server's not-found handler answered (its 404, 405 or 415):
   * the request missed the routing table, which a handler's own 404 for a missing row does not.
   */
  unrouted?: boolean;
}

export interface Served {
  /** Why the server did not build, start or listen; undefined when it served. */
  boot?: string;
  routes: RouteAnswer[];
}

/**
 * One child process serves every compiled project in turn (they are plain ESM and must not run
 * inside jest's module sandbox), as the project's own test/api.test.ts does: its test credentials
 * first (they set the secrets the server reads), then the server on a free port with the project's
 * test storage (a fresh SQLite file by default), then the requests in order, each signed with those
 * credentials. Returns name -> what each request got.
 */
export async function serveProjects(
  root: string,
  projects: { name: string; emitted: string; requests: ProjectRequest[] }[],
): Promise<Map<string, Served>> {
  const planFile = join(root, `serve-plan-${process.pid}-${Date.now()}.json`);
  const script = join(root, "serve-all.mjs");
  await writeFile(planFile, JSON.stringify(projects));
  await writeFile(
    script,
    `import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
const load = (base, file) => import(pathToFileURL(join(base, file)).href);
const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = {};
for (const project of plan) {
  const served = { routes: [] };
  results[project.name] = served;
  let app;
  try {
    const { testCredentials } = await load(project.emitted, "test/support/credentials.js");
    const credentials = await testCredentials();
    const { buildServer } = await load(project.emitted, "src/server.js");
    const { createTestStorage } = await load(project.emitted, "src/storage.js");
    app = await buildServer({ logger: false, storage: await createTestStorage() });
    // Fastify marks the requests its not-found handler answers (is404): tell the router's "no such
    // route" from a handler's 404 for a missing row, whatever the spec's error model looks like.
    app.addHook("onSend", async (request, reply, payload) => {
      if (request.is404) reply.header("x-batch-unrouted", "1");
      return payload;
    });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    for (const request of project.requests) {
      const url = request.url.replace(/\\{(\\d+)\\.([^}]+)\\}/g, (_, i, field) => {
        try {
          return encodeURIComponent(String(JSON.parse(served.routes[Number(i)].body)[field]));
        } catch {
          return "unknown";
        }
      });
      const signed = credentials.apply(request.method, url, request.headers);
      const init = { method: request.method, headers: { ...signed.headers }, signal: AbortSignal.timeout(15000) };
      if (request.body !== undefined) {
        init.body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
        init.headers["content-type"] ??= "application/json";
      }
      try {
        const response = await fetch(base + signed.url, init);
        const unrouted = response.headers.get("x-batch-unrouted") === "1";
        served.routes.push({ method: request.method, url: request.url, status: response.status, body: await response.text(), unrouted });
      } catch (error) {
        served.routes.push({ method: request.method, url: request.url, status: 0, body: String(error) });
      }
    }
  } catch (error) {
    served.boot = String(error?.stack ?? error);
  } finally {
    await app?.close().catch(() => {});
  }
}
console.log(JSON.stringify(results));
`,
  );
  const { code, output } = await execNode(script, [planFile], root);
  // stderr follows stdout in `output`: a warning a project printed must not hide the results line.
  const line = output.split("\n").findLast((l) => l.startsWith("{")) ?? "";
  const results = line === "" ? {} : (JSON.parse(line) as Record<string, Served>);
  return new Map(
    projects.map((p) => [p.name, results[p.name] ?? { boot: `serve-all.mjs exited with ${code}: ${output.slice(-2000)}`, routes: [] }]),
  );
}

export interface OwnTests {
  /** node --test's exit code (0: every test passed). */
  code: number;
  tests: number;
  pass: number;
  fail: number;
  /** The failing tests' names, as the spec reporter lists them under "failing tests". */
  failures: string[];
  /** The whole report, for a failure message. */
  output: string;
}

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".test.js"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const count = (output: string, label: string) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, "m").exec(output)?.[1] ?? 0);

/**
 * Runs each compiled project's own tests (what its `npm test` runs after tsc: node --test over the
 * emitted test files), a few projects at a time. The projects were compiled by typeCheckProjects, so
 * tsc does not run again. The environment is this process's minus what would point a project
 * elsewhere (TEST_DATABASE_URL: every project tests on its own temporary SQLite file).
 */
export async function runProjectTests(
  projects: { name: string; emitted: string }[],
  options: { parallel?: number; timeoutMs?: number } = {},
): Promise<Map<string, OwnTests>> {
  // As a user's `npm test` runs: no NODE_ENV (jest sets "test"), no jest NODE_OPTIONS.
  const env = { ...process.env };
  for (const key of ["TEST_DATABASE_URL", "DATABASE_URL", "NODE_ENV", "NODE_OPTIONS", "NODE_TEST_CONTEXT"]) delete env[key];
  const results = new Map<string, OwnTests>();
  const queue = [...projects];
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      const files = await testFiles(join(p.emitted, "test"));
      if (files.length === 0) {
        results.set(p.name, { code: 1, tests: 0, pass: 0, fail: 0, failures: ["no test files were emitted"], output: "" });
        continue;
      }
      const args = ["--test-reporter=spec", ...files];
      const { code, output } = await execNode("--test", args, p.emitted, options.timeoutMs ?? 5 * 60 * 1000, env);
      const listed = output.split(/\r?\n/).indexOf("✖ failing tests:");
      const failures =
        listed === -1
          ? []
          : [
              ...new Set(
                output
                  .split(/\r?\n/)
                  .slice(listed + 1)
                  .filter((l) => /^\s*✖ /.test(l))
                  .map((l) => l.replace(/^\s*✖ /, "").replace(/ \([\d.]+ms\)$/, "")),
              ),
            ];
      results.set(p.name, {
        code,
        tests: count(output, "tests"),
        pass: count(output, "pass"),
        fail: count(output, "fail"),
        failures,
        output,
      });
    }
  };
  const parallel = Math.max(1, options.parallel ?? Math.min(availableParallelism(), 2));
  await Promise.all(Array.from({ length: Math.min(parallel, projects.length) }, worker));
  return results;
}
