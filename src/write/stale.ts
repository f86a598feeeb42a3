/**
 * Temporary files and folders of the commit step are named `.<name>.tmp-<pid>-<random>`, so a run
 * killed mid-write (SIGKILL, power loss: no handler runs) can be cleaned by the next run: a temp
 * whose process is gone is removed; one whose process still runs belongs to a concurrent run.
 */
import { randomBytes } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";

const TEMP = /^\.(.+)\.tmp-(\d+)-[0-9a-f]+$/;

export function tempName(name: string): string {
  return `.${name}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
  }
}

const isStale = (name: string) => {
  const match = TEMP.exec(name);
  return match !== null && !isAlive(Number(match[2]));
};

/** Removes stale temps of `target`: its own beside it, and staged files anywhere inside it. Returns what went. */
export async function removeStaleTemps(target: string): Promise<string[]> {
  const removed: string[] = [];
  const parent = path.dirname(target);
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (TEMP.exec(name)?.[1] === path.basename(target) && isStale(name)) {
      await rm(path.join(parent, name), { recursive: true, force: true });
      removed.push(path.join(parent, name));
    }
  }
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const abs = path.join(dir, entry.name);
      if (isStale(entry.name)) {
        await rm(abs, { recursive: true, force: true });
        removed.push(abs);
      } else if (entry.isDirectory() && !entry.isSymbolicLink() && entry.name !== "node_modules" && entry.name !== ".git") {
        await walk(abs);
      }
    }
  };
  await walk(target);
  return removed;
}
