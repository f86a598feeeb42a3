/**
 * The interactive session: one @inquirer/prompts prompt per question type, the default pre-filled
 * and the question's validate() wired in. Ctrl-C becomes StackError("cancelled").
 */
import { checkbox, confirm, input, number, select } from "@inquirer/prompts";
import { StackError } from "../diagnostics.ts";
import { isInteger } from "./naming.ts";
import type { Prompter } from "./resolve.ts";
import type { Answers, Question } from "./types.ts";

/** Where the prompts read and write; the process's stdin/stdout when omitted. */
export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /**
   * A check that needs the disk (does the spec exist, is the folder free), run as a typed answer is
   * submitted after the question's own validate(): a failure is shown and the question asked again.
   */
  liveCheck?: (question: Question, value: unknown) => Promise<true | string>;
}

/** What Ctrl-C at a prompt prints: nothing has been written before the last question. */
export const CANCELLED_MESSAGE = "Cancelled; nothing was written.";

const NONE = "none";

function asAnswer(values: string[], hasNone: boolean): string[] {
  return hasNone && values.length === 0 ? [NONE] : values;
}

/** `no deployment files`: what the "none" choice says it means, in the checkbox's message. */
function noneMeaning(choices: readonly { value: string; description?: string }[]): string {
  return choices.find((choice) => choice.value === NONE)?.description ?? NONE;
}

const CANCELLED = new Set(["ExitPromptError", "AbortPromptError", "CancelPromptError"]);

export function createPrompter(context: PromptContext = {}): Prompter {
  return async (question, defaultValue, answers) => {
    try {
      return await ask(question, defaultValue, answers, context);
    } catch (error) {
      if (error instanceof Error && CANCELLED.has(error.name)) throw new StackError("cancelled", CANCELLED_MESSAGE);
      throw error;
    }
  };
}

function ask(question: Question, defaultValue: unknown, answers: Answers, { liveCheck, ...context }: PromptContext): Promise<unknown> {
  // An empty default that stands for something ("" = the bundled example spec) is said in words.
  const emptyMeans = defaultValue === "" && question.defaultLabel ? ` (leave empty for ${question.defaultLabel})` : "";
  const message = question.message + emptyMeans;
  const check = (value: unknown): true | string => question.validate?.(value, answers) ?? true;
  const choices = question.choices ?? [];
  switch (question.type) {
    case "confirm":
      return confirm({ message, default: typeof defaultValue === "boolean" ? defaultValue : undefined }, context);
    case "select":
      return select(
        {
          message,
          choices: choices.map((choice) => ({ value: choice.value, name: choice.value, description: choice.description })),
          default: choices.some((choice) => choice.value === defaultValue) ? (defaultValue as string) : undefined,
        },
        context,
      );
    case "multiselect": {
      const checked = Array.isArray(defaultValue) ? defaultValue : [];
      // "none" is not a box to tick: ticked with others (`a` ticks all) it could only be refused.
      // Leaving every box empty means none, and is answered as ["none"], as `--deploy none` is.
      const hasNone = choices.some((choice) => choice.value === NONE);
      const boxes = choices.filter((choice) => choice.value !== NONE);
      return checkbox(
        {
          message: hasNone ? `${message} (none ticked: ${noneMeaning(choices)})` : message,
          choices: boxes.map((choice) => ({
            value: choice.value,
            name: choice.value,
            description: choice.description,
            checked: checked.includes(choice.value),
          })),
          required: question.required === true,
          validate: (items) =>
            check(
              asAnswer(
                items.map((item) => item.value),
                hasNone,
              ),
            ),
        },
        context,
      ).then((values) => asAnswer(values, hasNone));
    }
    case "input":
      if (isInteger(question)) {
        return number(
          {
            message,
            default: typeof defaultValue === "number" ? defaultValue : undefined,
            step: 1,
            required: question.required === true,
            validate: (value) => (value === undefined ? true : check(value)),
          },
          context,
        );
      }
      return input(
        {
          message,
          default: defaultValue === undefined || defaultValue === "" ? undefined : String(defaultValue),
          required: question.required === true,
          validate: async (value) => {
            const own = check(value);
            return own === true && liveCheck ? liveCheck(question, value) : own;
          },
        },
        context,
      );
  }
}
