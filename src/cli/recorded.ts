/**
 * Running again on a generated project: the answers its typespec-stack.json recorded stand in for
 * the questions, after flags and an answers file, so `create-typespec-stack my-api --yes` (or
 * `update` inside it) regenerates the same stack, from the spec copied into the project.
 */
import path from "node:path";
import { checkAnswers } from "../questions/index.ts";
import type { Answers, Question } from "../questions/types.ts";
import { MANIFEST_FILE, readManifest } from "../write/manifest.ts";

/** The recorded answers of the project in `targetDir` (none when it has no manifest), checked like an answers file. */
export async function recordedAnswers(targetDir: string, cwd: string, questions: readonly Question[]): Promise<Answers> {
  const manifest = await readManifest(targetDir);
  if (!manifest) return {};
  const known = new Set(questions.map((q) => q.name));
  // Answers of a plugin not loaded this time have no question to go to.
  const answers = Object.fromEntries(Object.entries(manifest.answers).filter(([name]) => known.has(name)));
  // The spec is recorded relative to the project; questions resolve it against the working folder.
  if (typeof answers.spec === "string" && answers.spec !== "") {
    answers.spec = path.relative(cwd, path.resolve(targetDir, answers.spec)) || ".";
  }
  return checkAnswers(answers, path.join(targetDir, MANIFEST_FILE), questions);
}
