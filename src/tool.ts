/**
 * This tool's own identity and install location. Code runs from src/ (tests, plopfile) or from
 * dist/src/ (the published bin), so the package root is found by walking up to our package.json.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "create-typespec-stack") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the create-typespec-stack package root above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { name: string; version: string };

export const tool = { name: manifest.name, version: manifest.version };

/** Folder of a layer's templates: templates/<layer>/. */
export function templatesDir(layer: string): string {
  return path.join(packageRoot, "templates", layer);
}

/** The example spec used when the user gives none. */
export const exampleSpec = path.join(packageRoot, "examples", "petstore", "main.tsp");
