/** Real temp folders for write tests, and a byte-level snapshot to prove a folder was untouched. */
import { mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FileTree } from "../../src/write/tree.ts";

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), "tss-write-"));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every file (content as base64) and symlink (target) below dir, keyed by relative path. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const abs = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, abs);
    if (entry.isSymbolicLink()) out[rel] = `-> ${await readlink(abs)}`;
    else if (entry.isFile()) out[rel] = (await readFile(abs)).toString("base64");
    else if (entry.isDirectory()) out[rel + "/"] = "";
  }
  return out;
}

/** Names in dir that look like our temporary folders or files. */
export async function tempLeftovers(dir: string): Promise<string[]> {
  const all = await readdir(dir, { recursive: true });
  return all.filter((name) => /\.tmp-\d+-[0-9a-f]+$/.test(name));
}

export function sampleTree(): FileTree {
  const tree = new FileTree();
  tree.add("package.json", '{ "name": "my-api" }\n', { owner: "generated", source: "base/package.json.hbs" });
  tree.add("src/generated/routes.ts", "export const routes = [];\n", { owner: "generated" });
  tree.add("src/handlers/pets.ts", "export function listPets() {}\n", { owner: "user" });
  tree.add("README.md", "# my-api\n", { owner: "generated" });
  return tree;
}
