/**
 * The command line: argv + env + prompts -> answers -> scaffold -> post steps -> summary.
 * The only module that decides exit codes; everything below it throws StackErrors.
 */
import fs from "node:fs";
import path from "node:path";
import { StackError, isStackError } from "../diagnostics.ts";
import { type LoadedSpec, allPlugins, loadSpec, scaffold } from "../index.ts";
import { loadPlugin } from "../plugins/loader.ts";
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
  peekToolOptions,
  readAnswersFile,
  resolveAnswers,
} from "../questions/index.ts";
import { tool } from "../tool.ts";
import { MANIFEST_FILE } from "../write/manifest.ts";
import { checkTarget } from "../write/plan.ts";
import { formatNextSteps, nextSteps } from "./next-steps.ts";
import { plural } from "../plural.ts";
import { taskProgress } from "./progress.ts";
import { promptChecks } from "./prompt-checks.ts";
import { recordedAnswers } from "./recorded.ts";
import { formatPlan, planToJson } from "../write/print.ts";
import { type Io, createStyle, errorJson, formatError, useColor, writeJson } from "./output.ts";

const CONFIG_FILE = "typespec-stack.config.json";

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

/** The written project's package.json scripts (the next steps name the ones it has). */
function readScripts(project: string): Record<string, string> {
  try {
    return (JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  } catch {
    return {};
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  const peek = peekToolOptions(argv);
  const style = createStyle(useColor(io, peek.color));
  const say = (text: string) => {
    if (!peek.json) io.stderr.write(text + "\n");
  };
  try {
    const extra: StackPlugin[] = [];
    for (const spec of peek.plugins) extra.push(await loadPlugin(spec, io.cwd));
    const plugins = allPlugins(extra);
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
      io.stdout.write(formatHelp(questions, { bin: tool.name, version: tool.version }) + "\n");
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
    const answers = await resolveAnswers(questions, {
      spec: async (partial) => (await (loaded ??= loadSpec(partial.spec, io.cwd))).api,
      flags,
      fileAnswers,
      answersFile: options.answers,
      yes: options.yes || updating,
      interactive,
      prompt: createPrompter({
        input: io.stdin,
        output: io.stdout,
        liveCheck: promptChecks({ cwd: io.cwd, nameIsTarget: targetArg === undefined, force: options.force }),
      }),
    });
    const target = targetArg ?? String(answers.name);
    const templates = options.templates ? path.resolve(io.cwd, options.templates) : config.templates;

    // The spec answer cannot change after it was compiled: it comes before every question that uses it.
    const spec = loaded ? await loaded : undefined;
    const result = await scaffold({ target, answers, templates, plugins: extra, force: options.force, dryRun: options.dryRun, cwd: io.cwd, spec });

    if (options.dryRun) {
      if (options.json) writeJson(io, { ok: true, dryRun: true, plan: planToJson(result.plan) });
      else io.stdout.write(formatPlan(result.plan, { color: useColor(io, peek.color) }) + "\n");
      return 0;
    }

    say(`${style.green("✔")} wrote ${plural(result.written.length, "file")} to ${path.relative(io.cwd, result.plan.target) || "."}`);
    if (result.removed.length > 0) say(`${style.green("✔")} removed ${plural(result.removed.length, "file")} no longer generated: ${result.removed.join(", ")}`);
    const pm = (answers.packageManager as PackageManager | undefined) ?? "npm";
    const progress = taskProgress(io.stderr, Boolean(io.stderr.isTTY), style);
    let taskResults;
    try {
      taskResults = await runTasks(result.tasks, result.plan.target, peek.json ? {} : progress);
    } finally {
      progress.stop();
    }
    const steps = nextSteps({
      folder: path.relative(io.cwd, result.plan.target) || ".",
      pm,
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
