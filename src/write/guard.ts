/**
 * The one check that every path we read or write in the target stays inside it: lexically
 * (path.resolve) and on disk (realpath of what already exists, so a symlink inside the target that
 * points elsewhere cannot carry a write out).
 */
import { lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { StackError } from "../diagnostics.ts";

export type DiskKind = "missing" | "file" | "directory" | "other";

export interface DiskEntry {
  /** Absolute path of the file (lexical, under the target as given). */
  abs: string;
  kind: DiskKind;
  /** Relative path of an existing ancestor that is not a folder, so the file cannot be written. */
  blockedBy?: string;
}

export interface TargetGuard {
  root: string;
  /** Where rel lives on disk and what is there now; throws path-escape if it leads outside root. */
  inspect(rel: string): Promise<DiskEntry>;
}

/** root must exist. */
export async function createGuard(root: string): Promise<TargetGuard> {
  const absRoot = path.resolve(root);
  const realRoot = await realpath(absRoot);
  return { root: absRoot, inspect: (rel) => inspect(absRoot, realRoot, rel) };
}

/** Lexical check only, for folders we just created ourselves (no links can be inside yet). */
export function resolveInside(root: string, rel: string): string {
  const abs = path.resolve(root, rel);
  if (!abs.startsWith(root + path.sep)) {
    throw new StackError("path-escape", `Path ${JSON.stringify(rel)} resolves to ${abs}, outside ${root}.`);
  }
  return abs;
}

async function inspect(root: string, realRoot: string, rel: string): Promise<DiskEntry> {
  const abs = resolveInside(root, rel);
  const escape = (where: string, real: string): never => {
    throw new StackError("path-escape", `Path ${JSON.stringify(rel)} goes through ${where}, which links to ${real}, outside ${root}.`);
  };
  const inside = (real: string) => real === realRoot || real.startsWith(realRoot + path.sep);

  // Find the deepest ancestor that exists; realpath resolves every link on the way to it.
  const parent = path.dirname(abs);
  let dir = parent;
  for (;;) {
    try {
      const real = await realpath(dir);
      if (!inside(real)) escape(path.relative(root, dir) || ".", real);
      if (!(await stat(real)).isDirectory()) {
        return { abs, kind: "missing", blockedBy: path.relative(root, dir).split(path.sep).join("/") };
      }
      break;
    } catch (error) {
      if (error instanceof StackError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== "ENOENT" && code !== "ENOTDIR") || dir === root) throw error;
      dir = path.dirname(dir);
    }
  }
  if (dir !== parent) return { abs, kind: "missing" };

  let info;
  try {
    info = await lstat(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { abs, kind: "missing" };
    throw error;
  }
  if (info.isSymbolicLink()) {
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      return { abs, kind: "other" }; // dangling link: not a file we can compare
    }
    if (!inside(real)) escape(rel, real);
    info = await stat(real);
  }
  return { abs, kind: info.isFile() ? "file" : info.isDirectory() ? "directory" : "other" };
}
