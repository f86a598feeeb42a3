/**
 * The plan as the user sees it: text for --dry-run and the summary, a plain object for --json.
 * Whether to colour is the caller's decision (NO_COLOR, TTY); no colour library needed for five codes.
 */
import { isBookkeeping } from "./base.ts";
import type { Plan, PlanAction, PlanEntry } from "./plan.ts";

export const ACTIONS: readonly PlanAction[] = ["create", "overwrite", "merge", "merge-conflict", "remove", "conflict", "keep", "identical"];

const COLOR: Record<PlanAction, string> = {
  create: "\x1b[32m", // green
  overwrite: "\x1b[33m", // yellow
  merge: "\x1b[34m", // blue
  "merge-conflict": "\x1b[31m", // red
  remove: "\x1b[35m", // magenta
  conflict: "\x1b[31m", // red
  keep: "\x1b[36m", // cyan
  identical: "\x1b[2m", // dim
};
const RESET = "\x1b[0m";
const WIDTH = Math.max(...ACTIONS.map((a) => a.length));

/** The entries a user reads: the base store's copies are bookkeeping (see base.ts). */
export function shownEntries(plan: Plan): PlanEntry[] {
  return plan.entries.filter((e) => !isBookkeeping(e.path));
}

export function countActions(plan: Plan): Record<PlanAction, number> {
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>;
  for (const e of shownEntries(plan)) counts[e.action]++;
  return counts;
}

export function formatPlan(plan: Plan, options: { color: boolean }): string {
  const paint = (action: PlanAction, text: string) => (options.color ? `${COLOR[action]}${text}${RESET}` : text);
  const lines = shownEntries(plan).map((e: PlanEntry) => {
    const reason = e.reason ? `  (${e.reason})` : "";
    return `  ${paint(e.action, e.action.padEnd(WIDTH))}  ${e.path}${reason}`;
  });
  const counts = countActions(plan);
  const parts = ACTIONS.filter((a) => counts[a] > 0).map((a) => `${counts[a]} ${a}`);
  const total = shownEntries(plan).length;
  lines.push(`${total} file${total === 1 ? "" : "s"}${parts.length ? `: ${parts.join(", ")}` : ""}`);
  return lines.join("\n");
}

export interface PlanJson {
  target: string;
  isNewProject: boolean;
  files: { path: string; action: PlanAction; owner: string; reason?: string }[];
  summary: Record<PlanAction, number>;
}

/** A copy safe to JSON.stringify and stable in shape (for --json and tests). */
export function planToJson(plan: Plan): PlanJson {
  return {
    target: plan.target,
    isNewProject: plan.isNewProject,
    files: shownEntries(plan).map(({ content: _merged, ...e }) => e),
    summary: countActions(plan),
  };
}
