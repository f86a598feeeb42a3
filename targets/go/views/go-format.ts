/**
 * Go source laid out as gofmt lays it out, so generated files are gofmt-clean without running Go
 * at generation time (a plugin is pure: the same spec gives the same bytes on any machine).
 * gofmt aligns the columns of consecutive lines in a block (struct fields, constants, keyed
 * elements); a comment line ends one alignment section and starts the next.
 */

export interface GoRow {
  /** A comment line above the row (one line, without `//`). */
  comment?: string;
  /** The row's cells: all but the last are padded to their column's width. */
  cells: string[];
}

/** Display width as gofmt counts it: in runes. */
const width = (text: string) => [...text].length;

/** The rows as lines indented by `indent`, each section's columns aligned. */
export function goAligned(rows: GoRow[], indent = "\t"): string[] {
  const sections: GoRow[][] = [];
  for (const row of rows) {
    if (row.comment !== undefined || sections.length === 0) sections.push([]);
    sections[sections.length - 1].push(row);
  }
  const lines: string[] = [];
  for (const section of sections) {
    const columns = Math.max(...section.map((r) => r.cells.length));
    const widths = Array.from({ length: columns }, (_, i) =>
      Math.max(0, ...section.filter((r) => i < r.cells.length - 1).map((r) => width(r.cells[i]))),
    );
    for (const row of section) {
      if (row.comment !== undefined) lines.push(`${indent}// ${row.comment}`);
      const cells = row.cells.map((cell, i) => (i < row.cells.length - 1 ? cell + " ".repeat(widths[i] - width(cell)) : cell));
      lines.push(indent + cells.join(" "));
    }
  }
  return lines;
}

/** A Go composite literal of already-written elements, as gofmt spaces it: `{a, b}`. */
export function goList(elements: string[]): string {
  return `{${elements.join(", ")}}`;
}
