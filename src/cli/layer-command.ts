/**
 * `add <layer> [choice]` and `remove <layer> [choice]` inside a generated project: a change to one
 * recorded answer, carried out by `update` through the same plan as every other run. The layer is
 * named by its question (`cache`, `db`, `deploy`, a plugin's own...), so plugins get it too.
 */
import { StackError } from "../diagnostics.ts";
import { flagName } from "../questions/naming.ts";
import type { Answers, Question } from "../questions/types.ts";

export type LayerCommand = "add" | "remove";

export const isLayerCommand = (word: string | undefined): word is LayerCommand => word === "add" || word === "remove";

/** Questions that switch a layer: a choice list with "none", or a yes/no. */
function switchable(q: Question): boolean {
  return q.type === "confirm" || ((q.type === "select" || q.type === "multiselect") && (q.choices ?? []).some((c) => c.value === "none"));
}

/** The update flags that make the change: `add cache redis` -> ["--cache", "redis"]. */
export function layerFlags(command: LayerCommand, words: string[], questions: readonly Question[], recorded: Answers): string[] {
  const [layer, choice, ...extra] = words;
  const usage = `${command} <layer> [choice]`;
  const candidates = questions.filter(switchable);
  const known = candidates.map((q) => flagName(q)).join(", ");
  const example = `e.g. create-typespec-stack add cache redis`;
  if (layer === undefined)
    throw new StackError("flag-invalid", `${usage}: name a layer, one of ${known}`, [], `Name one of the layers listed above, ${example}.`);
  if (extra.length > 0)
    throw new StackError(
      "flag-invalid",
      `${usage} takes one layer and one choice, got: ${words.join(" ")}`,
      [],
      `Change one layer per command, ${example}.`,
    );
  const question = candidates.find((q) => q.name === layer || flagName(q) === layer);
  if (!question)
    throw new StackError(
      "flag-invalid",
      `no layer named "${layer}"; layers: ${known}`,
      [],
      `Name one of the layers listed above, ${example}.`,
    );
  const flag = `--${flagName(question)}`;

  if (question.type === "confirm") return [command === "add" ? flag : `--no-${flagName(question)}`];
  const values = (question.choices ?? []).map((c) => c.value).filter((v) => v !== "none");
  if (choice !== undefined && !values.includes(choice)) {
    throw new StackError(
      "flag-invalid",
      `${layer} has no choice "${choice}"; choices: ${values.join(", ")}`,
      [],
      choiceFix(command, layer, values),
    );
  }
  const current = [recorded[question.name]].flat().filter((v): v is string => typeof v === "string" && v !== "none");

  if (question.type === "multiselect") {
    if (command === "add") {
      if (choice === undefined)
        throw new StackError("flag-invalid", `add ${layer} needs a choice: ${values.join(", ")}`, [], choiceFix(command, layer, values));
      return [flag, [...new Set([...current, choice])].join(",")];
    }
    const left = choice === undefined ? [] : current.filter((v) => v !== choice);
    return [flag, left.length > 0 ? left.join(",") : "none"];
  }
  if (command === "remove") return [flag, "none"];
  const only = values.length === 1 ? values[0] : undefined;
  const pick = choice ?? only;
  if (pick === undefined)
    throw new StackError("flag-invalid", `add ${layer} needs a choice: ${values.join(", ")}`, [], choiceFix(command, layer, values));
  return [flag, pick];
}

function choiceFix(command: LayerCommand, layer: string, values: string[]): string {
  return `Name one of the choices listed above, e.g. create-typespec-stack ${command} ${layer} ${values[0] ?? ""}`.trimEnd() + ".";
}
