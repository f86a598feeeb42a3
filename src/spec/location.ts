/** Turns TypeSpec diagnostic targets into `file:line:col` that a user can click. */
import { getSourceLocation, NoTarget } from "@typespec/compiler";
import type { DiagnosticTarget } from "@typespec/compiler";
import { relative } from "node:path";
import type { SourceLocation } from "./model.ts";

/** 1-based line and column of a target, with the file relative to cwd; undefined for synthetic types. */
export function locate(target: DiagnosticTarget | typeof NoTarget | undefined, cwd: string = process.cwd()): SourceLocation | undefined {
  let loc;
  try {
    loc = getSourceLocation(target, { locateId: true });
  } catch {
    // Types built by decorators or mutators can lack a bound node; a missing location is not fatal.
    return undefined;
  }
  if (!loc || loc.isSynthetic) return undefined;
  const { line, character } = loc.file.getLineAndCharacterOfPosition(loc.pos);
  return { file: displayPath(loc.file.path, cwd), line: line + 1, column: character + 1 };
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : "<unknown location>";
}

/** Forward slashes everywhere so messages and snapshots read the same on every OS. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return (rel === "" ? path : rel).split("\\").join("/");
}
