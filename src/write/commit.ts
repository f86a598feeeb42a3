/**
 * Carries out a plan. A new project is written into a temporary folder beside the target and
 * renamed into place in one step; an existing project gets every new file staged beside its
 * destination first, then all renamed in one synchronous run. Either way a failure or Ctrl-C
 * before that last step leaves the target exactly as it was.
 */
import { renameSync, rmdirSync, rmSync } from "node:fs";
import { chmod, mkdir, readdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { StackError } from "../diagnostics.ts";
import { createGuard, resolveInside } from "./guard.ts";
import { tempName } from "./stale.ts";
import { withInterrupts } from "./interrupt.ts";
import type { Plan, PlanAction, PlanEntry } from "./plan.ts";
import type { FileTree, TreeFile } from "./tree.ts";
import { plural } from "../plural.ts";

export interface CommitOptions {
  /** Cancels like Ctrl-C: stops at the next file and cleans up. */
  signal?: AbortSignal;
  /** Called as each file is staged (written to its temporary place). */
  onFile?(path: string): void;
}

export interface CommitResult {
  /** Paths created or overwritten, sorted. */
  written: string[];
  /** Generated files of the last run that this one no longer generates, deleted (sorted). */
  removed: string[];
}

export async function commitPlan(plan: Plan, tree: FileTree, options: CommitOptions = {}): Promise<CommitResult> {
  const conflicts = plan.entries.filter((e) => e.action === "conflict");
  if (conflicts.length > 0) {
    throw new StackError(
      "target-conflict",
      `${plural(conflicts.length, "file")} in ${plan.target} would lose your changes; nothing was written.`,
      conflicts.map((e) => `  ${e.path}${e.reason ? ` (${e.reason})` : ""}`),
    );
  }
  const files = plan.entries.filter((e) => WRITES.has(e.action)).map((e) => ({ entry: e, file: fileFor(tree, e) }));
  const removals = plan.entries.filter((e) => e.action === "remove").map((e) => e.path);

  return withInterrupts(options.signal, async (signal) => {
    const fresh = plan.isNewProject && (await isMissingOrEmpty(plan.target));
    if (fresh) return { written: (await writeFresh(plan.target, files, signal, options.onFile)).sort(), removed: [] };
    const { written, removed } = await writeInPlace(plan.target, files, removals, signal, options.onFile);
    return { written: written.sort(), removed: removed.sort() };
  });
}

/** Plan actions that put content on disk. */
const WRITES = new Set<PlanAction>(["create", "overwrite", "merge", "merge-conflict"]);

interface Item {
  entry: PlanEntry;
  file: TreeFile;
}

/** The tree's file, with the plan's merged text in place of the generated one where there is one. */
function fileFor(tree: FileTree, entry: PlanEntry): TreeFile {
  const file = tree.get(entry.path);
  // A plan made from a different tree is a programming error, not a user's.
  if (!file) throw new Error(`commitPlan: ${entry.path} is in the plan but not in the tree`);
  return entry.content === undefined ? file : { ...file, content: entry.content };
}

/** New project: everything into a sibling temporary folder, then one rename. */
async function writeFresh(target: string, items: Item[], signal: AbortSignal, onFile?: (p: string) => void): Promise<string[]> {
  const parent = path.dirname(target);
  const madeParent = await mkdir(parent, { recursive: true }).catch((e: unknown) => {
    throw writeFailed(e, `Could not create ${parent}`, [`Nothing was written.`]);
  });
  let temp: string | undefined;
  try {
    temp = await makeTempDir(parent, path.basename(target));
    for (const { file } of items) {
      const abs = resolveInside(temp, file.path);
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, file.content, { flag: "wx" });
      onFile?.(file.path);
      throwIfAborted(signal, target);
    }
    throwIfAborted(signal, target);
    await moveIntoPlace(temp, target);
  } catch (error) {
    if (temp) await rm(temp, { recursive: true, force: true }).catch(() => {});
    if (madeParent) await removeEmptyDirs(parent, madeParent);
    throw writeFailed(error, `Could not write ${target}`, [`The temporary folder was removed; ${target} was not changed.`]);
  }
  return items.map((i) => i.file.path);
}

/** Existing folder: stage each file beside its destination, then rename them all at once (and drop the removed ones). */
async function writeInPlace(
  target: string,
  items: Item[],
  removals: string[],
  signal: AbortSignal,
  onFile?: (p: string) => void,
): Promise<{ written: string[]; removed: string[] }> {
  const guard = await createGuard(target);
  const doomed: string[] = [];
  for (const file of removals) {
    // Still inside the target and still a file (the plan checked it was unchanged).
    const disk = await guard.inspect(file);
    if (disk.kind === "file" && disk.blockedBy === undefined) doomed.push(disk.abs);
  }
  const staged: { temp: string; dest: string; path: string }[] = [];
  const madeDirs: string[] = [];
  const written: string[] = [];
  try {
    for (const { entry, file } of items) {
      // Re-check now: the disk may have changed since the plan, and no write may leave the target.
      const before = await guard.inspect(file.path);
      const expected = entry.action === "create" ? "missing" : "file";
      if (before.kind !== expected || before.blockedBy !== undefined) {
        throw new StackError("target-conflict", `${file.path} in ${target} changed while generating; nothing was written.`);
      }
      const made = await mkdir(path.dirname(before.abs), { recursive: true });
      if (made) madeDirs.push(made);
      const { abs } = await guard.inspect(file.path); // the new folders are inside too
      const temp = path.join(path.dirname(abs), tempName(path.basename(abs)));
      await writeFile(temp, file.content, { flag: "wx" });
      staged.push({ temp, dest: abs, path: file.path });
      if (entry.action !== "create") await chmod(temp, (await stat(abs)).mode & 0o7777); // keep e.g. +x
      onFile?.(file.path);
      throwIfAborted(signal, target);
    }
    throwIfAborted(signal, target);
    // Synchronous on purpose: a signal handler cannot run between two of these renames.
    for (const s of staged) {
      renameSync(s.temp, s.dest);
      written.push(s.path);
    }
    for (const abs of doomed) {
      rmSync(abs, { force: true });
      removeEmptyDirsSync(path.dirname(abs), target);
    }
    return { written, removed: doomed.map((abs) => path.relative(target, abs).split(path.sep).join("/")) };
  } catch (error) {
    for (const s of staged.slice(written.length)) rmSync(s.temp, { force: true });
    if (written.length === 0) for (const dir of madeDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    const done =
      written.length === 0
        ? [`No file in ${target} was changed.`]
        : [`Already updated before the failure: ${written.join(", ")}`, `No other file in ${target} was changed.`];
    throw writeFailed(error, `Could not write into ${target}`, done);
  }
}

/** After a removal: drop the folders it left empty, up to (not including) the target. */
function removeEmptyDirsSync(dir: string, target: string): void {
  for (let d = dir; d !== target && d.startsWith(target + path.sep); d = path.dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty
    }
  }
}

/** Undo `mkdir -p`: remove from dir up to top, stopping at the first folder that is not empty. */
async function removeEmptyDirs(dir: string, top: string): Promise<void> {
  for (let d = dir; d.startsWith(top); d = path.dirname(d)) {
    if (
      !(await rmdir(d).then(
        () => true,
        () => false,
      ))
    )
      return;
    if (d === top) return;
  }
}

async function isMissingOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}

/** A temporary folder beside the target: same file system, so the final rename is atomic. */
async function makeTempDir(parent: string, name: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const dir = path.join(parent, tempName(name));
    try {
      await mkdir(dir); // not mkdtemp: that makes the folder 0700, and it becomes the project
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 5) {
        throw writeFailed(error, `Could not create a temporary folder in ${parent}`, [`Nothing was written.`]);
      }
    }
  }
}

async function moveIntoPlace(temp: string, target: string): Promise<void> {
  try {
    await rename(temp, target); // replaces an empty folder on Linux and macOS
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EEXIST" && code !== "ENOTEMPTY" && code !== "EPERM" && code !== "EACCES") throw error;
    // rmdir only removes an empty folder, so anything that appeared there meanwhile is safe.
    await rmdir(target).catch(() => {
      throw new StackError("target-not-empty", `${target} was changed while generating; nothing was written.`);
    });
    await rename(temp, target);
  }
}

function throwIfAborted(signal: AbortSignal, target: string): void {
  if (!signal.aborted) return;
  const reason = signal.reason instanceof StackError ? `${signal.reason.message} ` : "";
  throw new StackError("cancelled", `${reason}Stopped before ${target} was changed.`);
}

/** File system errors become write-failed naming the folder; our own errors pass through. */
function writeFailed(error: unknown, message: string, details: string[]): Error {
  if (error instanceof StackError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StackError("write-failed", `${message}: ${reason}`, details);
}
