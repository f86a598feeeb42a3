/** Names for types in ApiModel: TypeScript-friendly, unique, and stable from one run to the next. */

/** "books_restock" / "merge-patch" / "Page<Author>" → "BooksRestock" / "MergePatch" / "PageAuthor". */
export function pascal(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  if (joined === "") return "Anonymous";
  return /^[0-9]/.test(joined) ? `T${joined}` : joined;
}

/** Declared names stay as written when already valid identifiers; anything else is PascalCased. */
export function identifier(text: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) ? text : pascal(text);
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
    let name = clean.find((c) => !this.taken.has(c));
    for (let n = 2; name === undefined; n++) {
      const numbered = `${clean[0]}${n}`;
      if (!this.taken.has(numbered)) name = numbered;
    }
    this.taken.add(name);
    this.byType.set(type, name);
    return name;
  }
}
