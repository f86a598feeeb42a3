/**
 * Three-way merge of a generated file the user edited: base = what we generated last time (kept in
 * the project's base store), ours = the file on disk, theirs = what this run generates. Clean
 * merges keep both sides' changes; a real conflict is written with git's standard markers.
 */
import { merge } from "node-diff3";

export interface MergeOutcome {
  text: string;
  /** True when at least one region changed on both sides differently: the text holds markers. */
  conflict: boolean;
}

/** Lines keep their content only; the final newline is restored by the join. */
const lines = (text: string) => text.split("\n");

export function mergeGenerated(path: string, ours: string, base: string, theirs: string): MergeOutcome {
  const { conflict, result } = merge(lines(ours), lines(base), lines(theirs), {
    // Identical changes on both sides are not a conflict.
    excludeFalseConflicts: true,
    label: { a: `your edit (${path})`, b: "generated from the spec" },
  });
  return { text: result.join("\n"), conflict };
}
