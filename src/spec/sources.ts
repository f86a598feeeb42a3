/**
 * The user's own spec files, to copy into the generated project's spec/ folder so the project
 * regenerates from itself: every .tsp the program loaded that belongs to the spec's own package
 * (not a library: nothing under node_modules, nothing owned by another package.json, such as the
 * TypeSpec libraries this tool ships), plus tspconfig.yaml. Files the spec imports from outside its
 * folder (`import "../common/models.tsp"`) come along, so the copy compiles on its own: the folders
 * are kept relative to the nearest folder that holds them all.
 */
import fs from "node:fs";
import path from "node:path";
import type { Program } from "@typespec/compiler";

export interface SpecSource {
  /** Path inside the generated project, POSIX: `spec/main.tsp`. */
  path: string;
  content: string;
}

export interface SpecCopy {
  sources: SpecSource[];
  /** The copied entry, as the project records it: `spec` when it is spec/main.tsp, else its path. */
  entry: string;
}

export function collectSpecSources(program: Program, entry: string): SpecCopy {
  const owner = packageOf(entry);
  const files = [...program.sourceFiles.keys()]
    .map((file) => path.resolve(file))
    .filter((file) => file === entry || (!file.split(path.sep).includes("node_modules") && packageOf(file) === owner));
  const root = files.reduce((dir, file) => commonDir(dir, path.dirname(file)), path.dirname(entry));
  // The entry is spec/main.tsp when it sits at the top, so `--spec spec` finds it.
  const rename = (file: string) =>
    file === entry && path.dirname(entry) === root ? "main.tsp" : path.relative(root, file).split(path.sep).join("/");
  const sources = files.map((file) => ({ path: `spec/${rename(file)}`, content: fs.readFileSync(file, "utf8") }));
  const config = path.join(path.dirname(entry), "tspconfig.yaml");
  if (fs.existsSync(config)) sources.push({ path: `spec/${rename(config)}`, content: fs.readFileSync(config, "utf8") });
  const copiedEntry = `spec/${rename(entry)}`;
  return { sources: sources.sort((a, b) => a.path.localeCompare(b.path)), entry: copiedEntry === "spec/main.tsp" ? "spec" : copiedEntry };
}

/** The folder of the nearest package.json above a file ("" when there is none). */
const packageCache = new Map<string, string>();
function packageOf(file: string): string {
  const start = path.dirname(file);
  const seen: string[] = [];
  let found = "";
  for (let dir = start; ; dir = path.dirname(dir)) {
    const cached = packageCache.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    seen.push(dir);
    if (fs.existsSync(path.join(dir, "package.json"))) {
      found = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of seen) packageCache.set(dir, found);
  return found;
}

function commonDir(a: string, b: string): string {
  let dir = a;
  while (dir !== b && !b.startsWith(dir + path.sep) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
