/**
 * What a person answered, shown before anything is written: one line per choice, and the command
 * that gives the same project without questions (to paste into CI or a script).
 */
import { labelOf } from "../questions/topics.ts";
import type { Answers, Question } from "../questions/types.ts";

/** `postgres`, `yes`, `docker, kubernetes`, or the words an empty answer stands for. */
export function shownAnswer(question: Question, value: unknown): string {
  if (value === "" && question.defaultLabel) return question.defaultLabel;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length > 0 ? value.join(", ") : "none";
  return String(value);
}

export function formatSummary(questions: readonly Question[], answers: Answers, command: string): string {
  const answered = questions.filter((question) => question.name in answers);
  const width = Math.max(...answered.map((question) => labelOf(question).length));
  const lines = ["Your choices:"];
  for (const question of answered) lines.push(`  ${labelOf(question).padEnd(width)}  ${shownAnswer(question, answers[question.name])}`);
  lines.push("The same without questions (for CI):", `  ${command}`);
  return lines.join("\n");
}
