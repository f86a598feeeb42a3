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
import { formatCommand, installCommand, type PackageManager } from "../post/package-manager.ts";
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
import { recordedAnswers } from "./recorded.ts";
import { formatPlan, planToJson } from "../write/print.ts";
import { type Io, createStyle, errorJson, formatError, formatWarnings, useColor, writeJson } from "./output.ts";

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
      prompt: createPrompter({ input: io.stdin, output: io.stdout }),
    });
    const target = targetArg ?? String(answers.name);
    const templates = options.templates ? path.resolve(io.cwd, options.templates) : config.templates;

    // The spec answer cannot change after it was compiled: it comes before every question that uses it.
    const spec = loaded ? await loaded : undefined;
    const result = await scaffold({ target, answers, templates, plugins: extra, force: options.force, dryRun: options.dryRun, cwd: io.cwd, spec });

    const warnings = result.api.warnings ?? [];
    if (warnings.length > 0) say(formatWarnings(warnings, style));
    if (options.dryRun) {
      if (options.json) writeJson(io, { ok: true, dryRun: true, plan: planToJson(result.plan), warnings });
      else io.stdout.write(formatPlan(result.plan, { color: useColor(io, peek.color) }) + "\n");
      return 0;
    }

    say(`${style.green("✔")} wrote ${result.written.length} files to ${path.relative(io.cwd, result.plan.target) || "."}`);
    if (result.removed.length > 0) say(`${style.green("✔")} removed ${result.removed.length} files no longer generated: ${result.removed.join(", ")}`);
    const pm = (answers.packageManager as PackageManager | undefined) ?? "npm";
    // On a terminal, the task's latest output line is shown in place and cleared when it ends.
    const live = !peek.json && Boolean(io.stderr.isTTY);
    let progressShown = false;
    const clearProgress = () => {
      if (progressShown) io.stderr.write("\r\u001b[2K");
      progressShown = false;
    };
    let taskResults;
    try {
      taskResults = await runTasks(result.tasks, result.plan.target, {
        onStart: (title) => say(`${style.dim("…")} ${title}`),
        onDone: (title, ms, skipped) => {
          clearProgress();
          say(skipped ? `${style.dim("-")} ${title}: skipped (${skipped})` : `${style.green("✔")} ${title} ${style.dim(`(${(ms / 1000).toFixed(1)} s)`)}`);
        },
        onProgress: (line) => {
          if (!live) return;
          io.stderr.write(`\r\u001b[2K  ${style.dim(line.slice(0, 100))}`);
          progressShown = true;
        },
      });
    } finally {
      clearProgress();
    }
    const relTarget = path.relative(io.cwd, result.plan.target) || ".";
    const next = [
      ...(relTarget === "." ? [] : [`cd ${relTarget}`]),
      ...(answers.install === false ? [formatCommand(installCommand(pm))] : []),
      `${pm} test`,
      `${pm} start`,
    ];
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
      say(`\n${style.bold("Next:")}\n${next.map((line) => `  ${line}`).join("\n")}`);
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
