/** Spawning the built CLI and generated projects, for the end-to-end tests. */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The published entry point: `npm test` builds dist/ before jest runs. */
export const cliBin = path.join(repoRoot, "dist/src/cli/bin.js");
/**
 * The specs the end-to-end tests generate from, all inside this repository: petstore is the
 * example users see (examples/), bookstore (two resources, @useAuth, paging) is a test fixture.
 */
export const specs = {
  petstore: path.join(repoRoot, "examples/petstore"),
  bookstore: path.join(repoRoot, "test/fixtures/specs/bookstore"),
} as const;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as CI would: no TTY, CI=true, no stdin. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): RunResult {
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, CI: "true", NO_COLOR: "1", ...options.env },
    input: "",
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function run(command: string, args: string[], cwd: string, timeout = 240_000, env: NodeJS.ProcessEnv = process.env): RunResult {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout, env: { ...env, NO_COLOR: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cts-${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a generated project's server (by default the built one) and waits until it answers /healthz. */
export async function startServer(
  projectDir: string,
  command: [string, ...string[]] = [process.execPath, "dist/src/main.js"],
  env: Record<string, string> = {},
): Promise<{ url: string; stop(): Promise<number | null>; output(): string }> {
  const port = await freePort();
  const child = spawn(command[0], command.slice(1), {
    cwd: projectDir,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping `npm start` also stops the server npm started.
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`server did not start (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    /** Everything the server printed so far (stdout and stderr). */
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", (code) => resolve(code));
        process.kill(-child.pid!, "SIGTERM");
      }),
  };
}

/** Every file under dir, relative, sorted: to prove a folder was left untouched. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
  }
  return out;
}

/**
 * Generates a project into `project` with the CLI (`args` after the target, run from `cwd`), links
 * the shared node_modules and builds it: throws with the step's output when one fails.
 */
export async function generateAndBuild(project: string, args: string[], cwd: string): Promise<void> {
  const generated = runCli([project, ...args], { cwd });
  if (generated.code !== 0) throw new Error(`generating ${project} failed:\n${generated.stdout}${generated.stderr}`);
  await linkNodeModules(project);
  const build = run("npm", ["run", "build"], project);
  if (build.code !== 0 || /error TS/.test(build.stdout + build.stderr))
    throw new Error(`building ${project} failed:\n${build.stdout}${build.stderr}`);
}

/** A generated project serving in a temporary folder of its own: see servedProject. */
export interface ServedProject {
  work: string;
  project: string;
  url: string;
  /** Everything the server printed so far. */
  output(): string;
  /** Stops the server and removes the folder. */
  close(): Promise<void>;
}

/**
 * The set-up of a test against one live server: generates `name` in a fresh temporary folder
 * (`--yes --no-install --no-git` and `args`), builds it and starts it on a SQLite file migrated at
 * start. `edit` changes the project (writes a handler, say) before it is built.
 */
export async function servedProject(name: string, args: string[], edit?: (project: string) => void): Promise<ServedProject> {
  const work = tempDir(name);
  await sharedNodeModules();
  const project = path.join(work, name);
  const generated = runCli([project, "--yes", "--no-install", "--no-git", ...args], { cwd: work });
  if (generated.code !== 0) throw new Error(`generating ${project} failed:\n${generated.stdout}${generated.stderr}`);
  await linkNodeModules(project);
  edit?.(project);
  const build = run("npm", ["run", "build"], project);
  if (build.code !== 0 || /error TS/.test(build.stdout + build.stderr))
    throw new Error(`building ${project} failed:\n${build.stdout}${build.stderr}`);
  const server = await startServer(project, undefined, { DATABASE_URL: path.join(work, `${name}.db`), MIGRATE_ON_START: "true" });
  return {
    work,
    project,
    url: server.url,
    output: server.output,
    async close() {
      await server.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/** A caller of the server at `base`: JSON in (a string body is sent as it is) and out, with the answer's status. */
export function jsonCaller(base: string): (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any }> {
  return async (method, route, body) => {
    const response = await fetch(base + route, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** Builds a generated Go project's server and starts it on a free port (with `env`), ready once /healthz answers. */
export async function startGoServer(project: string, env: Record<string, string> = {}): Promise<{ url: string; stop: () => void }> {
  const build = run("go", ["build", "-o", "bin/server", "./cmd/server"], project, 300_000);
  if (build.code !== 0 || build.stderr !== "") throw new Error(`go build failed in ${project}:\n${build.stderr}`);
  const port = await freePort();
  const server = spawn(path.join(project, "bin", "server"), [], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  const up = () =>
    fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
  for (let i = 0; !(await up()); i++) {
    if (i > 100) {
      server.kill("SIGTERM");
      throw new Error("the Go server did not start");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => server.kill("SIGTERM") };
}
