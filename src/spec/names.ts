/** Names for types in ApiModel: TypeScript-friendly, unique, and stable from one run to the next. */
import { freshName } from "../names.ts";

/** "books_restock" / "merge-patch" / "Page<Author>" → "BooksRestock" / "MergePatch" / "PageAuthor". */
export function pascal(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  if (joined === "") return "Anonymous";
  return /^[0-9]/.test(joined) ? `T${joined}` : joined;
}

/** Words a TypeScript type cannot be named, in ES modules (strict mode) included. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await " +
    "any bigint boolean never number object string symbol undefined unknown"
  ).split(" "),
);

/**
 * Declared names stay as written when they are usable identifiers; anything else (`class`, a
 * name with dashes, `constructor`, which would shadow Object.prototype in a plain record) is
 * PascalCased.
 */
export function identifier(text: string): string {
  const usable = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) && !RESERVED.has(text) && !(text in Object.prototype);
  return usable ? text : pascal(text);
}

/**
 * Hands out names that are unique across models, enums and unions together, because generated
 * TypeScript declares all three in one scope. Each TypeSpec type keeps the name it got first.
 */
export class NameRegistry {
  private readonly taken = new Set<string>();
  private readonly byType = new Map<object, string>();

  get(type: object): string | undefined {
    return this.byType.get(type);
  }

  /** Claim the first free name among the candidates, falling back to a numbered variant. */
  claim(type: object, candidates: string[]): string {
    const existing = this.byType.get(type);
    if (existing !== undefined) return existing;
    const clean = candidates.map(identifier);
    const free = clean.find((c) => !this.taken.has(c));
    const name = freshName(free ?? clean[0], this.taken);
    this.byType.set(type, name);
    return name;
  }
}
