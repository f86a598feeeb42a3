/**
 * The user's own spec files, to copy into the generated project's spec/ folder: every .tsp the
 * program loaded from the spec's folder (not libraries from node_modules), plus tspconfig.yaml.
 * The entry file is always written as spec/main.tsp so regenerating with `--spec spec` finds it.
 */
import fs from "node:fs";
import path from "node:path";
import type { Program } from "@typespec/compiler";

export interface SpecSource {
  /** Path inside the generated project, POSIX: `spec/main.tsp`. */
  path: string;
  content: string;
}

export function collectSpecSources(program: Program, entry: string): SpecSource[] {
  const root = path.dirname(entry);
  const inside = (file: string) => {
    const rel = path.relative(root, file);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) && !rel.split(path.sep).includes("node_modules");
  };
  const sources: SpecSource[] = [];
  for (const file of program.sourceFiles.keys()) {
    const absolute = path.resolve(file);
    if (!inside(absolute)) continue;
    const rel = absolute === entry ? "main.tsp" : path.relative(root, absolute).split(path.sep).join("/");
    sources.push({ path: `spec/${rel}`, content: fs.readFileSync(absolute, "utf8") });
  }
  const config = path.join(root, "tspconfig.yaml");
  if (fs.existsSync(config)) sources.push({ path: "spec/tspconfig.yaml", content: fs.readFileSync(config, "utf8") });
  return sources.sort((a, b) => a.path.localeCompare(b.path));
}
