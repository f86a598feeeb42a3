/**
 * What to type after a project is written: the folder (shell-quoted), the install when it was
 * skipped, a new project's database server setup (the same steps its README shows), `dev` with
 * the address it serves, the tests, and the token command when the project mints development JWTs.
 */
import type { SetupStep } from "../codegen/database-setup.ts";
import { type PackageManager, shellQuote } from "../post/package-manager.ts";
import { targetOf } from "../../targets/index.ts";

export type NextStep = SetupStep;

export interface NextStepsInput {
  /** The project folder as the user gave it ("." when it is here). */
  folder: string;
  pm: PackageManager;
  installed: boolean;
  port: number;
  /** The generated package.json's scripts. */
  scripts: Record<string, string>;
  /** The `db` answer; a server database gets its setup steps on a new project only. */
  db?: unknown;
  newProject?: boolean;
  /** The `target` answer (the language); TypeScript when absent. */
  target?: unknown;
}

/** The folder to change to, then what the project's target says to run there. */
export function nextSteps(input: NextStepsInput): NextStep[] {
  return [
    ...(input.folder === "." ? [] : [{ command: `cd ${shellQuote(input.folder)}` }]),
    ...targetOf({ target: input.target }).nextSteps(input),
  ];
}

/** One step a line, the notes lined up as shell comments. */
export function formatNextSteps(steps: NextStep[], dim: (text: string) => string = (text) => text): string {
  // Lined up by the commands that carry a note: a long `cd /abs/path` does not push them right.
  const width = Math.max(0, ...steps.filter((step) => step.note).map((step) => step.command.length)) + 2;
  return steps.map((step) => `  ${step.note ? `${step.command.padEnd(width)}${dim(`# ${step.note}`)}` : step.command}`).join("\n");
}
