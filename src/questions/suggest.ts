/** "Did you mean --dry-run?": the closest known spelling to a mistyped one, if any is close. */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate nearest to `given`: within a third of its length in edits (at least 1), or one
 * that `given` is a prefix of (`--dry` -> `--dry-run`). Undefined when nothing is close.
 */
export function closest(given: string, candidates: readonly string[]): string | undefined {
  const bare = (s: string) => s.replace(/^-+/, "").toLowerCase();
  const target = bare(given);
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const name = bare(candidate);
    const distance = editDistance(target, name);
    const limit = Math.max(1, Math.floor(name.length / 3));
    const score = distance <= limit ? distance : target.length >= 3 && name.startsWith(target) ? limit + 1 : Infinity;
    if (score !== Infinity && (best === undefined || score < best.score)) best = { candidate, score };
  }
  return best?.candidate;
}
