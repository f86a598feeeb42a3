/** Small pieces every benchmark script here needs: statistics, staleness of dist/, serving until stopped. */
import fs from "node:fs";
import path from "node:path";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Rounds to `d` decimals; undefined and null pass through (a figure that was not measured). */
export const round = (x, d = 1) => (x === undefined || x === null ? x : Math.round(x * 10 ** d) / 10 ** d);

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
