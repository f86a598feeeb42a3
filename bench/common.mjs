/**
 * Small pieces every benchmark script here needs: statistics, staleness of dist/, timing a node
 * child process (wall and CPU), serving until stopped.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const stats = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
export const sec = (ms) => `${(ms / 1000).toFixed(3)} s`;

/** Rounds to `d` decimals; undefined and null pass through (a figure that was not measured). */
export const round = (x, d = 1) => (x === undefined || x === null ? x : Math.round(x * 10 ** d) / 10 ** d);

/** Writes a benchmark's result as JSON (its folder made if needed); returns the file for the log line. */
export function writeResult(file, result) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  return file;
}

/** Newest modification time (ms) of any file under the given folders. */
export function newestMtime(dirs) {
  let newest = 0;
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Each timed child preloads this (through --import, a data: URL) so it reports its own user+system
 * CPU time at exit. CPU time is far less disturbed than wall time by other load on the machine.
 */
const CPU_PRELOAD =
  "data:text/javascript," +
  encodeURIComponent(
    `import fs from "node:fs";const f=process.env.BENCH_CPU_FILE;` +
      `if(f)process.on("exit",()=>{const u=process.cpuUsage();fs.writeFileSync(f,JSON.stringify(u));});`,
  );

/**
 * Runs `node <cmd.args>` in `cmd.cwd` to the end; returns its wall time and its own CPU time (ms;
 * cpuMs undefined if the child could not report it). Throws with the output if the child fails.
 */
export function runNodeTimed(cmd, cpuFile, { nodeArgs = [] } = {}) {
  const args = [...nodeArgs, "--import", CPU_PRELOAD, ...cmd.args];
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, {
    cwd: cmd.cwd,
    env: { ...process.env, BENCH_CPU_FILE: cpuFile, NO_COLOR: "1", CI: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.error || child.status !== 0) {
    throw new Error(
      `${cmd.label} failed (${child.error?.message ?? `exit ${child.status}`}):\n` +
        `  node ${cmd.args.join(" ")}\n${child.stdout}\n${child.stderr}`,
    );
  }
  let cpuMs;
  try {
    const u = JSON.parse(fs.readFileSync(cpuFile, "utf8"));
    cpuMs = (u.user + u.system) / 1000;
  } catch {
    cpuMs = undefined;
  }
  return { wallMs, cpuMs };
}

/** The SQLite file DATABASE_URL names, as the generated dialect reads it. */
export function sqliteFile(url = process.env.DATABASE_URL ?? "./data/app.db") {
  return url.replace(/^(sqlite|file):(\/\/)?/, "");
}

/** Listens, and on SIGTERM/SIGINT closes the app, runs `onClosed`, and exits 0 (1 if closing failed). */
export async function serveUntilStopped(app, { host, port, onClosed = () => {} }) {
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      app.close().then(
        () => {
          onClosed();
          process.exit(0);
        },
        () => process.exit(1),
      );
    });
  }
  try {
    await app.listen({ port, host });
  } catch (error) {
    console.error(`could not listen on ${host}:${port}: ${error.message}`);
    process.exit(1);
  }
}
