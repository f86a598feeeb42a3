/**
 * argv -> positionals, tool options and the answers given as flags. Built from the same question
 * list as the prompts: confirm -> --x / --no-x, select -> one of its choices, multiselect ->
 * comma-separated choices (repeatable), integer input -> a whole number, input -> text.
 */
import { parseArgs } from "node:util";
import { StackError } from "../diagnostics.ts";
import { checkValue } from "./check.ts";
import { flagFor } from "./command-line.ts";
import { allSpellings, buildFlagTable, type FlagSpec, valueHint } from "./flag-table.ts";
import { isInteger } from "./naming.ts";
import { closest } from "./suggest.ts";
import { defaultToolOptions, TOOL_OPTIONS, type ToolOptions } from "./tool-options.ts";
import type { Answers, Question } from "./types.ts";

export interface ParsedArgv {
  positionals: string[];
  options: ToolOptions;
  /** Only the answers given as flags, keyed by question name. */
  answers: Answers;
}

type Token = NonNullable<ReturnType<typeof parseArgs>["tokens"]>[number];
type OptionToken = Extract<Token, { kind: "option" }>;

/** Parse argv strictly: an unknown flag or a bad value is a StackError naming the flag. */
export function parseArgv(argv: readonly string[], questions: readonly Question[]): ParsedArgv {
  return parse(argv, buildFlagTable(questions), true);
}

/**
 * Only the tool options, ignoring every other flag and never throwing. The CLI reads --plugin (the
 * plugins add questions, so the full list is known only afterwards), --json and --debug (to report
 * a flag error in the right format) before the strict parse.
 */
export function peekToolOptions(argv: readonly string[]): ToolOptions {
  return parse(argv, buildFlagTable([]), false).options;
}

/**
 * The first positional argument (the target folder or `update`), read before third-party plugins
 * are loaded. `questions` are the ones known by then (core and built-in layers): their value flags
 * must be known, or `--pm pnpm update` would take `pnpm` for the folder.
 */
export function peekFirstPositional(argv: readonly string[], questions: readonly Question[]): string | undefined {
  return parse(argv, buildFlagTable(questions), false).positionals[0];
}

function parse(argv: readonly string[], table: FlagSpec[], strict: boolean): ParsedArgv {
  const byFlag = new Map(table.map((spec) => [spec.flag, spec]));
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const spec of table) {
    options[spec.flag] = { type: spec.takesValue ? "string" : "boolean", ...(spec.short ? { short: spec.short } : {}) };
  }
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });

  const result: ParsedArgv = { positionals: [], options: defaultToolOptions(), answers: {} };
  for (const token of tokens) {
    if (token.kind === "positional") result.positionals.push(token.value);
    if (token.kind !== "option") continue;
    try {
      apply(token, byFlag, table, result);
    } catch (error) {
      if (strict) throw error;
    }
  }
  if (strict) {
    for (const spec of table) {
      const question = spec.question;
      if (!question || !(question.name in result.answers)) continue;
      const problem = checkValue(question, result.answers[question.name], result.answers, `--${spec.flag}`, flagFor);
      if (problem !== undefined) throw new StackError("flag-invalid", problem.message, [], problem.fix);
    }
  }
  return result;
}

function apply(token: OptionToken, byFlag: Map<string, FlagSpec>, table: FlagSpec[], result: ParsedArgv): void {
  const raw = token.rawName;
  const negated = raw.startsWith("--no-") && !byFlag.has(token.name) ? byFlag.get(token.name.slice(3)) : undefined;
  if (negated) {
    if (!negated.negatable) {
      throw new StackError(
        "flag-invalid",
        `${raw} is not a flag: --${negated.flag} takes a value, it is not on/off`,
        [],
        `Pass a value instead, e.g. --${negated.flag} ${exampleValue(negated)}`,
      );
    }
    if (token.value !== undefined) throw new StackError("flag-invalid", `${raw} takes no value`, [], `Write it alone: ${raw}`);
    set(negated, false, result);
    return;
  }
  const spec = byFlag.get(token.name);
  if (!spec) throw unknownFlag(raw, table);
  if (!spec.takesValue) {
    set(spec, onOff(raw, token), result);
    return;
  }
  const value = token.value;
  const looksLikeFlag = value !== undefined && !token.inlineValue && value.startsWith("-") && !/^-\d+$/.test(value);
  if (value === undefined || looksLikeFlag) {
    throw new StackError(
      "flag-invalid",
      `${raw} needs a value${hintFor(spec)}`,
      [],
      `Put the value after the flag, e.g. ${raw} ${exampleValue(spec)}`,
    );
  }
  set(spec, value, result);
}

function onOff(raw: string, token: OptionToken): boolean {
  if (token.value === undefined) return true;
  if (/^(true|false)$/i.test(token.value)) return token.value.toLowerCase() === "true";
  throw new StackError(
    "flag-invalid",
    `${raw} is on/off and takes no value (got "${token.value}")`,
    [],
    `Use ${raw} to turn it on, or --no-${token.name} to turn it off.`,
  );
}

function set(spec: FlagSpec, value: string | boolean, result: ParsedArgv): void {
  if (spec.tool) {
    const key = spec.tool.key;
    if (spec.tool.multiple) result.options.plugins.push(String(value));
    else (result.options as unknown as Record<string, unknown>)[key] = value;
    return;
  }
  const question = spec.question!;
  const answers = result.answers;
  if (typeof value === "boolean") answers[question.name] = value;
  else if (question.type === "multiselect") {
    const previous = Array.isArray(answers[question.name]) ? (answers[question.name] as string[]) : [];
    const items = value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
    answers[question.name] = [...new Set([...previous, ...items])];
  } else if (isInteger(question) && /^-?\d+$/.test(value.trim())) answers[question.name] = Number(value.trim());
  else answers[question.name] = value;
}

/** A value the flag accepts, for a fix line: its first choice, its number default, or its placeholder. */
function exampleValue(spec: FlagSpec): string {
  const question = spec.question;
  if (question?.choices?.length) return question.choices[0]!.value;
  if (question && typeof question.default === "number") return String(question.default);
  return valueHint(spec);
}

function hintFor(spec: FlagSpec): string {
  const choices = spec.question?.choices?.map((choice) => choice.value);
  return choices?.length ? ` (one of: ${choices.join(", ")})` : "";
}

function unknownFlag(raw: string, table: FlagSpec[]): StackError {
  const isShort = !raw.startsWith("--");
  const shorts = TOOL_OPTIONS.filter((tool) => tool.short).map((tool) => `-${tool.short}`);
  const suggestion = closest(isShort ? `--${raw.slice(1)}` : raw, allSpellings(table));
  const known = isShort ? ` (short flags: ${shorts.join(", ")})` : "";
  return new StackError("flag-unknown", `Unknown flag ${raw}${suggestion ? `. Did you mean ${suggestion}?` : known ? `${known}.` : "."}`);
}
