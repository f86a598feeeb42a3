/**
 * What to type after a project is written: the folder (shell-quoted), the install when it was
 * skipped, `dev` with the address it serves, the tests, and the token command when the project
 * mints development JWTs.
 */
import { type PackageManager, packageManagerCommands, shellQuote } from "../post/package-manager.ts";

export interface NextStep {
  command: string;
  note?: string;
}

export interface NextStepsInput {
  /** The project folder relative to where the user is ("." when it is here). */
  folder: string;
  pm: PackageManager;
  installed: boolean;
  port: number;
  /** The generated package.json's scripts. */
  scripts: Record<string, string>;
}

export function nextSteps(input: NextStepsInput): NextStep[] {
  const pm = packageManagerCommands(input.pm);
  return [
    ...(input.folder === "." ? [] : [{ command: `cd ${shellQuote(input.folder)}` }]),
    ...(input.installed ? [] : [{ command: pm.install }]),
    { command: pm.run("dev"), note: `serves http://127.0.0.1:${input.port} and restarts on every save` },
    { command: pm.run("test"), note: "builds, then calls every route on a real server" },
    ...(input.scripts.token ? [{ command: pm.run("token"), note: "mints a development JWT for the protected routes" }] : []),
  ];
}

/** One step a line, the notes lined up as shell comments. */
export function formatNextSteps(steps: NextStep[], dim: (text: string) => string = (text) => text): string {
  const width = Math.max(...steps.map((step) => step.command.length)) + 2;
  return steps.map((step) => `  ${step.note ? `${step.command.padEnd(width)}${dim(`# ${step.note}`)}` : step.command}`).join("\n");
}
