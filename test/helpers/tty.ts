/**
 * Drive a command through a real pseudo-terminal with tmux: start it in a detached session of a
 * fixed size, send keys, poll the screen until a pattern shows, read the exit status. Each session
 * runs its own tmux server on a private socket, so parallel tests and the user's tmux never meet.
 *
 *   const tty = await startTty(`node cli.js my-api`, { cwd });
 *   await tty.waitFor(/Project name/);
 *   await tty.press("Enter");
 *   expect(await tty.waitForExit()).toBe(0);
 *   await tty.close();
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TtyOptions {
  cwd?: string;
  /** Added to (or, with undefined, removed from) this process's environment. TMUX is always removed. */
  env?: Record<string, string | undefined>;
  width?: number;
  height?: number;
  /** Default time waitFor / waitForExit wait, in ms. */
  timeoutMs?: number;
}

export interface TtySession {
  /** Types text literally (no key names). */
  type(text: string): Promise<void>;
  /** Presses tmux keys by name: "Enter", "Down", "Up", "Space", "BSpace", "C-c", "y". */
  press(...keys: string[]): Promise<void>;
  /** The visible screen, wrapped lines joined, trailing spaces and blank lines removed. */
  screen(): Promise<string>;
  /** The visible screen with its colour and style escapes (capture-pane -e), to see what is coloured. */
  styledScreen(): Promise<string>;
  /** Polls the screen until it matches; resolves to the screen; on timeout throws with the screen. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Waits for the command to end; resolves to its exit status (128 + n when killed by signal n). */
  waitForExit(timeoutMs?: number): Promise<number>;
  /** Ends the tmux server and removes its socket folder. Safe to call twice. */
  close(): Promise<void>;
}

/** Terminal tests need tmux; where it is missing they fail saying so, never skip silently. */
function requireTmux(): void {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
  } catch {
    throw new Error("tmux is needed for the terminal tests: apt-get install tmux (.ci/run does this)");
  }
}

/** Quotes one word for sh. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs `command` (a line of sh) in a new terminal. */
export async function startTty(command: string, options: TtyOptions = {}): Promise<TtySession> {
  requireTmux();
  const dir = mkdtempSync(join(tmpdir(), "tty-"));
  const socket = join(dir, "s");
  const config = join(dir, "tmux.conf");
  const statusFile = join(dir, "status");
  // remain-on-exit keeps the pane (its last screen and exit status) after the command ends; an
  // empty remain-on-exit-format stops tmux >= 3.3 adding a "Pane is dead" line that scrolls the
  // first line away (-q: older tmux lacks the option); no status bar, so the screen is the pane;
  // /bin/sh runs the command whatever the user's $SHELL is.
  writeFileSync(
    config,
    [
      "set -g remain-on-exit on",
      'set -gq remain-on-exit-format ""',
      "set -g status off",
      "set -g history-limit 5000",
      "set -g default-shell /bin/sh",
      "",
    ].join("\n"),
  );
  const env: Record<string, string | undefined> = { ...process.env, TERM: "xterm-256color", ...options.env };
  delete env.TMUX;
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const timeoutMs = options.timeoutMs ?? 15000;
  const tmux = (...args: string[]) => run("tmux", ["-S", socket, ...args], { env: env as NodeJS.ProcessEnv });
  const target = "main";

  // The shell also writes the command's exit status to a file: tmux (3.3a) sometimes marks a pane
  // dead without ever showing its status.
  const wrapped = `${command}\nstatus=$?; echo $status > ${shellQuote(statusFile)}; exit $status`;
  const size = ["-x", String(options.width ?? 100), "-y", String(options.height ?? 30)];
  try {
    await run(
      "tmux",
      ["-S", socket, "-f", config, "new-session", "-d", "-s", target, ...size, ...(options.cwd ? ["-c", options.cwd] : []), wrapped],
      { env: env as NodeJS.ProcessEnv },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let closed = false;
  const screen = async () => {
    // -J joins lines the terminal wrapped, so a long line can be matched whole.
    const { stdout } = await tmux("capture-pane", "-p", "-J", "-t", target);
    return stdout
      .split("\n")
      .map((line) => line.trimEnd())
      .join("\n")
      .trimEnd();
  };
  const written = () => {
    const text = existsSync(statusFile) ? readFileSync(statusFile, "utf8") : "";
    return text.endsWith("\n") ? Number(text.trim()) : undefined;
  };
  const exitStatus = async (): Promise<number | undefined> => {
    const { stdout } = await tmux("display-message", "-p", "-t", target, "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}");
    const [dead, status, signal] = stdout.trim().split("|");
    if (dead !== "1") return undefined;
    // Read the file only once the pane is dead, so it is complete (or will never be written).
    const fromFile = written();
    if (fromFile !== undefined) return fromFile;
    if (status) return Number(status);
    return signal ? 128 + Number(signal) : undefined;
  };
  const poll = async <T>(what: string, check: () => Promise<T | undefined>, limit: number): Promise<T> => {
    const deadline = Date.now() + limit;
    for (;;) {
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new Error(`tty: timed out after ${limit} ms waiting for ${what}; the screen shows:\n${await screen()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  return {
    async type(text) {
      await tmux("send-keys", "-t", target, "-l", text);
    },
    async press(...keys) {
      await tmux("send-keys", "-t", target, ...keys);
    },
    screen,
    async styledScreen() {
      return (await tmux("capture-pane", "-p", "-e", "-J", "-t", target)).stdout;
    },
    waitFor(pattern, limit = timeoutMs) {
      const matches = (text: string) => (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text));
      return poll(
        String(pattern),
        async () => {
          const text = await screen();
          return matches(text) ? text : undefined;
        },
        limit,
      );
    },
    waitForExit(limit = timeoutMs) {
      return poll("the command to exit", exitStatus, limit);
    },
    async close() {
      if (closed) return;
      closed = true;
      await tmux("kill-server").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
