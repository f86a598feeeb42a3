/**
 * Small facts derived from a question declaration: its flag, whether it holds an integer, and its
 * default for the answers given so far. Every other module asks here instead of re-deriving them.
 */
import { kebabCase } from "../names.ts";
import type { ApiModel } from "../spec/model.ts";
import type { Answers, Question } from "./types.ts";

// "packageManager" -> "package-manager": the one casing function the generator uses too.
export { kebabCase } from "../names.ts";

/** The CLI flag without dashes: `flag` if declared, else the kebab-case of `name`. */
export function flagName(question: Question): string {
  return question.flag ?? kebabCase(question.name);
}

/** True for an input question whose value is a whole number. */
export function isInteger(question: Question): boolean {
  return question.type === "input" && (question.integer === true || typeof question.default === "number");
}

/** The question's default for the answers given so far; a default function is called with them. */
export function defaultFor(question: Question, answers: Answers, api?: ApiModel): unknown {
  const value = question.default;
  return typeof value === "function" ? value(answers, api) : value;
}
