/**
 * One rule for every question, in order (create-vite's): flag -> answers file -> prompt (only when
 * interactive and not --yes) -> default. A question whose when() is false is skipped.
 */
import { StackError } from "../diagnostics.ts";
import { checkValue } from "./check.ts";
import { answersFileEntry, flagFor } from "./command-line.ts";
import { valueHint } from "./flag-table.ts";
import { defaultFor, flagName } from "./naming.ts";
import type { ApiModel } from "../spec/model.ts";
import type { Answers, Question } from "./types.ts";

/** Asks one question; resolves to the answer. Injected so tests need no terminal. */
export type Prompter = (question: Question, defaultValue: unknown, answers: Answers) => Promise<unknown>;

export interface ResolveOptions {
  /** Answers given as flags (from parseArgv). */
  flags?: Answers;
  /** Answers read from --answers FILE (from readAnswersFile). */
  fileAnswers?: Answers;
  /** The answers file's path, for error messages. */
  answersFile?: string;
  /** --yes: take defaults instead of prompting. A required question without a default is still asked when interactive. */
  yes?: boolean;
  /** From isInteractive(); false means never prompt. */
  interactive: boolean;
  /** Defaults to the @inquirer/prompts session from prompt.ts. */
  prompt?: Prompter;
  /** Compiles the spec the answers name; called at most once, for the first question that `usesSpec`. */
  spec?: (answers: Answers) => Promise<ApiModel>;
  /**
   * Asked once, before the first prompt after the project questions (name, spec): true takes the
   * defaults for every question left, as --yes would. Not asked when nothing is left to ask.
   */
  acceptDefaults?: (answers: Answers) => Promise<boolean>;
}

export async function resolveAnswers(questions: readonly Question[], options: ResolveOptions): Promise<Answers> {
  const flags = options.flags ?? {};
  const file = options.fileAnswers ?? {};
  const answers: Answers = {};
  let compiled: Promise<ApiModel> | undefined;
  let state: AskState = { yes: options.yes === true, gate: options.acceptDefaults };
  for (const question of questions) {
    const flag = `--${flagName(question)}`;
    const api = question.usesSpec && options.spec ? await (compiled ??= options.spec(answers)) : undefined;
    if (question.when && !question.when(answers, api)) {
      if (question.name in flags) {
        const said = typeof question.notApplicable === "function" ? question.notApplicable(answers) : question.notApplicable;
        const why = said ?? "with the other answers given; remove it or change the answer it depends on";
        throw new StackError("flag-invalid", `${flag} does not apply ${why}`, [], `Remove ${flag}, or change the answer it depends on.`);
      }
      // An answers file may be shared by several projects: answers that do not apply are ignored.
      continue;
    }
    const value = await answerFor(question, answers, flags, file, { ...options, yes: state.yes }, flag, api, async () => {
      // The gate stands between the project questions and the rest; it is asked at most once.
      if (question.topic === "project" || !state.gate) return false;
      const accept = await state.gate(answers);
      state = { yes: accept, gate: undefined };
      return accept;
    });
    if (value !== undefined) answers[question.name] = value;
  }
  return answers;
}

async function answerFor(
  question: Question,
  answers: Answers,
  flags: Answers,
  file: Answers,
  options: ResolveOptions,
  flag: string,
  api: ApiModel | undefined,
  /** Resolves true when the person chose to take the defaults for the rest. */
  beforePrompt: () => Promise<boolean>,
): Promise<unknown> {
  if (question.name in flags) {
    return checked(question, flags[question.name], answers, flag, "flag-invalid");
  }
  if (question.name in file) {
    const where = options.answersFile === undefined ? "Answers file" : `Answers file ${options.answersFile}`;
    const subject = `${where}: "${question.name}"`;
    return checked(question, file[question.name], answers, subject, "answers-file-invalid", options.answersFile);
  }
  const fallback = defaultFor(question, answers, api);
  const mustAsk = question.required === true && fallback === undefined;
  if (options.interactive && (!options.yes || mustAsk)) {
    const offered = offeredChoices(question, fallback);
    // One package manager on this machine: nothing to choose between.
    if (offered && offered.length <= 1 && !mustAsk) return fallback;
    if ((await beforePrompt()) && !mustAsk) return fallback;
    const prompt = options.prompt ?? (await import("./prompt.ts")).createPrompter();
    const shown = offered ? { ...question, choices: question.choices?.filter((c) => offered.includes(c.value)) } : question;
    return prompt(shown, fallback ?? question.promptDefault, answers);
  }
  if (mustAsk) {
    const hint = valueHint({ flag: flagName(question), takesValue: question.type !== "confirm", negatable: false, question });
    throw new StackError(
      "answer-missing",
      `No answer for "${question.message}": pass ${flag}${hint ? ` ${hint}` : ""} (there is no default, and prompts are off without a terminal or with CI set)`,
    );
  }
  return fallback;
}

interface AskState {
  yes: boolean;
  gate?: (answers: Answers) => Promise<boolean>;
}

/** The choices a prompt offers (the default always among them), or undefined when it offers all. */
function offeredChoices(question: Question, fallback: unknown): string[] | undefined {
  if (!question.offered) return undefined;
  const offered = question.offered();
  return typeof fallback === "string" && !offered.includes(fallback) ? [fallback, ...offered] : offered;
}

function checked(
  question: Question,
  value: unknown,
  answers: Answers,
  subject: string,
  code: "flag-invalid" | "answers-file-invalid",
  answersFile?: string,
): unknown {
  const example = code === "flag-invalid" ? flagFor : answersFileEntry;
  const problem = checkValue(question, value, { ...answers, [question.name]: value }, subject, example);
  if (problem !== undefined) {
    const fix = answersFile === undefined ? problem.fix : `${problem.fix} in ${answersFile}`;
    throw new StackError(code, problem.message, [], fix);
  }
  return value;
}

export interface TtyLike {
  isTTY?: boolean;
}

/** Prompt only when stdin and stdout are terminals and CI is unset, empty, "false" or "0". */
export function isInteractive(stdin: TtyLike, stdout: TtyLike, env: Record<string, string | undefined>): boolean {
  const ci = (env.CI ?? "").trim().toLowerCase();
  const inCi = ci !== "" && ci !== "false" && ci !== "0";
  return stdin.isTTY === true && stdout.isTTY === true && !inCi;
}
