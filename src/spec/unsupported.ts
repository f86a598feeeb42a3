/**
 * Collects every construct we cannot generate yet, so the user sees them all in one error, and
 * the ones generated only in part (warnings: the spec still builds, the CLI names each location).
 */
import type { DiagnosticTarget } from "@typespec/compiler";
import { StackError } from "../diagnostics.ts";
import { formatLocation, locate } from "./location.ts";

export class Unsupported {
  private readonly lines: string[] = [];
  private readonly notes: string[] = [];
  private readonly seen = new Set<string>();
  private readonly cwd: string;

  constructor(cwd: string) {
    this.cwd = cwd;
  }

  private line(construct: string, target: DiagnosticTarget | undefined): string | undefined {
    const line = `${formatLocation(target === undefined ? undefined : locate(target, this.cwd))} - ${construct}`;
    if (this.seen.has(line)) return undefined;
    this.seen.add(line);
    return line;
  }

  /** `construct` says what, in words a user recognises: "multipart request body". */
  add(construct: string, target: DiagnosticTarget | undefined): void {
    const line = this.line(construct, target);
    if (line !== undefined) this.lines.push(line);
  }

  /**
   * `__proto__` on the wire: a JavaScript object takes the key for its prototype (an assignment
   * changes the prototype, a lookup finds it) and Fastify refuses JSON bodies that hold it.
   */
  wireName(name: string, what: string, target: DiagnosticTarget | undefined): void {
    if (name !== "__proto__") return;
    this.add(`${what} named "__proto__", which JavaScript objects take for their prototype (rename it, or its wire name)`, target);
  }

  /** A construct generated in part: `what` says what the project gets instead ("… answers 501"). */
  warn(what: string, target: DiagnosticTarget | undefined): void {
    const line = this.line(what, target);
    if (line !== undefined) this.notes.push(line);
  }

  get warnings(): string[] {
    return [...this.notes];
  }

  throwIfAny(entry: string): void {
    if (this.lines.length === 0) return;
    const first = this.lines[0];
    const more = this.lines.length > 1 ? ` (and ${this.lines.length - 1} more)` : "";
    throw new StackError("spec-unsupported", `${entry} uses constructs this tool cannot generate yet: ${first}${more}`, [...this.lines]);
  }
}
