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
  /** A required question with no default must be answered (flag, answers file or prompt). */
  required?: boolean;
  /** Returns true, or a message saying what is wrong with the value. */
  validate?: (value: unknown, answers: Answers) => true | string;
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
  notApplicable?: string;
  /** CLI flag name without dashes; defaults to the kebab-case of `name`. */
  flag?: string;
  /** Where the question comes from (a plugin name, or "core"), shown in --help. */
  group?: string;
  /**
   * An input whose value is a whole number: the flag and the answers file take an integer, the
   * prompt is a number prompt. Implied when `default` is a number.
   */
  integer?: boolean;
  /** Shown in --help instead of the default value, e.g. "the bundled example spec" for "". */
  defaultLabel?: string;
}
