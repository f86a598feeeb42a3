/**
 * Which plugins run, and in what order: the enabled ones, each after the plugins it requires,
 * built-ins before third-party ones otherwise. Duplicates, missing requirements and conflicts
 * are errors that name both plugins.
 */
import { StackError } from "../diagnostics.ts";
import { byTopic } from "../questions/topics.ts";
import type { ApiModel } from "../spec/model.ts";
import type { Answers, Question, StackPlugin } from "./contract.ts";
import { targetName } from "../../targets/index.ts";

/** The targets a plugin renders for: TypeScript alone unless it says otherwise (every plugin made before targets). */
export const pluginTargets = (plugin: StackPlugin): string[] => plugin.targets ?? ["typescript"];

export function checkUniqueNames(plugins: StackPlugin[]): void {
  const seen = new Set<string>();
  for (const p of plugins) {
    if (seen.has(p.name)) throw new StackError("plugin-conflict", `two plugins are named "${p.name}"`);
    seen.add(p.name);
  }
}

/** The one question list, in topic order (core, then plugin order, within a topic); names must be unique. */
export function allQuestions(core: Question[], plugins: StackPlugin[]): Question[] {
  const byName = new Map<string, string>();
  const out: Question[] = [];
  for (const [owner, questions] of [["core", core] as const, ...plugins.map((p) => [p.name, p.questions ?? []] as const)]) {
    for (const q of questions) {
      const previous = byName.get(q.name);
      if (previous) {
        throw new StackError("plugin-conflict", `question "${q.name}" is declared by both ${previous} and ${owner}`);
      }
      byName.set(q.name, owner);
      const plugin = plugins.find((p) => p.name === owner);
      out.push({ group: owner, ...(plugin ? forItsTargets(plugin, q) : q) });
    }
  }
  // Asked (and listed in --help) by what they are about, not by which plugin declares them.
  return byTopic(out);
}

/**
 * A plugin's question applies only to projects of the plugin's targets: `--db postgres` on a Go
 * project is refused naming the target, not silently ignored.
 */
function forItsTargets(plugin: StackPlugin, question: Question): Question {
  const targets = question.targets ?? pluginTargets(plugin);
  const fits = (answers: Answers) => targets.includes(targetName(answers));
  return {
    ...question,
    when: (answers, api) => fits(answers) && (question.when?.(answers, api) ?? true),
    notApplicable: (answers) => {
      if (!fits(answers)) return `to a ${targetName(answers)} project: that target has no ${plugin.layer} layer (${plugin.name}) yet`;
      return typeof question.notApplicable === "function" ? question.notApplicable(answers) : question.notApplicable;
    },
  };
}

export function enabledPlugins(plugins: StackPlugin[], answers: Answers, api?: ApiModel): StackPlugin[] {
  checkUniqueNames(plugins);
  const target = targetName(answers);
  const enabled = plugins.filter((p) => pluginTargets(p).includes(target) && p.enabled(answers, api));
  const names = new Set(enabled.map((p) => p.name));
  for (const p of enabled) {
    for (const required of p.requires ?? []) {
      if (!names.has(required)) {
        throw new StackError("plugin-missing", `plugin ${p.name} requires plugin ${required}, which is not enabled`);
      }
    }
    for (const other of p.conflicts ?? []) {
      if (names.has(other)) throw new StackError("plugin-conflict", `plugins ${p.name} and ${other} cannot be enabled together`);
    }
  }
  return orderByRequirements(enabled);
}

/** Stable topological order: a plugin comes after everything it requires. */
function orderByRequirements(plugins: StackPlugin[]): StackPlugin[] {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const ordered: StackPlugin[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (p: StackPlugin, chain: string[]) => {
    if (state.get(p.name) === "done") return;
    if (state.get(p.name) === "visiting") {
      throw new StackError("plugin-conflict", `plugins require each other in a cycle: ${[...chain, p.name].join(" -> ")}`);
    }
    state.set(p.name, "visiting");
    for (const r of p.requires ?? []) visit(byName.get(r)!, [...chain, p.name]);
    state.set(p.name, "done");
    ordered.push(p);
  };
  for (const p of plugins) visit(p, []);
  return ordered;
}
