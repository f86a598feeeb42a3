/**
 * Every flag the CLI accepts, derived from the tool options and the question list: the single
 * table the parser, the unknown-flag suggestions and --help read. Collisions are caught here.
 */
import { StackError } from "../diagnostics.ts";
import { flagName, isInteger } from "./naming.ts";
import { TOOL_OPTIONS, type ToolOptionSpec } from "./tool-options.ts";
import type { Question } from "./types.ts";

export interface FlagSpec {
  /** Without dashes: "dry-run", "pm". */
  flag: string;
  short?: string;
  /** Takes a value (`--db postgres`) rather than being on/off. */
  takesValue: boolean;
  /** Accepts --no-<flag>. */
  negatable: boolean;
  /** Exactly one of these is set. */
  tool?: ToolOptionSpec;
  question?: Question;
}

const FLAG = /^[a-z0-9][a-z0-9-]*$/;

export function buildFlagTable(questions: readonly Question[]): FlagSpec[] {
  const table: FlagSpec[] = TOOL_OPTIONS.map((tool) => ({
    flag: tool.flag,
    short: tool.short,
    takesValue: tool.type === "string",
    negatable: tool.negated === true,
    tool,
  }));
  const owners = new Map<string, string>(TOOL_OPTIONS.map((tool) => [tool.flag, "the tool's own options"]));
  const names = new Map<string, string>();
  for (const question of questions) {
    const where = `question "${question.name}" (${question.group ?? "core"})`;
    const flag = flagName(question);
    if (!FLAG.test(flag)) {
      throw new StackError("plugin-invalid", `${where}: flag "${flag}" must be lowercase letters, digits and dashes`);
    }
    if (names.has(question.name)) {
      throw new StackError("plugin-invalid", `${where}: the name "${question.name}" is already used by ${names.get(question.name)}`);
    }
    if (owners.has(flag)) {
      throw new StackError("plugin-invalid", `${where}: the flag --${flag} is already used by ${owners.get(flag)}`);
    }
    if ((question.type === "select" || question.type === "multiselect") && !question.choices?.length) {
      throw new StackError("plugin-invalid", `${where}: a ${question.type} question needs choices`);
    }
    names.set(question.name, where);
    owners.set(flag, where);
    const isBoolean = question.type === "confirm";
    table.push({ flag, takesValue: !isBoolean, negatable: isBoolean, question });
  }
  return table;
}

/** `<sqlite|postgres>`, `<a,b,...>`, `<number>`, `<value>`, or "" for an on/off flag. */
export function valueHint(spec: FlagSpec): string {
  if (!spec.takesValue) return "";
  if (spec.tool) return `<${spec.tool.valueName ?? "value"}>`;
  const question = spec.question!;
  const values = (question.choices ?? []).map((choice) => choice.value);
  if (question.type === "select") return `<${values.join("|")}>`;
  if (question.type === "multiselect") return `<${values.join(",")}>`;
  return isInteger(question) ? "<number>" : "<value>";
}

/** Every spelling a user could have meant, for "did you mean" suggestions. */
export function allSpellings(table: readonly FlagSpec[]): string[] {
  return table.flatMap((spec) => [`--${spec.flag}`, ...(spec.negatable ? [`--no-${spec.flag}`] : [])]);
}
