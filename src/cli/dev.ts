/**
 * `create-typespec-stack dev`, inside a generated project: runs the target's dev command (the
 * project's own dev script, which restarts the server when a source file changes; or `go run`,
 * which dev restarts itself when a source file is saved) and regenerates from spec/ on every
 * save. A spec with errors is reported and nothing is written, so the last good server keeps
 * running; the next good save carries on.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import type { Io } from "./output.ts";
import { plural } from "../plural.ts";
import type { DevCommand } from "../../targets/target.ts";

export interface DevOptions {
  projectDir: string;
  /** What serves the project: the target's dev command. */
  command: DevCommand;
  /**
   * One `update` run; its exit code (non-zero for a spec error: already reported). It prints no
   * "wrote N files" and no next steps (the project is set up: it is running): it hands the files it
   * changed to `changed`, and dev says how many in one line.
   */
  regenerate(changed: (files: string[]) => void): Promise<number>;
  say(line: string): void;
}

/** Editors save in bursts (temp file, rename, chmod): one regeneration per burst. */
const SETTLE_MS = 80;

export async function runDev(io: Io, options: DevOptions): Promise<number> {
  const { projectDir, say } = options;
  // Once first: the server starts from code that matches spec/, and the compiler is loaded before the first save.
  let first: string[] = [];
  if ((await options.regenerate((files) => (first = files))) !== 0)
    say("dev: the spec has errors (above); the server starts from the code generated last");
  else if (first.length > 0) say(`dev: regenerated from spec/: ${changedFiles(first.length)}`);
  const firstServer = startDevScript(io, options);
  let server: ChildProcess | undefined = firstServer;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const regenerate = async (): Promise<void> => {
    const started = performance.now();
    let changed: string[] = [];
    const code = await options.regenerate((files) => (changed = files));
    const ms = Math.round(performance.now() - started);
    say(
      code === 0
        ? `dev: regenerated from spec/ in ${ms} ms: ${changedFiles(changed.length)}`
        : "dev: the spec has errors (above); nothing was written, the last good server keeps running",
    );
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = regenerate().finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
    }, SETTLE_MS);
  };

  const watcher: FSWatcher = watch(path.join(projectDir, "spec"), { recursive: true }, (_event, file) => {
    if (file && !String(file).endsWith("~")) schedule();
  });
  const shown = [options.command.command, ...options.command.args].join(" ");
  say(`dev: watching spec/ and running \`${shown}\`; Ctrl-C stops both`);

  const ended = new Promise<number>((resolve) => {
    const sourceWatchers: FSWatcher[] = [];
    let restartTimer: NodeJS.Timeout | undefined;
    let stopped = false;
    const finish = (code: number) => {
      watcher.close();
      for (const w of sourceWatchers) w.close();
      clearTimeout(timer);
      clearTimeout(restartTimer);
      stopped = true;
      if (server) stopChild(server);
      resolve(code);
    };
    const onExit = (child: ChildProcess) =>
      child.once("exit", (code) => {
        if (child !== server) return; // stopped for a restart
        say(`dev: \`${shown}\` exited (${code ?? "signal"})`);
        finish(code ?? 1);
      });
    process.once("SIGINT", () => finish(130));
    process.once("SIGTERM", () => finish(0));
    onExit(firstServer);
    // The old process lets go of its port before the new one listens on it.
    const restart = async (saved: string) => {
      const old = server;
      if (!old) return;
      server = undefined;
      const gone = old.exitCode !== null || old.signalCode !== null ? Promise.resolve() : new Promise((done) => old.once("exit", done));
      stopChild(old);
      await gone;
      if (stopped) return;
      server = startDevScript(io, options);
      onExit(server);
      say(`dev: ${saved} changed; restarted \`${shown}\``);
    };
    // A command without a watcher of its own restarts here, once per burst of saves.
    const restartOn = options.command.restartOn;
    for (const folder of restartOn?.folders ?? []) {
      const dir = path.join(projectDir, folder);
      sourceWatchers.push(
        watch(dir, { recursive: true }, (_event, file) => {
          if (!file || !String(file).endsWith(restartOn?.extension ?? "")) return;
          clearTimeout(restartTimer);
          restartTimer = setTimeout(() => void restart(`${folder}/${String(file)}`), SETTLE_MS * 4);
        }),
      );
    }
  });
  return ended;
}

/** "3 files changed", "1 file changed", "no file changed". */
export function changedFiles(count: number): string {
  return count === 0 ? "no file changed" : `${plural(count, "file")} changed`;
}

function startDevScript(io: Io, options: DevOptions): ChildProcess {
  // Its own process group, so stopping it also stops what the command started (tsx, or the built binary).
  const child = spawn(options.command.command, options.command.args, {
    cwd: options.projectDir,
    stdio: ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32",
    shell: process.platform === "win32",
  });
  child.stdout?.on("data", (chunk) => io.stdout.write(chunk));
  child.stderr?.on("data", (chunk) => io.stderr.write(chunk));
  return child;
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.pid === undefined) return;
  try {
    if (process.platform === "win32") child.kill();
    else process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
