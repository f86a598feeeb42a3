/** Writes inline TypeSpec into a fresh temp folder with no node_modules, like a user's own project. */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export function writeSpec(files: string | Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tss-spec-"));
  const all = typeof files === "string" ? { "main.tsp": files } : files;
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A small HTTP service around the given declarations. */
export function service(body: string): string {
  return `import "@typespec/http";\nusing Http;\n@service(#{ title: "Test" })\nnamespace Test;\n${body}\n`;
}
