/**
 * The lines a handler stub shows in comments: one use of each repository, with a method the
 * Repository interface has and a key its type accepts, so uncommenting a line compiles (guessing
 * `repos.book.read` was a 500 at run time in `npm run dev`).
 */
import type { ResourceView } from "./crud-view.ts";
import { camelCase, freshName, safeIdentifier } from "../names.ts";

/** The stub's own names (its parameters): a variable must not redeclare them. */
const STUB_NAMES = ["input", "ctx", "repos"];

/** A `get` by key for each repository (the key a placeholder of the key's type), then one `list` (its query's shape). */
export function repositoryExamples(resources: readonly Pick<ResourceView, "model" | "repoKey" | "missingKey">[]): string[] {
  const taken = new Set([...STUB_NAMES, "items", "total"]);
  // A repoKey that is not an identifier is written quoted (see propertyKey): reached with [].
  const access = (repoKey: string) => (repoKey.startsWith('"') ? `repos[${repoKey}]` : `repos.${repoKey}`);
  const gets = resources.map((resource) => {
    const quoted = resource.repoKey.startsWith('"');
    const variable = freshName(safeIdentifier(quoted ? camelCase(resource.model) || "row" : resource.repoKey), taken);
    return `const ${variable} = await ${access(resource.repoKey)}.get(${JSON.stringify(resource.missingKey)});`;
  });
  const first = resources[0];
  return first ? [...gets, `const { items, total } = await ${access(first.repoKey)}.list({ filters: {}, limit: 10 });`] : [];
}
