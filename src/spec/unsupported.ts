/** Collects every construct we cannot generate yet, so the user sees them all in one error. */
import type { DiagnosticTarget } from "@typespec/compiler";
import { StackError } from "../diagnostics.ts";
import { formatLocation, locate } from "./location.ts";

export class Unsupported {
  private readonly lines: string[] = [];
  private readonly seen = new Set<string>();
  private readonly cwd: string;

  constructor(cwd: string) {
    this.cwd = cwd;
  }

  /** `construct` says what, in words a user recognises: "multipart request body". */
  add(construct: string, target: DiagnosticTarget | undefined): void {
    const line = `${formatLocation(target === undefined ? undefined : locate(target, this.cwd))} - ${construct}`;
    if (this.seen.has(line)) return;
    this.seen.add(line);
    this.lines.push(line);
  }

  throwIfAny(entry: string): void {
    if (this.lines.length === 0) return;
    const first = this.lines[0];
    const more = this.lines.length > 1 ? ` (and ${this.lines.length - 1} more)` : "";
    throw new StackError("spec-unsupported", `${entry} uses constructs this tool cannot generate yet: ${first}${more}`, [...this.lines]);
  }
}
