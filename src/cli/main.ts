/**
 * The command line: argv + env + prompts -> answers -> scaffold -> post steps -> summary.
 * The only module that decides exit codes; everything below it throws StackErrors.
 */
import fs from "node:fs";
import path from "node:path";
import { StackError, isStackError } from "../diagnostics.ts";
import { type LoadedSpec, allPlugins, loadSpec, scaffold } from "../index.ts";
import { isPathLike, loadPlugin } from "../plugins/loader.ts";
import { allQuestions } from "../plugins/registry.ts";
import type { StackPlugin } from "../plugins/contract.ts";
import type { PackageManager } from "../post/package-manager.ts";
import { runTasks } from "../post/tasks.ts";
import {
  coreQuestions,
  createPrompter,
  formatHelp,
  isInteractive,
  parseArgv,
  peekFirstPositional,
  peekToolOptions,
  readAnswersFile,
  resolveAnswers,
} from "../questions/index.ts";
import { tool } from "../tool.ts";
import { MANIFEST_FILE, readManifest } from "../write/manifest.ts";
import type { Question } from "../questions/types.ts";
import { type LayerCommand, isLayerCommand, layerFlags } from "./layer-command.ts";
import { runDev } from "./dev.ts";
import { targetOf } from "../../targets/index.ts";
import { recordedAnswers, recordedSetup, setupToRecord } from "./recorded.ts";
import { formatPlan, planToJson, shownEntries } from "../write/print.ts";
import { type Plan, type PlanEntry, checkTarget } from "../write/plan.ts";
import { formatNextSteps, nextSteps } from "./next-steps.ts";
import { plural } from "../plural.ts";
import { taskProgress } from "./progress.ts";
import { promptChecks } from "./prompt-checks.ts";
import { formatSummary } from "./summary.ts";
import { type HelpTopic, isHelpTopic } from "../questions/help.ts";
import { commandLine } from "../questions/command-line.ts";
import { CANCELLED_MESSAGE } from "../questions/prompt.ts";
import { shellQuote } from "../post/package-manager.ts";
import { type Io, createStyle, errorJson, formatError, formatWarnings, useColor, writeJson } from "./output.ts";

const CONFIG_FILE = "typespec-stack.config.json";

/** Asked after the name and the spec: yes skips every other question (the summary still shows them). */
const ACCEPT_DEFAULTS: Question = { name: "acceptDefaults", message: "Accept the defaults for the rest?", type: "confirm" };

/** typespec-stack.config.json in the working folder: team defaults such as the templates folder. */
function readConfig(cwd: string): { templates?: string } {
  const file = path.join(cwd, CONFIG_FILE);
  if (!fs.existsSync(file)) return {};
  try {
    const config = JSON.parse(fs.readFileSync(file, "utf8")) as { templates?: unknown };
    if (config.templates !== undefined && typeof config.templates !== "string") {
      throw new StackError("config-invalid", `${file}: "templates" must be a folder path (a string)`);
    }
    // Relative to the config file, so the team's setting works from any working folder.
    return config.templates ? { templates: path.resolve(cwd, config.templates) } : {};
  } catch (error) {
    if (isStackError(error)) throw error;
    throw new StackError("config-invalid", `${file}: ${(error as Error).message}`);
  }
}

/**
 * What an update would change: every entry but identical files and kept user edits. The manifest
 * counts too: a clean check must mean an update leaves `git status` clean.
 */
function driftOf(plan: Plan): PlanEntry[] {
  return shownEntries(plan).filter((e) => e.action !== "identical" && e.action !== "keep");
}

/** `add cache redis` -> `update --cache redis`, with the other arguments kept; only inside a project. */
async function layerCommandArgv(argv: string[], cwd: string, questions: Question[]): Promise<string[]> {
  const manifest = await readManifest(cwd);
  const words = parseArgv(argv, questions).positionals;
  if (!manifest)
    throw new StackError("not-a-project", `${words[0]} runs inside a project this tool generated, and ${cwd} has no ${MANIFEST_FILE}`);
  const rest = [...argv];
  for (const word of words) rest.splice(rest.indexOf(word), 1);
  return ["update", ...layerFlags(words[0] as LayerCommand, words.slice(1), questions, manifest.answers), ...rest];
}

/** The written project's package.json scripts (the next steps name the ones it has). */
function readScripts(project: string): Record<string, string> {
  try {
    return (JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  } catch {
    return {};
  }
}

/** How `dev` runs `update`: it reports each regeneration in one line of its own (see src/cli/dev.ts). */
export interface RunOptions {
  /** Given the files a regeneration changed, instead of printing "wrote N files" and the next steps. */
  changed?: (files: string[]) => void;
}

export async function main(argv: string[], io: Io, run: RunOptions = {}): Promise<number> {
  // `--help all` / `--help database`: the word after --help is its topic, not a target folder.
  const helpAt = argv.findIndex((arg) => arg === "--help" || arg === "-h");
  const helpTopic = helpAt >= 0 && isHelpTopic(argv[helpAt + 1]) ? argv[helpAt + 1] : undefined;
  if (helpTopic !== undefined) argv = argv.filter((_, i) => i !== helpAt + 1);
  const peek = peekToolOptions(argv);
  const style = createStyle(useColor(io, peek.color));
  const say = (text: string) => {
    if (!peek.json) io.stderr.write(text + "\n");
  };
  try {
    // A project generated before keeps its plugins and templates: its manifest names them.
    const firstArg = peekFirstPositional(argv, allQuestions(coreQuestions({ env: io.env, cwd: io.cwd }), allPlugins()));
    const projectDir =
      firstArg === "update" || isLayerCommand(firstArg) ? io.cwd : firstArg !== undefined ? path.resolve(io.cwd, firstArg) : undefined;
    const setup = projectDir && fs.existsSync(path.join(projectDir, MANIFEST_FILE)) ? await recordedSetup(projectDir) : { plugins: [] };
    const pluginSpecs = [
      ...new Set([...setup.plugins, ...peek.plugins.map((spec) => (isPathLike(spec) ? path.resolve(io.cwd, spec) : spec))]),
    ];
    const extra: StackPlugin[] = [];
    for (const spec of pluginSpecs) extra.push(await loadPlugin(spec, setup.plugins.includes(spec) && projectDir ? projectDir : io.cwd));
    const plugins = allPlugins(extra);
    if (firstArg === "dev") {
      const manifest = await readManifest(io.cwd);
      if (!manifest)
        throw new StackError("not-a-project", `dev runs inside a project this tool generated, and ${io.cwd} has no ${MANIFEST_FILE}`);
      const flags = argv.filter((arg) => arg !== "dev");
      return await runDev(io, {
        projectDir: io.cwd,
        command: targetOf(manifest.answers).dev(manifest.answers),
        regenerate: (changed) => main(["update", "--no-install", "--no-git", ...flags], io, { changed }),
        say,
      });
    }
    if (isLayerCommand(firstArg))
      argv = await layerCommandArgv(argv, io.cwd, allQuestions(coreQuestions({ env: io.env, cwd: io.cwd }), plugins));
    // Parse once to find the folder argument (the project name defaults to it), then for real.
    const first = parseArgv(argv, allQuestions(coreQuestions({ env: io.env, cwd: io.cwd }), plugins));
    if (first.positionals.length > 1) {
      throw new StackError("flag-unknown", `expected one target folder, got ${first.positionals.length}: ${first.positionals.join(" ")}`);
    }
    // `update` (inside a generated project): regenerate it in place from its own recorded answers.
    const updating = first.positionals[0] === "update" && fs.existsSync(path.join(io.cwd, MANIFEST_FILE));
    if (first.positionals[0] === "update" && !updating && !fs.existsSync(path.join(io.cwd, "update"))) {
      throw new StackError("not-a-project", `update runs inside a project this tool generated, and ${io.cwd} has no ${MANIFEST_FILE}`);
    }
    const targetArg = updating ? "." : first.positionals[0];
    const questions = allQuestions(coreQuestions({ targetDir: targetArg, env: io.env, cwd: io.cwd }), plugins);
    const { options, answers: flags } = parseArgv(argv, questions);

    if (options.help) {
      io.stdout.write(formatHelp(questions, { bin: tool.name, version: tool.version }, helpTopic as HelpTopic | undefined) + "\n");
      return 0;
    }
    if (options.version) {
      io.stdout.write(`${tool.version}\n`);
      return 0;
    }

    // A folder argument that names a foreign, non-empty folder is refused before any question.
    if (targetArg && !updating) await checkTarget(path.resolve(io.cwd, targetArg), options.force);
    const config = readConfig(io.cwd);
    const recorded = targetArg ? await recordedAnswers(path.resolve(io.cwd, targetArg), io.cwd, questions) : {};
    const fileAnswers = { ...recorded, ...(options.answers ? readAnswersFile(path.resolve(io.cwd, options.answers), questions) : {}) };
    const interactive = isInteractive(io.stdin, io.stdout, io.env);
    // Questions that depend on the spec (auth, events) need it compiled; scaffold then reuses it.
    let loaded: Promise<LoadedSpec> | undefined;
    const prompter = createPrompter({
      input: io.stdin,
      output: io.stdout,
      liveCheck: promptChecks({ cwd: io.cwd, nameIsTarget: targetArg === undefined, force: options.force }),
    });
    // Counted, so the summary and the final confirm come only after a session that asked something.
    let asked = 0;
    const prompt: typeof prompter = (...args) => {
      asked++;
      return prompter(...args);
    };
    const answers = await resolveAnswers(questions, {
      spec: async (partial) => (await (loaded ??= loadSpec(partial.spec, io.cwd))).api,
      flags,
      fileAnswers,
      answersFile: options.answers,
      yes: options.yes || updating,
      interactive,
      prompt,
      acceptDefaults: async (answered) => (await prompt(ACCEPT_DEFAULTS, true, answered)) === true,
    });
    const target = targetArg ?? String(answers.name);
    if (asked > 0) {
      const again = allQuestions(coreQuestions({ targetDir: target, env: io.env, cwd: io.cwd }), plugins);
      const extra = [
        ...(options.force ? ["--force"] : []),
        ...(options.templates ? [`--templates ${shellQuote(options.templates)}`] : []),
        ...peek.plugins.map((spec) => `--plugin ${shellQuote(spec)}`),
      ];
      const command = commandLine(again, answers, { bin: `npx ${tool.name}`, folder: target, extra, always: ["packageManager"] });
      say(formatSummary(questions, answers, command));
      const where = path.relative(io.cwd, path.resolve(io.cwd, target)) || ".";
      const write: Question = { name: "write", message: `Write the project to ${where}?`, type: "confirm" };
      if (!options.dryRun && !options.check && (await prompter(write, true, answers)) !== true) {
        throw new StackError("cancelled", CANCELLED_MESSAGE);
      }
    }
    const templates = options.templates ? path.resolve(io.cwd, options.templates) : (config.templates ?? setup.templates);

    // The spec answer cannot change after it was compiled: it comes before every question that uses it.
    const spec = loaded ? await loaded : undefined;
    const dryRun = options.dryRun || options.check;
    const record = setupToRecord(path.resolve(io.cwd, target), pluginSpecs, templates);
    const result = await scaffold({ target, answers, templates, plugins: extra, record, force: options.force, dryRun, cwd: io.cwd, spec });

    if (options.check) {
      const stale = driftOf(result.plan);
      if (stale.length > 0)
        throw new StackError(
          "check-failed",
          `${plural(stale.length, "file")} ${stale.length === 1 ? "differs" : "differ"} from what the spec generates`,
          stale.map((e) => `  ${e.action.padEnd(14)} ${e.path}`),
        );
      if (options.json) writeJson(io, { ok: true, check: "clean" });
      else say(`${style.green("✔")} ${path.relative(io.cwd, result.plan.target) || "."} is up to date with its spec`);
      return 0;
    }

    const warnings = result.api.warnings ?? [];
    if (warnings.length > 0) say(formatWarnings(warnings, style));
    if (options.dryRun) {
      if (options.json) writeJson(io, { ok: true, dryRun: true, plan: planToJson(result.plan), warnings });
      else io.stdout.write(formatPlan(result.plan, { color: useColor(io, peek.color) }) + "\n");
      return 0;
    }

    if (result.cleaned.length > 0)
      say(`${style.green("✔")} removed ${plural(result.cleaned.length, "temporary file")} an interrupted run left behind`);
    // The folder as the user typed it: an absolute target stays absolute (path.relative gave `../../tmp/x`).
    const shownTarget = result.plan.target === path.resolve(io.cwd) ? "." : target;
    if (!run.changed) say(`${style.green("✔")} wrote ${plural(result.written.length, "file")} to ${shownTarget}`);
    if (result.removed.length > 0)
      say(`${style.green("✔")} removed ${plural(result.removed.length, "file")} no longer generated: ${result.removed.join(", ")}`);
    const merged = result.plan.entries.filter((e) => e.action === "merge").map((e) => e.path);
    if (merged.length > 0) say(`${style.green("✔")} merged your edits with the spec's changes in ${merged.join(", ")}`);
    for (const notice of result.notices) say(`${style.yellow("!")} ${notice}`);
    const conflicted = result.plan.entries.filter((e) => e.action === "merge-conflict").map((e) => e.path);
    if (conflicted.length > 0) {
      // Written with markers; nothing runs after it (a file with markers does not build).
      throw new StackError(
        "merge-conflict",
        `your edits and the spec's changes meet in ${plural(conflicted.length, "file")}; they were written with conflict markers`,
        conflicted.map((p) => `  ${p}`),
      );
    }
    const pm = (answers.packageManager as PackageManager | undefined) ?? "npm";
    const progress = taskProgress(io.stderr, Boolean(io.stderr.isTTY), style);
    let taskResults;
    try {
      taskResults = await runTasks(result.tasks, result.plan.target, peek.json ? {} : progress);
    } finally {
      progress.stop();
    }
    if (run.changed) {
      run.changed([...result.written, ...result.removed]);
      return 0;
    }
    const steps = nextSteps({
      folder: shownTarget,
      pm,
      db: answers.db,
      target: answers.target,
      newProject: result.plan.isNewProject,
      installed: answers.install !== false,
      port: Number(answers.port ?? 3000),
      scripts: readScripts(result.plan.target),
    });
    const next = steps.map((step) => step.command);
    if (options.json) {
      writeJson(io, {
        ok: true,
        target: result.plan.target,
        answers,
        plan: planToJson(result.plan),
        written: result.written,
        removed: result.removed,
        warnings,
        tasks: taskResults,
        next,
      });
    } else {
      say(`\n${style.bold("Next:")}\n${formatNextSteps(steps, style.dim)}`);
    }
    return 0;
  } catch (error) {
    if (isStackError(error)) {
      if (peek.json) writeJson(io, errorJson(error));
      else io.stderr.write(formatError(error, style));
      if (peek.debug && error.stack) io.stderr.write(error.stack + "\n");
      return error.exitCode;
    }
    if (peek.json) writeJson(io, { ok: false, error: { code: "internal", message: (error as Error).message } });
    io.stderr.write(`${style.red("internal error")}: ${(error as Error)?.message ?? String(error)}\n`);
    io.stderr.write(peek.debug ? `${(error as Error).stack}\n` : "Run again with --debug for the stack trace, and please report it.\n");
    return 70;
  }
}
