/**
 * The checks a person at a prompt gets on the spot: the spec path must exist (a .tsp file or a folder
 * with main.tsp), and a project name that becomes the folder must not name a foreign, non-empty one.
 * Without them the mistake surfaces only after every other question has been answered.
 */
import path from "node:path";
import { isStackError } from "../diagnostics.ts";
import { resolveEntry } from "../spec/compile.ts";
import type { Question } from "../questions/types.ts";
import { checkTarget } from "../write/plan.ts";

export interface PromptCheckOptions {
  cwd: string;
  /** The name answer is also the target folder (no folder argument was given). */
  nameIsTarget: boolean;
  force: boolean;
}

export function promptChecks(options: PromptCheckOptions): (question: Question, value: unknown) => Promise<true | string> {
  return async (question, value) => {
    const text = String(value ?? "").trim();
    try {
      if (question.name === "spec" && text !== "") await resolveEntry(path.resolve(options.cwd, text), text);
      if (question.name === "name" && options.nameIsTarget) await checkTarget(path.resolve(options.cwd, text), options.force);
      return true;
    } catch (error) {
      if (!isStackError(error)) throw error;
      const fix =
        question.name === "spec"
          ? "type a .tsp file or a folder holding main.tsp"
          : "type another name, or rerun with --force to write into it";
      return `${error.message} ${fix[0]!.toUpperCase()}${fix.slice(1)}.`;
    }
  };
}
