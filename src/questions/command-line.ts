/**
 * Answers written back as flags: the example in a fix line (`--port 3000`) and the command a
 * person can paste into CI to repeat what they answered at the prompts.
 */
import { shellQuote } from "../post/package-manager.ts";
import { defaultFor, flagName } from "./naming.ts";
import type { Answers, AnswerValue, Question } from "./types.ts";

/** `--db postgres`, `--no-install`, `--deploy docker,kubernetes`, `--name 'my api'`. */
export function flagFor(question: Question, value: AnswerValue): string {
  const flag = flagName(question);
  if (typeof value === "boolean") return value ? `--${flag}` : `--no-${flag}`;
  const text = Array.isArray(value) ? value.join(",") : String(value);
  return `--${flag} ${text === "" ? "''" : shellQuote(text)}`;
}

/** `"port": 3000`: an example as a key of an answers file. */
export function answersFileEntry(question: Question, value: AnswerValue): string {
  return `"${question.name}": ${JSON.stringify(value)}`;
}

export interface CommandLineOptions {
  /** The installed command, e.g. `npx create-typespec-stack`. */
  bin: string;
  /** The folder argument as the user gave it (or the name, which became the folder). */
  folder: string;
  /** Tool flags to repeat as they are, e.g. `--force`, `--plugin ./x`. */
  extra?: string[];
  /** Answers to write even when they equal the default: ones that depend on the machine (the package manager). */
  always?: string[];
}

/**
 * The non-interactive command that gives the same answers: every answer that differs from the
 * default the question would take (so the line stays short), plus `always`, then `--yes`.
 */
export function commandLine(questions: readonly Question[], answers: Answers, options: CommandLineOptions): string {
  const words = [options.bin, shellQuote(options.folder)];
  const soFar: Answers = {};
  for (const question of questions) {
    if (!(question.name in answers)) continue;
    const value = answers[question.name] as AnswerValue;
    const fallback = safeDefault(question, soFar);
    soFar[question.name] = value;
    // The name defaults from the folder, which is on the line already.
    if (question.name === "name" && value === fallback) continue;
    if (!options.always?.includes(question.name) && same(value, fallback)) continue;
    words.push(flagFor(question, value));
  }
  return [...words, ...(options.extra ?? []), "--yes"].join(" ");
}

function safeDefault(question: Question, answers: Answers): unknown {
  try {
    return defaultFor(question, answers);
  } catch {
    return undefined;
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
