/** Writes inline TypeSpec into a fresh temp folder with no node_modules, like a user's own project. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@jest/globals";
import { StackError } from "../../src/diagnostics.ts";

const created: string[] = [];

export function writeSpec(files: string | Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tss-spec-"));
  created.push(dir);
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

/** For afterAll: removes every folder writeSpec made in this test file. */
export function removeSpecs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The two reference specs, from the repository so a clean clone (CI) has them. */
export const BOOKSTORE = join(repo, "test", "fixtures", "specs", "bookstore", "main.tsp");
export const PETSTORE = join(repo, "examples", "petstore", "main.tsp");

/** The StackError a promise rejects with; fails the test when it resolves or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<StackError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StackError);
    return error as StackError;
  }
  throw new Error("expected a StackError");
}
