/**
 * The plan as the user sees it: text for --dry-run and the summary, a plain object for --json.
 * Whether to colour is the caller's decision (NO_COLOR, TTY); no colour library needed for five codes.
 */
import type { Plan, PlanAction, PlanEntry } from "./plan.ts";

export const ACTIONS: readonly PlanAction[] = ["create", "overwrite", "remove", "conflict", "keep", "identical"];

const COLOR: Record<PlanAction, string> = {
  create: "\x1b[32m", // green
  overwrite: "\x1b[33m", // yellow
  remove: "\x1b[35m", // magenta
  conflict: "\x1b[31m", // red
  keep: "\x1b[36m", // cyan
  identical: "\x1b[2m", // dim
};
const RESET = "\x1b[0m";
const WIDTH = Math.max(...ACTIONS.map((a) => a.length));

export function countActions(plan: Plan): Record<PlanAction, number> {
  const counts = { create: 0, overwrite: 0, remove: 0, conflict: 0, keep: 0, identical: 0 };
  for (const e of plan.entries) counts[e.action]++;
  return counts;
}

export function formatPlan(plan: Plan, options: { color: boolean }): string {
  const paint = (action: PlanAction, text: string) => (options.color ? `${COLOR[action]}${text}${RESET}` : text);
  const lines = plan.entries.map((e: PlanEntry) => {
    const reason = e.reason ? `  (${e.reason})` : "";
    return `  ${paint(e.action, e.action.padEnd(WIDTH))}  ${e.path}${reason}`;
  });
  const counts = countActions(plan);
  const parts = ACTIONS.filter((a) => counts[a] > 0).map((a) => `${counts[a]} ${a}`);
  const total = plan.entries.length;
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
    files: plan.entries.map((e) => ({ ...e })),
    summary: countActions(plan),
  };
}
