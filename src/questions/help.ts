/**
 * --help text, derived from the same table as the parser: a short page of the common flags by what
 * the user is choosing, and `--help all` with every flag's choices and defaults (dynamic defaults
 * shown as their resolved value).
 */
import { buildFlagTable, valueHint, type FlagSpec } from "./flag-table.ts";
import { defaultFor } from "./naming.ts";
import { headingOf, labelOf, TOPICS } from "./topics.ts";
import type { Answers, Question, Topic } from "./types.ts";

export interface HelpMeta {
  /** The command as installed: "create-typespec-stack". */
  bin?: string;
  version?: string;
  description?: string;
  /** Answers known so far, passed to default functions (usually {}). */
  answers?: Answers;
}

export const USAGE = [
  "npm create typespec-stack@latest [dir] -- [flags]",
  "npx create-typespec-stack [dir] [flags]",
  "npx create-typespec-stack update [flags]   (inside a generated project)",
  "npx create-typespec-stack add|remove <layer> [choice]   (inside a generated project)",
  "npx create-typespec-stack dev   (inside a generated project: regenerate on every spec save, restart the server)",
];

// Only commands that work today: help that promises flags we do not have is worse than none.
export const EXAMPLES: readonly [command: string, comment: string][] = [
  ["npm create typespec-stack@latest my-api", "asks the questions"],
  ["npm create typespec-stack@latest my-api -- --yes", "defaults: the bundled example spec"],
  ["npx create-typespec-stack my-api --spec ./api/main.tsp --pm pnpm --port 8080 --yes", "CI: every answer as a flag"],
  ["npx create-typespec-stack my-api --spec ./api --answers answers.yaml", "answers from a file"],
  ["npx create-typespec-stack my-api --spec ./api --dry-run", "shows the file plan, writes nothing"],
  ["npx create-typespec-stack my-api --templates ./team-templates --yes", "team template overrides first"],
  ["cd my-api && npx create-typespec-stack update", "spec changed: regenerate with the recorded answers, keep my code"],
  ["npx create-typespec-stack update --check", "CI: exit 1 when the project is not what its spec generates"],
  ["npx create-typespec-stack add cache redis", "add a layer to a generated project (remove cache takes it out)"],
];

const COLUMN = 30;

/** `--help all` shows every flag; `--help <topic>` one topic's flags with their choices. */
export type HelpTopic = "all" | Topic;

export function isHelpTopic(word: string | undefined): word is HelpTopic {
  return word === "all" || TOPICS.some((topic) => topic.id === word);
}

/**
 * The short help (the default): usage, then one line per question flag under its topic, the common
 * tool options, and where the rest is. `--help all` is the full list; `--help <topic>` one part of it.
 */
export function formatHelp(questions: readonly Question[], meta: HelpMeta = {}, topic?: HelpTopic): string {
  if (topic === "all") return formatFullHelp(questions, meta);
  const table = buildFlagTable(questions);
  const defaults = defaultsInOrder(questions, meta.answers ?? {});
  const sections = questionSections(table);
  if (topic !== undefined) {
    const heading = TOPICS.find((t) => t.id === topic)!.heading;
    const specs = sections.get(heading) ?? [];
    const lines = [`${heading}:`, ...specs.flatMap((spec) => questionRows(spec, defaults))];
    if (specs.length === 0) lines.push("  (no flags)");
    return [...lines, ""].join("\n");
  }
  const title = [meta.bin ?? "create-typespec-stack", meta.version].filter(Boolean).join(" ");
  const lines = [title, meta.description ?? "Turn a TypeSpec spec into a working TypeScript API project.", "", "Usage:"];
  lines.push(...SHORT_USAGE.map(([command, what]) => `  ${command.padEnd(46)}${what}`));
  const rows: [string, string][] = [];
  for (const [heading, specs] of sections) {
    rows.push([`${heading}:`, ""]);
    for (const spec of specs) rows.push([`  ${flagWords(spec)}`, shortText(spec.question!, defaults)]);
  }
  rows.push(["Running:", ""]);
  for (const spec of table) if (spec.tool?.common) rows.push([`  ${flagWords(spec)}`, spec.tool.brief ?? spec.tool.description]);
  const width = Math.min(40, Math.max(...rows.filter(([, text]) => text).map(([left]) => left.length)) + 2);
  lines.push("");
  for (const [left, text] of rows) lines.push(text ? `${left.padEnd(width)}${text}`.trimEnd() : left);
  const topics = TOPICS.map((t) => t.id).join("|");
  lines.push("", "Every flag, its choices and examples: --help all", `One topic with its choices: --help <${topics}>`);
  lines.push("No terminal, or CI set: nothing is asked; answers come from flags, --answers, defaults.", "");
  return lines.join("\n");
}

const SHORT_USAGE: readonly [command: string, what: string][] = [
  ["npx create-typespec-stack [dir] [flags]", "create a project (asks what flags leave open)"],
  ["npx create-typespec-stack update [--check]", "in a project: regenerate it from its spec"],
  ["npx create-typespec-stack add|remove <layer>", "in a project: add or take out a layer"],
  ["npx create-typespec-stack dev", "in a project: regenerate and restart on save"],
];

/** The question flags by --help heading, headings in topic order (the list is sorted already). */
function questionSections(table: readonly FlagSpec[]): Map<string, FlagSpec[]> {
  const sections = new Map<string, FlagSpec[]>();
  for (const spec of table) {
    if (!spec.question) continue;
    const heading = headingOf(spec.question);
    sections.set(heading, [...(sections.get(heading) ?? []), spec]);
  }
  return sections;
}

/** `Database (default: sqlite)`: the short label, and the default a run with --yes takes. */
function shortText(question: Question, defaults: Answers): string {
  const shown = defaultText(question, defaults);
  const note = shown !== undefined ? ` (default: ${shown})` : question.required ? " (required)" : "";
  return `${labelOf(question)}${note}`;
}

function flagWords(spec: FlagSpec): string {
  const short = spec.short ? `-${spec.short}, ` : "";
  const name = spec.negatable && spec.tool?.negated ? `--no-${spec.flag}` : spec.negatable ? `--[no-]${spec.flag}` : `--${spec.flag}`;
  const hint = valueHint(spec);
  return `${short}${name}${hint ? ` ${hint}` : ""}`;
}

/** Every flag: the tool options, then each topic's question flags with their choices and defaults. */
function formatFullHelp(questions: readonly Question[], meta: HelpMeta): string {
  const table = buildFlagTable(questions);
  const lines: string[] = [];
  const title = [meta.bin ?? "create-typespec-stack", meta.version].filter(Boolean).join(" ");
  lines.push(title);
  if (meta.description) lines.push(meta.description);
  lines.push("", "Usage:", ...USAGE.map((usage) => `  ${usage}`));
  lines.push("", "Examples:");
  for (const [command, comment] of EXAMPLES) lines.push(`  ${command}`, `      # ${comment}`);

  lines.push("", "Options:");
  for (const spec of table) if (spec.tool) lines.push(...row(spec, spec.tool.description));

  const defaults = defaultsInOrder(questions, meta.answers ?? {});
  for (const [heading, specs] of questionSections(table)) {
    lines.push("", `${heading}:`);
    for (const spec of specs) lines.push(...questionRows(spec, defaults));
  }
  lines.push("", "Without a terminal, or with CI set, nothing is asked: answers come from flags, --answers and defaults.", "");
  return lines.join("\n");
}

/**
 * The answers a run with --yes would reach: each question's default, computed in order from the
 * answers before it, so a default that depends on an earlier answer shows its real value.
 */
function defaultsInOrder(questions: readonly Question[], given: Answers): Answers {
  const answers: Answers = { ...given };
  for (const question of questions) {
    if (question.name in answers) continue;
    try {
      answers[question.name] = defaultFor(question, answers);
    } catch {
      // A default that cannot be computed without real answers is simply not shown.
    }
  }
  return answers;
}

function questionRows(spec: FlagSpec, defaults: Answers): string[] {
  const question = spec.question!;
  const notes: string[] = [];
  if (question.type === "multiselect") notes.push("comma-separated");
  const shown = defaultText(question, defaults);
  if (shown !== undefined) notes.push(`default: ${shown}`);
  else if (question.required) notes.push("required");
  const text = notes.length ? `${question.message} (${notes.join("; ")})` : question.message;
  const rows = row(spec, text);
  const choices = question.choices ?? [];
  if (choices.some((choice) => choice.description)) {
    const width = Math.max(...choices.map((choice) => choice.value.length));
    for (const choice of choices) {
      rows.push(`${" ".repeat(COLUMN + 4)}${choice.value.padEnd(width)}  ${choice.description ?? ""}`.trimEnd());
    }
  }
  return rows;
}

function defaultText(question: Question, defaults: Answers): string | undefined {
  if (question.defaultLabel !== undefined) return question.defaultLabel;
  const value = defaults[question.name];
  if (value === undefined) return undefined;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length ? value.join(",") : "none";
  if (value === "") return '""';
  return String(value);
}

function row(spec: FlagSpec, description: string): string[] {
  const short = spec.short ? `-${spec.short}, ` : "    ";
  const name = spec.negatable && spec.tool?.negated ? `--no-${spec.flag}` : spec.negatable ? `--[no-]${spec.flag}` : `--${spec.flag}`;
  const hint = valueHint(spec);
  const left = `  ${short}${name}${hint ? ` ${hint}` : ""}`;
  if (left.length < COLUMN + 2) return [`${left.padEnd(COLUMN + 4)}${description}`];
  return [left, `${" ".repeat(COLUMN + 4)}${description}`];
}
