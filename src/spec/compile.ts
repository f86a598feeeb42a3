/** Compile the user's TypeSpec; every error becomes one StackError that names file:line:col. */
import { compile, NodeHost } from "@typespec/compiler";
import type { Diagnostic, Program } from "@typespec/compiler";
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { StackError } from "../diagnostics.ts";
import { toolNodeModules, withToolLibraries } from "./library-host.ts";
import { packageRoot } from "../tool.ts";
import { guardDepth } from "./depth.ts";
import { displayPath, formatLocation, locate } from "./location.ts";

export interface CompiledSpec {
  program: Program;
  /** Absolute path of the entry .tsp file. */
  entry: string;
  /** Warnings the compiler reported; they never stop generation. */
  warnings: string[];
}

export async function compileSpec(specPath: string, opts: { cwd?: string } = {}): Promise<CompiledSpec> {
  const cwd = opts.cwd ?? process.cwd();
  const entry = await resolveEntry(resolve(cwd, specPath), specPath);
  // A silent log sink: everything worth telling arrives as diagnostics, and --json output must stay clean.
  // packages/ holds the TypeSpec libraries this tool ships (@typespec-stack/events), laid out like a
  // node_modules folder, so a spec imports them exactly as it imports @typespec/http.
  const libraries = [...toolNodeModules(), join(packageRoot, "packages")];
  const host = { ...withToolLibraries(NodeHost, entry, libraries), logSink: { log: () => {} } };
  const program = await guardDepth(entry, cwd, "compile", () => compile(host, entry, { noEmit: true }));
  const errors = program.diagnostics.filter((d) => d.severity === "error");
  const warnings = program.diagnostics.filter((d) => d.severity !== "error").map((d) => formatDiagnosticLine(d, cwd));
  if (program.hasError() || errors.length > 0) {
    const n = errors.length;
    throw new StackError(
      "spec-invalid",
      `${displayPath(entry, cwd)} has ${n} error${n === 1 ? "" : "s"}`,
      errors.map((d) => formatDiagnosticLine(d, cwd)),
    );
  }
  return { program, entry, warnings };
}

/** A .tsp file as is; a folder means its main.tsp (a tspconfig.yaml beside it is left alone). */
export async function resolveEntry(absolute: string, given: string): Promise<string> {
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new StackError("spec-not-found", `Spec not found: ${given} (looked at ${absolute})`);
  if (info.isFile()) return absolute;
  const main = join(absolute, "main.tsp");
  const mainInfo = await stat(main).catch(() => undefined);
  if (!mainInfo?.isFile()) throw new StackError("spec-not-found", `No main.tsp in folder ${given} (looked for ${main})`);
  return main;
}

/**
 * `path:line:col - error code: message`, built by hand: formatDiagnostic's pretty printer has
 * crashed on some syntax errors ("Invalid count value: -1") in newer compilers.
 */
export function formatDiagnosticLine(d: Diagnostic, cwd: string): string {
  const where = locate(d.target, cwd);
  const prefix = where ? `${formatLocation(where)} - ` : "";
  return `${prefix}${d.severity} ${d.code}: ${d.message}`;
}
