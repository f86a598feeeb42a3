/**
 * Small facts derived from a question declaration: its flag, whether it holds an integer, and its
 * default for the answers given so far. Every other module asks here instead of re-deriving them.
 */
import type { Answers, Question } from "./types.ts";

/** "packageManager" -> "package-manager". */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[\s_]+/g, "-")
    .toLowerCase();
}

/** The CLI flag without dashes: `flag` if declared, else the kebab-case of `name`. */
export function flagName(question: Question): string {
  return question.flag ?? kebabCase(question.name);
}

/** True for an input question whose value is a whole number. */
export function isInteger(question: Question): boolean {
  return question.type === "input" && (question.integer === true || typeof question.default === "number");
}

/** The question's default for the answers given so far; a default function is called with them. */
export function defaultFor(question: Question, answers: Answers): unknown {
  const value = question.default;
  return typeof value === "function" ? (value as (answers: Answers) => unknown)(answers) : value;
}
