/**
 * The plan: what committing the tree would do to each file, decided before anything is written.
 * --dry-run prints it; commit carries it out. Refusals (a foreign non-empty folder, a path that
 * escapes) are thrown here, so they happen with the disk untouched.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { StackError } from "../diagnostics.ts";
import { basePathOf } from "./base.ts";
import { createGuard } from "./guard.ts";
import type { DiskKind } from "./guard.ts";
import { hashContent, MANIFEST_FILE, readManifest } from "./manifest.ts";
import { mergeGenerated } from "./merge.ts";
import type { Manifest } from "./manifest.ts";
import type { FileContent, FileOwner, FileTree, TreeFile } from "./tree.ts";

/**
 * merge: a generated file the user edited, merged cleanly with what the spec now generates.
 * merge-conflict: the same, but both changed one region: written with conflict markers.
 */
export type PlanAction = "create" | "identical" | "overwrite" | "merge" | "merge-conflict" | "conflict" | "keep" | "remove";

export interface PlanEntry {
  path: string;
  action: PlanAction;
  owner: FileOwner;
  /** Why a file is overwritten, kept or in conflict, in words for the user. */
  reason?: string;
  /** What is written when it is not the tree's content: the merged text. */
  content?: string;
}

export interface Plan {
  /** Absolute target folder. */
  target: string;
  /** First generation (no manifest yet): the target is missing or holds nothing of its own. */
  isNewProject: boolean;
  entries: PlanEntry[];
}

export interface PlanOptions {
  /** Write into a non-empty folder, and overwrite generated files the user edited. */
  force?: boolean;
}

/** Left by `git init`, a cloned empty repository or the OS; a folder holding only these counts as empty. */
const IGNORABLE = new Set([".git", ".DS_Store", "Thumbs.db"]);

export async function planWrite(tree: FileTree, targetDir: string, options: PlanOptions = {}): Promise<Plan> {
  const target = path.resolve(targetDir);
  const force = options.force ?? false;
  const existing = await listTarget(target);

  const onlyIgnorable = existing.every((name) => IGNORABLE.has(name));
  if (existing.length === 0) {
    const entries = tree.entries().map((f): PlanEntry => ({ path: f.path, action: "create", owner: f.owner }));
    return { target, isNewProject: true, entries };
  }

  const manifest = onlyIgnorable ? undefined : await readManifest(target);
  if (!onlyIgnorable && !manifest && !force) {
    const shown = existing.slice(0, 5).concat(existing.length > 5 ? [`... and ${existing.length - 5} more`] : []);
    throw new StackError(
      "target-not-empty",
      `${target} is not empty and was not created by create-typespec-stack (it has no ${MANIFEST_FILE}).`,
      shown.map((name) => `  ${name}`),
    );
  }

  const guard = await createGuard(target);
  const entries: PlanEntry[] = [];
  for (const file of tree.entries()) {
    const disk = await guard.inspect(file.path);
    const onDisk = disk.kind === "file" ? await readFile(disk.abs) : undefined;
    const entry = decide(file, disk.kind, disk.blockedBy, onDisk, manifest, force);
    entries.push(entry.action === "conflict" && onDisk && manifest ? await tryMerge(entry, file, onDisk, manifest, guard) : entry);
  }
  if (manifest) entries.push(...(await orphans(tree, manifest, guard)));
  return { target, isNewProject: onlyIgnorable, entries };
}

/**
 * Files the last generation wrote that this one does not (a layer turned off, a group gone from
 * the spec): removed when unchanged, so no stale module is left importing what is gone; kept, and
 * said so, when the user edited them. The spec/ copy is the user's source and never removed.
 */
type Guard = Awaited<ReturnType<typeof createGuard>>;

async function orphans(tree: FileTree, manifest: Manifest, guard: Guard): Promise<PlanEntry[]> {
  const entries: PlanEntry[] = [];
  for (const [file, recorded] of Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b))) {
    if (tree.get(file) || file === MANIFEST_FILE || file.startsWith("spec/")) continue;
    const disk = await guard.inspect(file);
    if (disk.kind !== "file" || disk.blockedBy !== undefined) continue;
    const unchanged = hashContent(await readFile(disk.abs)) === recorded;
    entries.push(
      unchanged
        ? { path: file, action: "remove", owner: "generated", reason: "no longer generated" }
        : { path: file, action: "keep", owner: "generated", reason: "no longer generated, but you changed it: delete it when it is no longer needed" },
    );
  }
  return entries;
}

/**
 * A generated file the user changed: merged with the new content when the base store still holds
 * what we generated last time (its hash is the manifest's); otherwise it stays a conflict.
 */
async function tryMerge(entry: PlanEntry, file: TreeFile, onDisk: Buffer, manifest: Manifest, guard: Guard): Promise<PlanEntry> {
  const recorded = manifest.files[file.path];
  if (recorded === undefined || typeof file.content !== "string") return entry;
  const baseDisk = await guard.inspect(basePathOf(file.path));
  if (baseDisk.kind !== "file" || baseDisk.blockedBy !== undefined) return entry;
  const base = await readFile(baseDisk.abs);
  if (hashContent(base) !== recorded) return entry;
  const ours = onDisk.toString("utf8");
  const { text, conflict } = mergeGenerated(file.path, ours, base.toString("utf8"), file.content);
  const at = { path: file.path, owner: file.owner };
  if (conflict) return { ...at, action: "merge-conflict", reason: "you and the spec changed the same lines: resolve the <<<<<<< markers", content: text };
  if (text === ours) return { ...at, action: "keep", reason: "your edits kept; the spec changed nothing else here" };
  return { ...at, action: "merge", reason: "your edits merged with the spec's changes", content: text };
}

/** The rules for one file of an existing folder. */
function decide(
  file: TreeFile,
  kind: DiskKind,
  blockedBy: string | undefined,
  onDisk: Buffer | undefined,
  manifest: Manifest | undefined,
  force: boolean,
): PlanEntry {
  const entry = (action: PlanAction, reason?: string): PlanEntry =>
    reason === undefined ? { path: file.path, action, owner: file.owner } : { path: file.path, action, owner: file.owner, reason };

  // Things in the way cannot be fixed by --force: we never delete a folder or a user's file to make room.
  if (blockedBy !== undefined) return entry("conflict", `${blockedBy} is a file, so this path cannot be created`);
  if (kind === "missing") return entry("create");
  if (kind === "directory") return entry("conflict", "a folder exists at this path");
  if (onDisk === undefined) return entry("conflict", "something other than a regular file exists at this path");

  if (sameContent(onDisk, file.content)) return entry("identical");
  if (file.owner === "user") return entry("keep", "your file: created once, never overwritten");
  if (file.path === MANIFEST_FILE) return entry("overwrite", "records this generation");

  const recorded = manifest?.files[file.path];
  if (recorded !== undefined && recorded === hashContent(onDisk)) return entry("overwrite", "unchanged since it was generated");
  const why = !manifest
    ? "exists in a folder not created by create-typespec-stack"
    : recorded === undefined
      ? "exists but was not generated by create-typespec-stack"
      : "changed since it was generated";
  return force ? entry("overwrite", `${why}; replaced because of --force`) : entry("conflict", why);
}

function sameContent(onDisk: Buffer, content: FileContent): boolean {
  return onDisk.equals(typeof content === "string" ? Buffer.from(content, "utf8") : content);
}

/** Names in the target folder; [] when it does not exist. A file where the folder should be is refused. */
async function listTarget(target: string): Promise<string[]> {
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  if (!info.isDirectory()) {
    throw new StackError("target-not-empty", `${target} exists and is not a folder.`);
  }
  return (await readdir(target)).sort();
}
