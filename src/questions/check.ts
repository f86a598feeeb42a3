/**
 * Checks one typed value against its question: type, choices, then the question's own validate().
 * Shared by the flag parser and the answers-file reader, which add the subject (`--db`, `a.yaml: db`)
 * and say how an example is written there (`--port 3000`, `"port": 3000`).
 */
import { isInteger } from "./naming.ts";
import type { Answers, AnswerValue, Question } from "./types.ts";

/** `"oracle"`, `3`, `["a"]`: how a rejected value is quoted in a message. */
export function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function choiceList(question: Question): string {
  return (question.choices ?? []).map((choice) => choice.value).join(", ");
}

/** What is wrong, and the fix line: the rule the value must follow with an example that follows it. */
export interface Problem {
  message: string;
  fix: string;
}

/** How an example answer is written where the bad one came from: `--port 3000`, `"port": 3000`. */
export type ExampleWriter = (question: Question, value: AnswerValue) => string;

/**
 * Returns undefined when the value is acceptable, else a message that starts with the subject
 * (`--db`, `answers.yaml: db`): `--db must be one of: sqlite, postgres (got "oracle")`, or for a
 * validate() failure `--name: <its message>`, each with a fix that is true for that question.
 */
export function checkValue(
  question: Question,
  value: unknown,
  answers: Answers,
  subject: string,
  example: ExampleWriter,
): Problem | undefined {
  const typeProblem = checkType(question, value);
  if (typeProblem !== undefined) return { message: `${subject} ${typeProblem}`, fix: typeFix(question, example) };
  const verdict = question.validate?.(value, answers) ?? true;
  if (verdict === true) return undefined;
  const own = question.fix?.(value);
  const fix = own
    ? `${own.rule}, e.g. ${example(question, own.example)}`
    : `Change the value of ${subject.replace(/:$/, "")} as the message above says.`;
  return { message: `${subject}: ${verdict}`, fix };
}

/** The fix for a value of the wrong kind, with an example of the right kind. */
function typeFix(question: Question, example: ExampleWriter): string {
  const first = question.choices?.[0]?.value ?? "";
  switch (question.type) {
    case "confirm":
      return `Use true or false, e.g. ${example(question, true)}`;
    case "select":
      return `Use one of the values listed above, e.g. ${example(question, first)}`;
    case "multiselect":
      return `Use a list of the values listed above, e.g. ${example(question, [first])}`;
    case "input":
      return isInteger(question)
        ? `Use a whole number, e.g. ${example(question, typeof question.default === "number" ? question.default : 1)}`
        : `Use text, e.g. ${example(question, "text")}`;
  }
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
