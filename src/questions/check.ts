/**
 * Checks one typed value against its question: type, choices, then the question's own validate().
 * Shared by the flag parser and the answers-file reader, which add the subject (`--db`, `a.yaml: db`).
 */
import { isInteger } from "./naming.ts";
import type { Answers, Question } from "./types.ts";

/** `"oracle"`, `3`, `["a"]`: how a rejected value is quoted in a message. */
export function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function choiceList(question: Question): string {
  return (question.choices ?? []).map((choice) => choice.value).join(", ");
}

/**
 * Returns undefined when the value is acceptable, else a message that starts with the subject
 * (`--db`, `answers.yaml: db`): `--db must be one of: sqlite, postgres (got "oracle")`, or for a
 * validate() failure `--name: <its message>`.
 */
export function checkValue(question: Question, value: unknown, answers: Answers, subject: string): string | undefined {
  const typeProblem = checkType(question, value);
  if (typeProblem !== undefined) return `${subject} ${typeProblem}`;
  const verdict = question.validate?.(value, answers) ?? true;
  return verdict === true ? undefined : `${subject}: ${verdict}`;
}

function checkType(question: Question, value: unknown): string | undefined {
  const allowed = new Set((question.choices ?? []).map((choice) => choice.value));
  switch (question.type) {
    case "confirm":
      return typeof value === "boolean" ? undefined : `must be true or false (got ${shown(value)})`;
    case "select":
      return typeof value === "string" && allowed.has(value) ? undefined : `must be one of: ${choiceList(question)} (got ${shown(value)})`;
    case "multiselect": {
      if (!Array.isArray(value)) return `must be a list of: ${choiceList(question)} (got ${shown(value)})`;
      const bad = value.find((item) => typeof item !== "string" || !allowed.has(item));
      return bad === undefined ? undefined : `must be a list of: ${choiceList(question)} (got ${shown(bad)})`;
    }
    case "input":
      if (isInteger(question)) {
        return Number.isSafeInteger(value) ? undefined : `must be a whole number (got ${shown(value)})`;
      }
      return typeof value === "string" ? undefined : `must be text (got ${shown(value)})`;
  }
}
