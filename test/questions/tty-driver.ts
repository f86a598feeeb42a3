/**
 * Run by prompt-tty.test.ts inside a real terminal (tmux): resolves the core questions exactly as
 * the CLI will (isInteractive on the real streams, the real @inquirer prompter) and prints the
 * answers, or the error code with its exit status.
 */
import { isStackError } from "../../src/diagnostics.ts";
import { coreQuestions } from "../../src/questions/core.ts";
import { isInteractive, resolveAnswers } from "../../src/questions/resolve.ts";

try {
  const questions = coreQuestions({ targetDir: "shop", env: {}, installed: () => ["npm", "pnpm", "yarn", "bun"] });
  const interactive = isInteractive(process.stdin, process.stdout, process.env);
  const answers = await resolveAnswers(questions, { interactive, yes: process.argv.includes("--yes") });
  console.log(`ANSWERS ${JSON.stringify(answers)}`);
} catch (error) {
  if (!isStackError(error)) throw error;
  console.log(`ERROR ${error.code}: ${error.message}`);
  process.exitCode = error.exitCode;
}
