/**
 * Side effects that run after the commit (install, git), returned as tasks so the CLI decides
 * which to run and how to show progress, and tests can run them in a temp folder.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { StackError } from "../diagnostics.ts";
import { formatCommand, installCommand, shellQuote } from "./package-manager.ts";
import type { PackageManager } from "./package-manager.ts";

export interface TaskContext {
  /** The project folder. */
  cwd: string;
  /** Each line of output (or a note such as why the task was skipped), for a verbose display. */
  onProgress?(line: string): void;
}

/** A task that decided not to act says why, e.g. "already inside a git repository". */
export interface TaskSkipped {
  skipped: string;
}

export interface PostTask {
  title: string;
  run(ctx: TaskContext): Promise<void | TaskSkipped>;
}

export interface TaskResult {
  title: string;
  ms: number;
  skipped?: string;
}

export interface RunTasksHooks {
  onStart?(title: string): void;
  onDone?(title: string, ms: number, skipped?: string): void;
  onProgress?(line: string): void;
}

const TAIL_LINES = 20;

/** Runs tasks one after another; the first failure stops the rest and is thrown as is. */
export async function runTasks(tasks: PostTask[], cwd: string, hooks: RunTasksHooks = {}): Promise<TaskResult[]> {
  const results: TaskResult[] = [];
  for (const task of tasks) {
    hooks.onStart?.(task.title);
    const started = performance.now();
    const ctx: TaskContext = hooks.onProgress ? { cwd, onProgress: hooks.onProgress } : { cwd };
    const outcome = await task.run(ctx);
    const ms = Math.round(performance.now() - started);
    const result: TaskResult = outcome ? { title: task.title, ms, skipped: outcome.skipped } : { title: task.title, ms };
    hooks.onDone?.(task.title, ms, result.skipped);
    results.push(result);
  }
  return results;
}

export function installTask(pm: PackageManager): PostTask {
  return commandTask(`Installing dependencies with ${pm}`, installCommand(pm));
}

/** Runs one install command in the project; a failure names the command, shows its last lines and how to retry. */
export function commandTask(title: string, cmd: { command: string; args: string[] }): PostTask {
  return {
    title,
    async run({ cwd, onProgress }) {
      const tail = keepTail(TAIL_LINES, onProgress);
      const result = await execa(cmd.command, cmd.args, {
        cwd,
        stdin: "ignore",
        stdout: tail.transform,
        stderr: tail.transform,
        reject: false,
      });
      if (!result.failed) return;
      const why = result.code === "ENOENT" ? `${cmd.command} was not found on PATH` : failureReason(result);
      throw new StackError("install-failed", `${formatCommand(cmd)} failed in ${cwd}: ${why}.`, [
        ...tail.lines.map((l) => `  ${l}`),
        `To retry: cd ${shellQuote(displayDir(cwd))} && ${formatCommand(cmd)}`,
      ]);
    },
  };
}

const COMMIT_MESSAGE = "Initial commit from create-typespec-stack";
/** Used only when git has no identity configured (a bare CI machine), so the commit can be made. */
const FALLBACK_NAME = "create-typespec-stack";
const FALLBACK_EMAIL = "create-typespec-stack@users.noreply.localhost";

export function gitInitTask(): PostTask {
  return {
    title: "Initialising a git repository",
    async run({ cwd, onProgress }) {
      const env = gitEnv();
      const git = (args: string[], extra: Record<string, string> = {}) =>
        execa("git", args, { cwd, env: { ...env, ...extra }, extendEnv: false, stdin: "ignore", reject: false, all: true });

      const skip = (why: string): TaskSkipped => {
        onProgress?.(`skipped: ${why}`);
        return { skipped: why };
      };
      if ((await git(["--version"])).failed) return skip("git is not installed");
      const inside = await git(["rev-parse", "--is-inside-work-tree"]);
      if (!inside.failed && String(inside.stdout).trim() === "true") return skip("already inside a git repository");

      // Fill only what neither git config nor the environment provides.
      const identity: Record<string, string> = {};
      if ((await git(["config", "user.name"])).failed) {
        for (const key of ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"]) if (!env[key]) identity[key] = FALLBACK_NAME;
      }
      if ((await git(["config", "user.email"])).failed && !env.EMAIL) {
        for (const key of ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"]) if (!env[key]) identity[key] = FALLBACK_EMAIL;
      }

      const init = await git(["init", "-q"]);
      if (init.failed) throw gitFailed("git init", cwd, init);
      for (const args of [
        ["add", "-A"],
        ["commit", "-q", "-m", COMMIT_MESSAGE],
      ]) {
        const step = await git(args, identity);
        if (step.failed) {
          // A repository without its first commit is more confusing than none: remove it.
          await rm(path.join(cwd, ".git"), { recursive: true, force: true });
          throw gitFailed(`git ${args[0]}`, cwd, step);
        }
      }
      onProgress?.(`committed: ${COMMIT_MESSAGE}`);
    },
  };
}

interface Failed {
  all?: unknown;
  exitCode?: number;
  signal?: string;
  shortMessage?: string;
}

function gitFailed(what: string, cwd: string, result: Failed): StackError {
  const output = String(result.all ?? "")
    .trim()
    .split("\n")
    .filter(Boolean)
    .slice(-TAIL_LINES);
  return new StackError(
    "git-failed",
    `${what} failed in ${cwd}: ${failureReason(result)}.`,
    output.map((l) => `  ${l}`),
  );
}

function failureReason(result: Failed): string {
  if (result.exitCode !== undefined) return `exit code ${result.exitCode}`;
  if (result.signal) return `killed by ${result.signal}`;
  return result.shortMessage ?? "unknown error";
}

/**
 * Our environment minus variables that point git at another repository (set when we run inside a
 * git hook, for example), which would make it init or commit somewhere else.
 */
function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|COMMON_DIR|PREFIX)$/.test(key)) env[key] = value;
  }
  return env;
}

/** Relative to where the user is, when the project is below it; the retry hint is then shorter. */
function displayDir(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : dir;
}

/** Keeps the last lines of a subprocess's output (for the error), passing each line to onLine. */
function keepTail(max: number, onLine?: (line: string) => void) {
  const lines: string[] = [];
  // An execa line transform that yields nothing: output is consumed here, not buffered or shown.
  // eslint-disable-next-line require-yield -- execa needs a generator; yielding nothing drops the line
  const transform = function* (line: unknown): Generator<never, void, unknown> {
    const text = String(line);
    lines.push(text);
    if (lines.length > max) lines.shift();
    onLine?.(text);
  };
  return { lines, transform };
}
