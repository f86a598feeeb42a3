/**
 * A question is declared once; the prompt session, the CLI flags, --help and the answers-file
 * validation are all derived from this declaration.
 */

import type { ApiModel } from "../spec/model.ts";

export type Answers = Record<string, unknown>;

/** What one answer holds: input -> string (or number), confirm -> boolean, select -> string, multiselect -> string[]. */
export type AnswerValue = string | number | boolean | string[];

export interface Choice {
  value: string;
  /** Shown in the prompt and in --help. */
  description?: string;
}

/** What a question is about (see topics.ts): sets its place in the prompt and its --help heading. */
export type Topic = "project" | "database" | "auth" | "deploy" | "events" | "extras" | "tooling";

export interface Question {
  /** Key in the answers object, camelCase (e.g. "packageManager"). */
  name: string;
  /** The prompt text, also the --help description. */
  message: string;
  /** input: free text; select: one of choices; multiselect: comma-separated on the CLI; confirm: boolean. */
  type: "input" | "select" | "multiselect" | "confirm";
  choices?: Choice[];
  /**
   * Used with --yes, without a TTY, and as the prompt's pre-filled answer. A function receives the
   * answers so far. (Typed, not `unknown`, so a default function's parameter is inferred.)
   */
  default?: AnswerValue | ((answers: Answers, api?: ApiModel) => AnswerValue | undefined);
  /**
   * Pre-filled at the prompt when `default` gives nothing; a run without prompts still needs an
   * answer, so CI says what it means (`--name`) instead of writing to a folder nobody named.
   */
  promptDefault?: AnswerValue;
  /** A required question with no default must be answered (flag, answers file or prompt). */
  required?: boolean;
  /** Returns true, or a message saying what is wrong with the value. */
  validate?: (value: unknown, answers: Answers) => true | string;
  /**
   * The fix line when validate() refuses a value: the rule, and an example that follows it (made
   * from the bad value where it can be), shown as `<rule>, e.g. --name bad-name`.
   */
  fix?: (value: unknown) => { rule: string; example: AnswerValue };
  /** Ask (and accept the flag) only when this returns true. */
  when?: (answers: Answers, api?: ApiModel) => boolean;
  /**
   * The question depends on what the spec says (auth when the spec declares none, a broker when it
   * declares channels): when() and a default function also receive the compiled ApiModel. The spec
   * is compiled once, after the `spec` answer, and only if such a question is reached. Without a
   * compiled spec (e.g. --help) they receive undefined.
   */
  usesSpec?: boolean;
  /** Said when the flag is given but when() is false, instead of the generic "does not apply". */
  notApplicable?: string | ((answers: Answers) => string | undefined);
  /** CLI flag name without dashes; defaults to the kebab-case of `name`. */
  flag?: string;
  /** Where the question comes from (a plugin name, or "core"); --help names it when there is no topic. */
  group?: string;
  /** What the question is about; a question without one is asked after the built-in ones, before tooling. */
  topic?: Topic;
  /** A short name for --help and the summary before writing ("Database"); the message when absent. */
  label?: string;
  /**
   * The choices worth offering at the prompt (e.g. only the package managers installed here); the
   * flag and answers file still accept every choice. With one left (or none), nothing is asked.
   */
  offered?: () => string[];
  /**
   * An input whose value is a whole number: the flag and the answers file take an integer, the
   * prompt is a number prompt. Implied when `default` is a number.
   */
  integer?: boolean;
  /**
   * The targets the question applies to, when more than its plugin's: a layer another target
   * implements too (its auth layer) reads the same answer. Absent: the plugin's targets.
   */
  targets?: string[];
  /** Shown in --help instead of the default value, e.g. "the bundled example spec" for "". */
  defaultLabel?: string;
}
