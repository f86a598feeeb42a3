/**
 * Whether a spec declares event channels, read before it is compiled: the events question is
 * answered before the spec is compiled, and its default (nats when the spec has channels, none
 * otherwise) depends on it. A plain text search for `@channel(` in the spec's .tsp files.
 */
import fs from "node:fs";
import path from "node:path";
import { exampleSpec } from "../tool.ts";

function tspFiles(specPath: string): string[] {
  const info = fs.statSync(specPath, { throwIfNoEntry: false });
  if (!info) return [];
  const dir = info.isDirectory() ? specPath : path.dirname(specPath);
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith(".tsp") && !name.split(path.sep).includes("node_modules"))
    .map((name) => path.join(dir, name));
}

export function specDeclaresChannels(spec: unknown, cwd: string = process.cwd()): boolean {
  const specPath = typeof spec === "string" && spec !== "" ? path.resolve(cwd, spec) : exampleSpec;
  return tspFiles(specPath).some((file) => /@channel\s*\(/.test(fs.readFileSync(file, "utf8")));
}
