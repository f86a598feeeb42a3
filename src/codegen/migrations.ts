/**
 * Migrations as history: the database layer records the schema it last generated (a snapshot in
 * src/db/schema.json) and, when the spec changes, writes the next migration for the difference.
 * Additive changes (a table, a column, an index) run; destructive ones (a dropped table or column,
 * a changed type) are written commented out, for the user to confirm by hand, never run silently.
 */
import { StackError } from "../diagnostics.ts";
import type { ColumnView, Dialect, TableView } from "./sql-view.ts";

export type SnapshotColumn = Pick<ColumnView, "name" | "sqlType" | "rawType" | "notNull" | "primaryKey" | "identity" | "defaultSql">;

export interface SchemaSnapshot {
  dialect: Dialect;
  /** Every migration the generator has written, in order. */
  migrations: string[];
  tables: { name: string; columns: SnapshotColumn[]; indexes: { name: string; column: string }[] }[];
}

export type MigrationOp =
  | { kind: "createTable"; table: string; columns: SnapshotColumn[] }
  | { kind: "addColumn"; table: string; column: SnapshotColumn; note?: string }
  | { kind: "createIndex"; table: string; name: string; column: string }
  /** Not run: `code` is written commented out with `reason`. */
  | { kind: "destructive"; reason: string; code: string };

export interface Migration {
  name: string;
  ops: MigrationOp[];
}

function snapshotOf(dialect: Dialect, tables: TableView[], migrations: string[]): SchemaSnapshot {
  return {
    dialect,
    migrations,
    tables: tables.map((t) => ({
      name: t.name,
      columns: t.columns.map(({ name, sqlType, rawType, notNull, primaryKey, identity, defaultSql }) => ({
        name,
        sqlType,
        rawType,
        notNull,
        primaryKey,
        identity,
        ...(defaultSql === undefined ? {} : { defaultSql }),
      })),
      indexes: t.indexes,
    })),
  };
}

function diff(before: SchemaSnapshot, after: SchemaSnapshot): MigrationOp[] {
  const ops: MigrationOp[] = [];
  const old = new Map(before.tables.map((t) => [t.name, t]));
  for (const table of after.tables) {
    const previous = old.get(table.name);
    if (!previous) {
      ops.push({ kind: "createTable", table: table.name, columns: table.columns });
      for (const index of table.indexes) ops.push({ kind: "createIndex", table: table.name, ...index });
      continue;
    }
    const oldColumns = new Map(previous.columns.map((c) => [c.name, c]));
    for (const column of table.columns) {
      const was = oldColumns.get(column.name);
      if (!was) {
        // Existing rows have no value: a required column without a default is added nullable.
        const needsBackfill = column.notNull && column.defaultSql === undefined;
        ops.push(
          needsBackfill
            ? {
                kind: "addColumn",
                table: table.name,
                column: { ...column, notNull: false },
                note: "required by the spec: fill it for existing rows, then add NOT NULL",
              }
            : { kind: "addColumn", table: table.name, column },
        );
      } else if (was.sqlType !== column.sqlType || was.notNull !== column.notNull) {
        ops.push({
          kind: "destructive",
          reason: `${table.name}.${column.name} changed from ${was.sqlType}${was.notNull ? " not null" : ""} to ${column.sqlType}${column.notNull ? " not null" : ""}`,
          code: `await sql\`alter table ${table.name} ... ${column.name} ...\`.execute(db); // write the ALTER your database needs, and convert existing values`,
        });
      }
    }
    for (const column of previous.columns) {
      if (!table.columns.some((c) => c.name === column.name)) {
        ops.push({
          kind: "destructive",
          reason: `${table.name}.${column.name} is no longer in the spec; dropping it deletes its data`,
          code: `await db.schema.alterTable(${JSON.stringify(table.name)}).dropColumn(${JSON.stringify(column.name)}).execute();`,
        });
      }
    }
    const oldIndexes = new Set(previous.indexes.map((i) => i.name));
    for (const index of table.indexes) if (!oldIndexes.has(index.name)) ops.push({ kind: "createIndex", table: table.name, ...index });
  }
  for (const table of before.tables) {
    if (!after.tables.some((t) => t.name === table.name)) {
      ops.push({
        kind: "destructive",
        reason: `table ${table.name} is no longer in the spec; dropping it deletes its rows`,
        code: `await db.schema.dropTable(${JSON.stringify(table.name)}).execute();`,
      });
    }
  }
  return ops;
}

function nextName(migrations: string[], label: string): string {
  return `${String(migrations.length + 1).padStart(4, "0")}-${label}`;
}

/** The schema snapshot to record now, and the migration to add (none when nothing changed). */
export function planMigration(
  dialect: Dialect,
  tables: TableView[],
  previousSnapshot: SchemaSnapshot | undefined,
): { snapshot: SchemaSnapshot; migration?: Migration } {
  const current = snapshotOf(dialect, tables, []);
  if (!previousSnapshot) {
    const name = nextName([], "initial");
    const ops: MigrationOp[] = current.tables.flatMap((t): MigrationOp[] => [
      { kind: "createTable", table: t.name, columns: t.columns },
      ...t.indexes.map((i): MigrationOp => ({ kind: "createIndex", table: t.name, ...i })),
    ]);
    return { snapshot: { ...current, migrations: [name] }, migration: { name, ops } };
  }
  const ops = diff(previousSnapshot, current);
  if (ops.length === 0) return { snapshot: { ...current, migrations: previousSnapshot.migrations } };
  const name = nextName(previousSnapshot.migrations, "spec-changes");
  return { snapshot: { ...current, migrations: [...previousSnapshot.migrations, name] }, migration: { name, ops } };
}

/**
 * Migrations written for one dialect do not run on another (SQLite's `autoincrement` on PostgreSQL),
 * and they are the user's history, so a dialect change is refused with the steps that keep them.
 */
export function checkSnapshotDialect(previous: SchemaSnapshot | undefined, dialect: Dialect, file: string): void {
  if (!previous || previous.dialect === dialect) return;
  const old = previous.dialect;
  throw new StackError(
    "dialect-change",
    `${file} records ${old} migrations (${previous.migrations.join(", ")}); they would not run on ${dialect}.`,
    [
      `To start ${dialect} from a fresh baseline (the new database has no rows yet):`,
      `  1. move src/db/migrations/*.ts to src/db/migrations/${old}/ (kept for reference, not run), or delete them`,
      `  2. delete ${file}`,
      `  3. run the same command again: it writes a ${dialect} 0001-initial migration for the current models.`,
      `To move existing rows, export them from ${old} and import them after the first migrate.`,
    ],
  );
}

/** A snapshot that is not ours is an error: guessing the previous schema could write a wrong migration. */
export function parseSnapshot(text: string | undefined, file: string): SchemaSnapshot | undefined {
  if (text === undefined) return undefined;
  try {
    const snapshot = JSON.parse(text) as SchemaSnapshot;
    if (!Array.isArray(snapshot.tables) || !Array.isArray(snapshot.migrations)) throw new Error("tables and migrations must be arrays");
    return snapshot;
  } catch (error) {
    throw new StackError(
      "manifest-invalid",
      `${file} is not a schema snapshot this tool wrote (${(error as Error).message}); restore it from git`,
    );
  }
}
