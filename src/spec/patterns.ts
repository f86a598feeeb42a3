/**
 * @pattern strings must be regular expressions the generated server can compile. TypeSpec accepts
 * any string; an invalid one used to surface only when Fastify compiled the route schemas (the
 * generated server failed to start) or when samples were drawn from it (the scaffold crashed).
 */
import type { DiagnosticTarget, ModelProperty, Program, Type } from "@typespec/compiler";
import { getPattern } from "@typespec/compiler";
import { StackError } from "../diagnostics.ts";
import { formatLocation, locate } from "./location.ts";

/**
 * Why `pattern` does not compile, or undefined when it does. The u flag, as JSON Schema
 * validators (Ajv, which Fastify uses) compile patterns: stricter than a plain JavaScript RegExp.
 */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
    return undefined;
  } catch (error) {
    // "Invalid regular expression: /[a-/u: Unterminated character class" -> the last part.
    return String((error as Error).message)
      .split(": ")
      .at(-1);
  }
}

/** The property, or the scalar under it, whose own @pattern applies (the nearest, as constraintsOf reads it). */
function patternOwner(program: Program, target: ModelProperty): Type | undefined {
  if (getPattern(program, target) !== undefined) return target;
  for (let s = target.type.kind === "Scalar" ? target.type : undefined; s; s = s.baseScalar) {
    if (getPattern(program, s) !== undefined) return s;
  }
  return undefined;
}

/** Collects every invalid @pattern the operations reach, so the user sees them all in one error. */
export class InvalidPatterns {
  private readonly lines = new Set<string>();
  private readonly cwd: string;

  constructor(cwd: string) {
    this.cwd = cwd;
  }

  /** Checks `pattern`, the constraint read from `target`; points at the @pattern that set it. */
  check(program: Program, target: ModelProperty, pattern: string | undefined): void {
    if (pattern === undefined) return;
    const problem = patternProblem(pattern);
    if (problem === undefined) return;
    const owner = patternOwner(program, target) ?? target;
    const decorator =
      owner.kind === "ModelProperty" || owner.kind === "Scalar"
        ? owner.decorators.find((d) => d.definition?.name === "@pattern")
        : undefined;
    const site: DiagnosticTarget = decorator?.node ?? owner;
    this.lines.add(
      `${formatLocation(locate(site, this.cwd))} - @pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${problem}`,
    );
  }

  throwIfAny(entry: string): void {
    if (this.lines.size === 0) return;
    const lines = [...this.lines];
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : "";
    throw new StackError("spec-pattern-invalid", `${entry} has an invalid @pattern: ${lines[0]}${more}`, lines);
  }
}
