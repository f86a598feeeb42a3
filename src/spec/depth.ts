/**
 * Specs nested deeper than a JavaScript stack can follow. The TypeSpec compiler (and our own
 * recursive walks over types) overflow the stack on a few hundred to a few thousand levels of
 * nesting; that is the spec's shape, not a crash of this tool, so it becomes a StackError that
 * names the spec, the deepest nesting in its files, and how to flatten it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { StackError } from "../diagnostics.ts";
import { displayPath, formatLocation } from "./location.ts";
import type { SourceLocation } from "./model.ts";

/** Nesting this deep is worth pointing at; shallower brackets are not what overflowed. */
const NOTABLE_DEPTH = 64;
/** Files scanned for the deepest nesting, at most (a spec folder is small; a stray tree is not). */
const MAX_FILES = 200;

export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack size exceeded|too much recursion/i.test(error.message);
}

/**
 * Runs `work`; a stack overflow inside it becomes a `spec-too-deep` StackError about `entry`.
 * `stage` says what overflowed, in words: "compile", "read its types", "generate the project".
 */
export async function guardDepth<T>(entry: string, cwd: string, stage: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    throw tooDeep(entry, cwd, stage);
  }
}

export function tooDeep(entry: string, cwd: string, stage: string): StackError {
  const deepest = deepestNesting(specFiles(entry), cwd);
  const details =
    deepest && deepest.depth >= NOTABLE_DEPTH
      ? [`${formatLocation(deepest.location)} - brackets nested ${deepest.depth} levels deep here`]
      : [
          `${displayPath(entry, cwd)} - no deep brackets found: look for a long chain of models that each contain the next (A has a B, B has a C, ...)`,
        ];
  return new StackError(
    "spec-too-deep",
    `${displayPath(entry, cwd)} nests types too deeply to ${stage} (the JavaScript stack overflowed)`,
    details,
  );
}

/** The entry and the other .tsp files beside and under it (not node_modules). */
function specFiles(entry: string): string[] {
  const files = [entry];
  try {
    for (const item of readdirSync(dirname(entry), { recursive: true, withFileTypes: true })) {
      if (files.length >= MAX_FILES) break;
      const file = join(item.parentPath, item.name);
      if (item.isFile() && item.name.endsWith(".tsp") && file !== entry && !file.includes("node_modules")) files.push(file);
    }
  } catch {
    // An unreadable folder only costs the hint.
  }
  return files;
}

/**
 * Where `{`, `(`, `[` and `<` nest deepest across the files, skipping comments and strings. A
 * lexical count, not a parse: it only has to point the user at the right place.
 */
export function deepestNesting(files: string[], cwd: string): { depth: number; location: SourceLocation } | undefined {
  let best: { depth: number; location: SourceLocation } | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    let depth = 0;
    let line = 1;
    let column = 0;
    let mode: "code" | "line-comment" | "block-comment" | "string" = "code";
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      column++;
      if (c === "\n") {
        line++;
        column = 0;
        if (mode === "line-comment") mode = "code";
        continue;
      }
      if (mode === "line-comment") continue;
      if (mode === "block-comment") {
        if (c === "*" && text[i + 1] === "/") {
          mode = "code";
          i++;
          column++;
        }
        continue;
      }
      if (mode === "string") {
        if (c === '"') mode = "code";
        else if (c === "\\" && text[i + 1] !== "\n") {
          i++; // an escaped character never ends the string
          column++;
        }
        continue;
      }
      if (c === "/" && text[i + 1] === "/") mode = "line-comment";
      else if (c === "/" && text[i + 1] === "*") {
        mode = "block-comment";
        i++;
        column++;
      } else if (c === '"') mode = "string";
      else if ("{([<".includes(c)) {
        depth++;
        if (!best || depth > best.depth) best = { depth, location: { file: displayPath(file, cwd), line, column } };
      } else if ("})]>".includes(c)) depth = Math.max(0, depth - 1);
    }
  }
  return best;
}
