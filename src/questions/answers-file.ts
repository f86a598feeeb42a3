/**
 * --answers FILE: a .json, .yaml or .yml object of answers, checked against the question list
 * exactly as flags are (types, choices, validate), with errors that name the file and the key.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { StackError } from "../diagnostics.ts";
import { checkValue } from "./check.ts";
import { answersFileEntry } from "./command-line.ts";
import { flagName } from "./naming.ts";
import { closest } from "./suggest.ts";
import type { Answers, Question } from "./types.ts";

const FORMATS: Record<string, "json" | "yaml"> = { ".json": "json", ".yaml": "yaml", ".yml": "yaml" };

export function readAnswersFile(path: string, questions: readonly Question[]): Answers {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) {
    throw new StackError("answers-file-invalid", `Answers file ${path} must end in .json, .yaml or .yml`);
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message;
    throw new StackError("answers-file-invalid", `Cannot read answers file ${path}: ${why}`);
  }
  let data: unknown;
  try {
    data = format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new StackError("answers-file-invalid", `Answers file ${path} is not valid ${format.toUpperCase()}: ${(error as Error).message}`);
  }
  return checkAnswers(data, path, questions);
}

/**
 * Checks already-parsed answers (from a file, or recorded in typespec-stack.json). Keys are question
 * names (`packageManager`) or their flags (`pm`); the result is keyed by question name.
 */
export function checkAnswers(data: unknown, file: string, questions: readonly Question[]): Answers {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new StackError("answers-file-invalid", `Answers file ${file} must hold an object of answers, such as {"name": "my-api"}`);
  }
  const byKey = new Map<string, Question>();
  for (const question of questions) {
    byKey.set(flagName(question), question);
    byKey.set(question.name, question);
  }
  const answers: Answers = {};
  const keyOf = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    const question = byKey.get(key);
    if (!question) {
      const known = questions.map((q) => q.name);
      const suggestion = closest(key, [...byKey.keys()]);
      throw new StackError(
        "answers-file-invalid",
        `Answers file ${file}: unknown key "${key}".${suggestion ? ` Did you mean "${byKey.get(suggestion)!.name}"?` : ""} Known keys: ${known.join(", ")}`,
      );
    }
    if (keyOf.has(question.name)) {
      throw new StackError(
        "answers-file-invalid",
        `Answers file ${file}: "${question.name}" is given twice (as "${keyOf.get(question.name)}" and "${key}")`,
      );
    }
    keyOf.set(question.name, key);
    answers[question.name] = value;
  }
  for (const question of questions) {
    if (!(question.name in answers)) continue;
    const subject = `Answers file ${file}: "${keyOf.get(question.name)}"`;
    const problem = checkValue(question, answers[question.name], answers, subject, answersFileEntry);
    if (problem !== undefined) throw new StackError("answers-file-invalid", problem.message, [], `${problem.fix} in ${file}`);
  }
  return answers;
}
