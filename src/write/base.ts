/**
 * The base store: a copy of every generated text file as it was last written, under
 * .typespec-stack/base/. It is the common ancestor a later run needs to merge the user's edits
 * to a generated file with what the spec now generates (see merge.ts). The copies travel with the
 * project (commit them), are written in the same atomic commit as the files they mirror, and are
 * listed in the manifest like any generated file, so a copy whose file is gone is removed too.
 */
import { MANIFEST_FILE } from "./manifest.ts";
import type { FileTree } from "./tree.ts";

export const BASE_DIR = ".typespec-stack/base";

export const basePathOf = (file: string) => `${BASE_DIR}/${file}`;

/** Bookkeeping the user never edits or reads: left out of plan listings and counts. */
export const isBookkeeping = (file: string) => file.startsWith(`${BASE_DIR}/`);

/** Adds the base copy of each generated text file (binary files are never merged; spec/ is the user's). */
export function addBaseCopies(tree: FileTree): void {
  for (const file of tree.entries()) {
    if (file.owner !== "generated" || typeof file.content !== "string") continue;
    if (file.path === MANIFEST_FILE || file.path.startsWith("spec/") || isBookkeeping(file.path)) continue;
    tree.add(basePathOf(file.path), file.content, { owner: "generated", source: file.source });
  }
}
