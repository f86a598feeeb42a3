import { describe, expect, it } from "@jest/globals";
import { checkSnapshotDialect, planMigration, parseSnapshot } from "../../src/codegen/migrations.ts";
import type { TableView } from "../../src/codegen/sql-view.ts";

const column = (name: string, sqlType = "text", extra: Partial<TableView["columns"][number]> = {}) => ({
  name,
  property: name,
  sqlType,
  rawType: false,
  notNull: false,
  primaryKey: false,
  identity: false,
  codec: "text" as const,
  ...extra,
});
const table = (name: string, columns: TableView["columns"], indexes: TableView["indexes"] = []): TableView => ({
  name,
  model: name,
  repoKey: name,
  typeName: name,
  keyColumn: "id",
  keyProperty: "id",
  keyKind: "integer",
  columns,
  indexes,
});
const pet = table("pet", [
  column("id", "integer", { primaryKey: true, identity: true, notNull: true }),
  column("name", "text", { notNull: true }),
]);

describe("planMigration", () => {
  it("starts with an initial migration creating every table and index", () => {
    const { snapshot, migration } = planMigration(
      "sqlite",
      [table("owner", [column("id"), column("pet_id")], [{ name: "owner_pet_id_idx", column: "pet_id" }])],
      undefined,
    );
    expect(migration?.name).toBe("0001-initial");
    expect(migration?.ops.map((op) => op.kind)).toEqual(["createTable", "createIndex"]);
    expect(snapshot.migrations).toEqual(["0001-initial"]);
  });

  it("adds nothing when the schema did not change", () => {
    const first = planMigration("sqlite", [pet], undefined).snapshot;
    const again = planMigration("sqlite", [pet], first);
    expect(again.migration).toBeUndefined();
    expect(again.snapshot.migrations).toEqual(["0001-initial"]);
  });

  it("adds columns, tables and indexes, and writes drops and type changes as destructive (not run)", () => {
    const first = planMigration("postgres", [pet, table("toy", [column("id")])], undefined).snapshot;
    const grown = table("pet", [
      column("id", "integer", { primaryKey: true, identity: true, notNull: true }),
      column("name", "varchar(64)", { notNull: true }),
      column("color"),
      column("weight", "double precision", { notNull: true }),
    ]);
    const { migration, snapshot } = planMigration("postgres", [grown, table("owner", [column("id")])], first);
    expect(migration?.name).toBe("0002-spec-changes");
    expect(snapshot.migrations).toEqual(["0001-initial", "0002-spec-changes"]);
    const ops = migration!.ops;
    expect(ops).toContainEqual({ kind: "addColumn", table: "pet", column: expect.objectContaining({ name: "color" }) });
    // Existing rows have no weight: added nullable, with a note to backfill.
    expect(ops).toContainEqual(
      expect.objectContaining({
        kind: "addColumn",
        column: expect.objectContaining({ name: "weight", notNull: false }),
        note: expect.stringContaining("fill it"),
      }),
    );
    expect(ops).toContainEqual(expect.objectContaining({ kind: "createTable", table: "owner" }));
    expect(ops).toContainEqual(
      expect.objectContaining({
        kind: "destructive",
        reason: expect.stringContaining("pet.name changed from text not null to varchar(64) not null"),
      }),
    );
    expect(ops).toContainEqual(expect.objectContaining({ kind: "destructive", code: 'await db.schema.dropTable("toy").execute();' }));
  });
});

describe("parseSnapshot", () => {
  it("refuses a snapshot it did not write, naming the file", () => {
    expect(parseSnapshot(undefined, "x")).toBeUndefined();
    expect(() => parseSnapshot("{nope", "src/db/schema.json")).toThrow(/src\/db\/schema\.json is not a schema snapshot/);
  });
});

describe("checkSnapshotDialect", () => {
  it("refuses another dialect's migrations with the steps that keep them", () => {
    const previous = { ...planMigration("sqlite", [], undefined).snapshot };
    expect(() => checkSnapshotDialect(previous, "sqlite", "src/db/schema.json")).not.toThrow();
    expect(() => checkSnapshotDialect(undefined, "postgres", "src/db/schema.json")).not.toThrow();
    expect(() => checkSnapshotDialect(previous, "postgres", "src/db/schema.json")).toThrow(
      /sqlite migrations \(0001-initial\).*not run on postgres/,
    );
  });
});
