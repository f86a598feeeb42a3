/**
 * The public API: scaffold(options) runs the whole pipeline once, the same way the CLI does.
 *   spec -> ApiModel -> StackContext -> plugin contributions -> render (plop + Handlebars)
 *   -> in-memory tree -> plan -> commit (unless dry run) -> post tasks (returned, not run)
 */
import fs from "node:fs";
import path from "node:path";
import { builtinPlugins } from "../generators/index.ts";
import { names } from "./names.ts";
import type { Answers, StackContext, StackPlugin } from "./plugins/contract.ts";
import { mergeContributions } from "./plugins/contributions.ts";
import { enabledPlugins } from "./plugins/registry.ts";
import { createHandlebars } from "./render/handlebars.ts";
import { renderWithPlop } from "./render/plop.ts";
import { checkOverridesDir } from "./render/templates.ts";
import { buildApiModel } from "./spec/build.ts";
import { type CompiledSpec, compileSpec } from "./spec/compile.ts";
import { classifyCrud } from "./spec/crud.ts";
import { guardDepth } from "./spec/depth.ts";
import type { ApiModel } from "./spec/model.ts";
import { collectSpecSources } from "./spec/sources.ts";
import { emitOpenApi } from "./spec/openapi.ts";
import { exampleSpec, tool } from "./tool.ts";
import { FileTree } from "./write/tree.ts";
import { MANIFEST_FILE, buildManifest, readManifest } from "./write/manifest.ts";
import { addBaseCopies, isBookkeeping } from "./write/base.ts";
import { removeStaleTemps } from "./write/stale.ts";
import { type Plan, planWrite } from "./write/plan.ts";
import { commitPlan } from "./write/commit.ts";
import { type PostTask, gitInitTask } from "./post/tasks.ts";
import { targetOf } from "../targets/index.ts";

export { definePlugin } from "./plugins/contract.ts";
export type * from "./plugins/contract.ts";
export type { ApiModel } from "./spec/model.ts";

export interface ScaffoldOptions {
  /** Folder to write the project into (created if missing). */
  target: string;
  /** Resolved answers (see src/questions); `spec` empty means the bundled example. */
  answers: Answers;
  /** Team template overrides folder. */
  templates?: string;
  /** Third-party plugins, already loaded, run after the built-in ones. */
  plugins?: StackPlugin[];
  /**
   * How `update` finds the plugins and templates again, recorded in the manifest: plugin names or
   * paths relative to the project, and the templates folder relative to it.
   */
  record?: { plugins?: string[]; templates?: string };
  force?: boolean;
  dryRun?: boolean;
  /** Folder relative paths are resolved against. */
  cwd?: string;
  /** The spec, already loaded with loadSpec() from the same `spec` answer (the CLI loads it while asking). */
  spec?: LoadedSpec;
}

export interface LoadedSpec extends CompiledSpec {
  api: ApiModel;
}

/** Compiles the spec an answer names (empty: the bundled example) into its ApiModel. */
export async function loadSpec(specAnswer: unknown, cwd: string): Promise<LoadedSpec> {
  const specPath = typeof specAnswer === "string" && specAnswer !== "" ? specAnswer : exampleSpec;
  const compiled = await compileSpec(specPath, { cwd });
  const api = await guardDepth(compiled.entry, cwd, "read its types", () =>
    classifyCrud(buildApiModel(compiled.program, compiled.entry, cwd)),
  );
  return { ...compiled, api };
}

export interface ScaffoldResult {
  api: ApiModel;
  plan: Plan;
  tree: FileTree;
  /** Paths written (empty on a dry run). */
  written: string[];
  /** Generated files of the last run that this one no longer generates, deleted (empty on a dry run). */
  removed: string[];
  /** What the user must do now (from the plugins' notices), e.g. handlers the spec gained. */
  notices: string[];
  /** Temporary files of an earlier, killed run that were removed (absolute paths). */
  cleaned: string[];
  /** Post steps (install, git) for the caller to run after the commit. */
  tasks: PostTask[];
}

export function allPlugins(extra: StackPlugin[] = []): StackPlugin[] {
  return [...builtinPlugins, ...extra];
}

export async function scaffold(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const cwd = options.cwd ?? process.cwd();
  const target = path.resolve(cwd, options.target);
  const answers = options.answers;
  const plugins = allPlugins(options.plugins);
  const overridesDir = options.templates ? path.resolve(cwd, options.templates) : undefined;
  if (overridesDir)
    checkOverridesDir(
      overridesDir,
      plugins.map((p) => p.name),
    );

  const { program, entry, api } = options.spec ?? (await loadSpec(answers.spec, cwd));

  const enabled = enabledPlugins(plugins, answers, api);
  const projectName = typeof answers.name === "string" && answers.name ? answers.name : path.basename(target);
  const stack: StackContext = {
    answers,
    api,
    project: {
      name: projectName,
      names: names(projectName),
      description: firstParagraph(api.services[0]?.doc) ?? `${api.services[0]?.title ?? projectName} API`,
    },
    tool,
    plugins: enabled.map((p) => p.name),
    previous: previousGeneration(target),
    openapi: await guardDepth(entry, cwd, "write its OpenAPI document", () => emitOpenApi(program)),
  };
  const tree = new FileTree();
  const ctx = await guardDepth(entry, cwd, "generate the project", async () => {
    const { ctx, collections } = mergeContributions(stack, enabled);
    const hbs = createHandlebars(enabled);
    await renderWithPlop({ ctx, plugins: enabled, collections, tree, hbs, overridesDir }, plugins);
    return ctx;
  });
  const specCopy = collectSpecSources(program, entry);
  for (const source of specCopy.sources) tree.add(source.path, source.content, { owner: "generated" });
  addBaseCopies(tree);
  // The spec was copied to spec/, so the manifest records that: the project regenerates from itself.
  const kept = await earlierUserFiles(target, tree);
  tree.add(MANIFEST_FILE, buildManifest(tree, { tool, answers: { ...answers, spec: specCopy.entry }, ...options.record }, kept), {
    owner: "generated",
  });

  // Planned first: a folder that is not ours is refused before anything in it is touched.
  const plan = await planWrite(tree, target, { force: options.force });
  // A run killed mid-write left temporaries (no handler runs on SIGKILL): this one clears them.
  const cleaned = options.dryRun ? [] : await removeStaleTemps(target);
  if (options.dryRun) return { api, plan, tree, written: [], removed: [], cleaned, notices: ctx.notices, tasks: [] };
  const committed = await commitPlan(plan, tree);
  // The base store's copies are bookkeeping, not files the user is told about.
  const written = committed.written.filter((p) => !isBookkeeping(p));
  const removed = committed.removed.filter((p) => !isBookkeeping(p));
  const tasks: PostTask[] = [];
  if (answers.install !== false) tasks.push(targetOf(answers).install(answers));
  if (answers.git !== false) tasks.push(gitInitTask());
  return { api, plan, tree, written, removed, cleaned, notices: ctx.notices, tasks };
}

/** The spec's doc comment, first paragraph, as one line: a package.json description. */
function firstParagraph(doc: string | undefined): string | undefined {
  const text = doc
    ?.split(/\n\s*\n/)[0]
    ?.replace(/\s+/g, " ")
    .trim();
  return text || undefined;
}

/** User files the last run recorded that this one does not render (migrations are written once) and that are still there. */
async function earlierUserFiles(target: string, tree: FileTree): Promise<string[]> {
  const manifest = await readManifest(target);
  return (manifest?.userFiles ?? []).filter((file) => {
    const absolute = path.resolve(target, file);
    return !tree.get(file) && absolute.startsWith(target + path.sep) && fs.existsSync(absolute);
  });
}

/** Read access to files an earlier run recorded in the target (only inside it, only when it has a manifest). */
function previousGeneration(target: string): StackContext["previous"] {
  if (!fs.existsSync(path.join(target, MANIFEST_FILE))) return undefined;
  return {
    readFile(relative) {
      const file = path.resolve(target, relative);
      if (!file.startsWith(target + path.sep) || !fs.existsSync(file)) return undefined;
      return fs.readFileSync(file, "utf8");
    },
  };
}
