/**
 * The in-memory file tree that rendering fills and the plan compares with the disk. Every path is
 * checked here, when it is added, so a bad template or spec name fails before anything is written.
 */
import { StackError } from "../diagnostics.ts";

export type FileOwner = "generated" | "user";
export type FileContent = string | Uint8Array;

export interface AddOptions {
  /** generated: rewritten on every update; user: created once, never overwritten. */
  owner: FileOwner;
  /** Template (or other origin) the file came from, named in error messages. */
  source?: string;
}

export interface TreeFile {
  path: string;
  content: FileContent;
  owner: FileOwner;
  source?: string;
}

/**
 * Turns a path into a clean POSIX path relative to the project root, or throws path-escape.
 * `a/./b` and `a/x/../b` are accepted as `a/b`; anything that is absolute or climbs out is not.
 */
export function normalizeTreePath(input: string, source?: string): string {
  const from = source ? ` (from ${source})` : "";
  const reject = (why: string): never => {
    throw new StackError("path-escape", `Generated path ${JSON.stringify(input)}${from} ${why}.`);
  };
  if (typeof input !== "string" || input.length === 0) reject("is empty");
  // NUL truncates paths in C APIs; backslash is a separator on Windows, so `..\x` would escape there.
  if (input.includes("\0")) reject("contains a NUL character");
  if (input.includes("\\")) reject("contains a backslash; use / between folders");
  if (input.startsWith("/")) reject("is absolute");
  if (/^[A-Za-z]:/.test(input)) reject("starts with a drive letter");

  const parts: string[] = [];
  for (const segment of input.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (parts.length === 0) reject("leaves the target folder");
      parts.pop();
      continue;
    }
    // Writing into .git could plant hooks that run on the user's next git command.
    if (segment.toLowerCase() === ".git") reject("writes inside a .git folder");
    parts.push(segment);
  }
  if (parts.length === 0) reject("names the target folder itself, not a file");
  if (input.endsWith("/")) reject("ends with /, so it names a folder, not a file");
  return parts.join("/");
}

export class FileTree {
  readonly #files = new Map<string, TreeFile>();

  /** Adds a file; a later add of the same path replaces it (team overrides, later plugins). */
  add(path: string, content: FileContent, options: AddOptions): string {
    const clean = normalizeTreePath(path, options.source);
    const file: TreeFile = { path: clean, content, owner: options.owner };
    if (options.source !== undefined) file.source = options.source;
    this.#files.set(clean, file);
    return clean;
  }

  get(path: string): TreeFile | undefined {
    const clean = tryNormalize(path);
    return clean === undefined ? undefined : this.#files.get(clean);
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  get size(): number {
    return this.#files.size;
  }

  /** Sorted, so plans, manifests and printed output are stable from run to run. */
  paths(): string[] {
    return [...this.#files.keys()].sort(comparePaths);
  }

  entries(): TreeFile[] {
    return this.paths().map((p) => this.#files.get(p)!);
  }
}

/** Lookups answer "not here" for a path that could never have been added, rather than throwing. */
function tryNormalize(path: string): string | undefined {
  try {
    return normalizeTreePath(path);
  } catch {
    return undefined;
  }
}

/** Plain code-unit order: the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
