/**
 * What the CLI prints: human text on stderr/stdout with optional colour, or exactly one JSON
 * document on stdout with --json. Errors show their code, the input they name, and the fix.
 */
import type { StackError } from "../diagnostics.ts";

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function createStyle(color: boolean): Style {
  if (!color) {
    const plain = (text: string) => text;
    return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  }
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function useColor(io: Io, flag: boolean): boolean {
  return flag && !("NO_COLOR" in io.env && io.env.NO_COLOR !== "") && Boolean(io.stderr.isTTY);
}

export function formatError(error: StackError, style: Style): string {
  // Stopping on purpose is not a mistake: one calm line, no "error" or "fix" labels.
  if (error.code === "cancelled") return `${error.message}\n`;
  const lines = [`${style.red(style.bold("error"))} ${style.dim(error.code)}: ${error.message}`];
  for (const detail of error.details) lines.push(`  ${detail}`);
  lines.push(`${style.cyan("fix")}: ${error.hint}`);
  return lines.join("\n") + "\n";
}

/** Constructs the spec uses that the project has only in part, one per line with its location. */
export function formatWarnings(warnings: readonly string[], style: Style): string {
  return warnings.map((line) => `${style.yellow(style.bold("warning"))} ${line}`).join("\n");
}

export function errorJson(error: StackError): Record<string, unknown> {
  return { ok: false, error: { code: error.code, message: error.message, details: error.details, hint: error.hint } };
}

export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
