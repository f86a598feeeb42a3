/**
 * typespec-stack.json: what we generated last time (answers, tool version, a hash per generated
 * file). `update` compares these hashes with the disk to tell "unchanged, safe to rewrite" from
 * "the user edited it".
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { StackError } from "../diagnostics.ts";
import type { Answers } from "../questions/types.ts";
import { comparePaths, type FileContent, type FileTree } from "./tree.ts";

export const MANIFEST_FILE = "typespec-stack.json";
/** Bumped when the shape changes, so a later tool can migrate an older manifest. */
export const MANIFEST_SCHEMA_VERSION = 1;

export interface ManifestMeta {
  tool: { name: string; version: string };
  answers: Answers;
  /** Third-party plugins as `--plugin` takes them: package names, or paths relative to the project. */
  plugins?: string[];
  /** The team's template overrides folder, relative to the project. */
  templates?: string;
}

export interface Manifest extends ManifestMeta {
  schemaVersion: number;
  /** Generated files only: path -> sha256 hex of the content we wrote. */
  files: Record<string, string>;
  /** Files created once for the user to own; never hashed, never overwritten. */
  userFiles: string[];
}

export function hashContent(content: FileContent): string {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * The manifest text for a tree. The manifest does not list itself (it cannot hash itself).
 * `keptUserFiles`: user files an earlier run created that this one did not render again (a
 * migration is written once), still on disk: they stay listed, so a no-op update rewrites nothing.
 */
export function buildManifest(tree: FileTree, meta: ManifestMeta, keptUserFiles: string[] = []): string {
  const files: Record<string, string> = {};
  const userFiles = new Set<string>();
  for (const file of tree.entries()) {
    if (file.path === MANIFEST_FILE) continue;
    if (file.owner === "user") userFiles.add(file.path);
    else files[file.path] = hashContent(file.content);
  }
  for (const file of keptUserFiles) if (!(file in files)) userFiles.add(file);
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    tool: { name: meta.tool.name, version: meta.tool.version },
    answers: sortKeys(meta.answers) as Answers,
    ...(meta.plugins?.length ? { plugins: meta.plugins } : {}),
    ...(meta.templates !== undefined ? { templates: meta.templates } : {}),
    files,
    userFiles: [...userFiles].sort(comparePaths),
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}

/** The manifest in targetDir, or undefined when there is none. A broken one is an error, never ignored. */
export async function readManifest(targetDir: string): Promise<Manifest | undefined> {
  const file = path.join(targetDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new StackError("manifest-invalid", `Cannot read ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StackError("manifest-invalid", `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const problem = manifestProblem(data);
  if (problem) throw new StackError("manifest-invalid", `${file} is not a typespec-stack manifest: ${problem}.`);
  return data as Manifest;
}

/** Says what is wrong with a parsed manifest, or undefined when its shape is right. */
function manifestProblem(data: unknown): string | undefined {
  if (!isObject(data)) return "expected a JSON object";
  const tool = data.tool;
  if (!isObject(tool) || typeof tool.name !== "string" || typeof tool.version !== "string") {
    return `"tool" must be { "name": string, "version": string }`;
  }
  if (!isObject(data.answers)) return `"answers" must be an object`;
  if (data.plugins !== undefined && !(Array.isArray(data.plugins) && data.plugins.every((p) => typeof p === "string"))) {
    return `"plugins" must be an array of plugin names or paths`;
  }
  if (data.templates !== undefined && typeof data.templates !== "string") return `"templates" must be a folder path`;
  if (!isObject(data.files)) return `"files" must be an object of path -> sha256`;
  for (const [file, hash] of Object.entries(data.files)) {
    if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) return `"files" entry ${JSON.stringify(file)} is not a sha256 hex hash`;
  }
  if (!Array.isArray(data.userFiles) || !data.userFiles.every((f) => typeof f === "string")) {
    return `"userFiles" must be an array of paths`;
  }
  if (data.schemaVersion !== undefined && data.schemaVersion !== MANIFEST_SCHEMA_VERSION) {
    return `schemaVersion ${JSON.stringify(data.schemaVersion)} is not supported by this version (expected ${MANIFEST_SCHEMA_VERSION})`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep copy with object keys sorted, so the same answers always give the same bytes. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
  return out;
}
