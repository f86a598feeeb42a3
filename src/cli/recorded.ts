/**
 * Running again on a generated project: the answers its typespec-stack.json recorded stand in for
 * the questions, after flags and an answers file, so `create-typespec-stack my-api --yes` (or
 * `update` inside it) regenerates the same stack, from the spec copied into the project.
 */
import path from "node:path";
import { isPathLike } from "../plugins/loader.ts";
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

/** The plugins and team templates a project was generated with, as paths that work from anywhere. */
export interface RecordedSetup {
  /** Absolute paths, or package names to resolve from the project. */
  plugins: string[];
  templates?: string;
}

export async function recordedSetup(projectDir: string): Promise<RecordedSetup> {
  const manifest = await readManifest(projectDir);
  const resolve = (spec: string) => (isPathLike(spec) ? path.resolve(projectDir, spec) : spec);
  return {
    plugins: (manifest?.plugins ?? []).map(resolve),
    ...(manifest?.templates !== undefined ? { templates: path.resolve(projectDir, manifest.templates) } : {}),
  };
}

/** What the manifest records: plugin paths and the templates folder relative to the project, so it moves with it. */
export function setupToRecord(
  projectDir: string,
  plugins: string[],
  templates: string | undefined,
): { plugins: string[]; templates?: string } {
  const relative = (abs: string) => {
    const rel = path.relative(projectDir, abs).split(path.sep).join("/");
    return rel.startsWith(".") ? rel : `./${rel}`;
  };
  return {
    plugins: plugins.map((spec) => (path.isAbsolute(spec) ? relative(spec) : spec)),
    ...(templates !== undefined ? { templates: relative(templates) } : {}),
  };
}
