/**
 * A target is the language a project is generated in. What a target decides beyond its layer
 * plugins (which say `targets: [...]` themselves) is small and listed here: how it is offered,
 * whether a package manager applies, and how dependencies are installed after writing.
 */
import type { Answers } from "../src/plugins/contract.ts";
import type { PostTask } from "../src/post/tasks.ts";
import type { NextStep, NextStepsInput } from "../src/cli/next-steps.ts";

export interface Target {
  /** The `target` answer: "typescript", "go". */
  name: string;
  /** How the prompt and --help offer it. */
  label: string;
  /** Whether the package-manager question applies (npm, pnpm, yarn, bun). */
  packageManager: boolean;
  /** Installs the project's dependencies after it is written (`--install`). */
  install(answers: Answers): PostTask;
  /** What to run in the project once it is written (after `cd`), each with a note. */
  nextSteps(input: NextStepsInput): NextStep[];
  /** How `create-typespec-stack dev` serves the project while its spec is edited. */
  dev(answers: Answers): DevCommand;
}

/** The process `dev` runs beside its spec watcher. */
export interface DevCommand {
  command: string;
  args: string[];
  /**
   * Source folders whose saves restart the process, for a language without a watcher of its own
   * (Go: `go run` builds once); absent when the command watches by itself (tsx).
   */
  restartOn?: { folders: string[]; extension: string };
}
