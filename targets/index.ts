/**
 * Every target, in the order the prompt offers them. Adding a language is a folder under targets/
 * (its target.ts, generators, views and templates) and one entry here and in generators/index.ts.
 */
import { StackError } from "../src/diagnostics.ts";
import type { Answers } from "../src/plugins/contract.ts";
import { go } from "./go/target.ts";
import type { Target } from "./target.ts";
import { typescript } from "./typescript/target.ts";

export type { Target } from "./target.ts";

export const TARGETS: readonly Target[] = [typescript, go];

export const DEFAULT_TARGET = typescript.name;

/** The language a project is generated in (the `target` answer); TypeScript unless it says otherwise. */
export function targetName(answers: Answers): string {
  return typeof answers.target === "string" && answers.target !== "" ? answers.target : DEFAULT_TARGET;
}

export function targetOf(answers: Answers): Target {
  const name = targetName(answers);
  const target = TARGETS.find((t) => t.name === name);
  if (!target)
    throw new StackError("flag-invalid", `there is no target "${name}"`, [], `Use one of ${TARGETS.map((t) => t.name).join(", ")}.`);
  return target;
}
