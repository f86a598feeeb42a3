/**
 * The Go target's database layer: the TypeScript target's tables and migrations (the same
 * planMigration, written as .sql files applied by a small embedded runner), a store over
 * database/sql with the dialect's driver (modernc.org/sqlite, pgx, go-sql-driver/mysql) and the
 * CRUD operations answered out of the box, as the TS target answers them.
 */
import path from "node:path";
import { definePlugin } from "../../../src/plugins/contract.ts";
import { packageRoot } from "../../../src/tool.ts";
import { checkSnapshotDialect, parseSnapshot, planMigration } from "../../../src/codegen/migrations.ts";
import { migrationDownSql, migrationUpSql } from "../../../src/codegen/migration-sql.ts";
import { DEFAULT_DATABASE_URLS } from "../../../src/codegen/database-setup.ts";
import { crudResources } from "../../../src/codegen/crud-view.ts";
import type { ApiModel } from "../../../src/spec/model.ts";
import type { Dialect } from "../../../src/codegen/sql-view.ts";
import { goCrud, goDialect } from "../views/go-crud.ts";
import { goRoutes } from "../views/go-routes.ts";
import { qualifiedGoType } from "../views/go-types.ts";

/** The schema as last generated: the base the next migration is computed from. */
export const GO_SNAPSHOT_FILE = "internal/store/schema.json";

// One driver per project: the dialect's module only, so go.mod holds nothing it does not build.
const DRIVERS = {
  sqlite: { "modernc.org/sqlite": "v1.57.0" },
  postgres: { "github.com/jackc/pgx/v5": "v5.8.0" },
  mysql: { "github.com/go-sql-driver/mysql": "v1.9.3" },
} as const;

export const NOT_MIGRATED_GO = "the database is not migrated: run `go run ./cmd/migrate`, or start with MIGRATE_ON_START=true";

export default definePlugin({
  name: "go-database",
  layer: "database",
  targets: ["go"],
  description: "tables, SQL migrations and CRUD over database/sql from the TypeSpec models",
  templates: path.join(packageRoot, "targets", "go", "templates", "database"),
  // Migrations are history: once written they are the user's, never rewritten.
  userFiles: ["internal/store/migrations/"],
  requires: ["go-server"],
  enabled: (answers) => goDialect(answers) !== undefined,
  contribute(ctx) {
    const dialect = goDialect(ctx.answers)!;
    const crud = goCrud(ctx.api, dialect);
    const previous = parseSnapshot(ctx.previous?.readFile(GO_SNAPSHOT_FILE), GO_SNAPSHOT_FILE);
    checkSnapshotDialect(previous, dialect, GO_SNAPSHOT_FILE);
    const { snapshot, migration } = planMigration(dialect, crud.tables, previous);
    const { groups } = goRoutes(ctx.api);
    return {
      extraDependencies: { ...DRIVERS[dialect] },
      env: [
        {
          name: "DATABASE_URL",
          description: dialect === "sqlite" ? "SQLite database file (created on first start)" : `${dialect} connection URL`,
          example: DEFAULT_DATABASE_URLS[dialect],
          secret: dialect !== "sqlite",
        },
        { name: "DATABASE_POOL_SIZE", description: "Connections kept open to the database", example: "10" },
        {
          name: "MIGRATE_ON_START",
          description: "Apply pending migrations when the server starts (go run ./cmd/migrate does it on demand)",
          example: dialect === "sqlite" ? "true" : "false",
        },
      ],
      data: {
        // internal/wire imports it to hand the store to the handlers.
        storePackage: "internal/store",
        dialect,
        defaultUrl: DEFAULT_DATABASE_URLS[dialect],
        migrateOnStart: dialect === "sqlite",
        notMigrated: NOT_MIGRATED_GO,
        runtime: JSON.stringify(crud.runtime, null, 2),
        snapshot: JSON.stringify(snapshot, null, 2),
        handlerGroups: groups.map((g) => g.name),
        crudTests: crudTests(ctx.api, dialect),
      },
      collections: {
        migration: migration
          ? [{ fileName: migration.name, up: migrationUpSql(dialect, migration.ops), down: migrationDownSql(dialect, migration.ops) }]
          : [],
        crudGroup: groups
          .filter((g) => crud.groups.has(g.name))
          .map((g) => ({
            fileName: g.fileName,
            name: g.name,
            routes: g.routes
              .filter((r) => crud.operations.has(r.id))
              .map((r) => ({ ...r, qualifiedResult: r.resultType ? qualifiedGoType(r.resultType) : undefined })),
          })),
      },
    };
  },
});

/** One resource's CRUD round trip for the generated test, from the TS target's samples. */
function crudTests(api: ApiModel, dialect: Dialect) {
  const crud = goCrud(api, dialect);
  // The path a client calls: no URI-template query part, and no trailing slash ServeMux would not route.
  const called = <T extends { path: string } | undefined>(op: T): T =>
    (op && { ...op, path: op.path.replace(/\{\?[^}]*\}|\?.*$/g, "").replace(/(.)\/$/, "$1") }) as T;
  return crudResources(api)
    .filter((r) => r.createSample !== undefined && r.operations.create && r.operations.read && crud.tables.some((t) => t.model === r.model))
    .map((r) => ({
      model: r.model,
      keyProperty: r.keyProperty,
      keyFromClient: r.keyFromClient,
      missingKey: String(r.missingKey),
      create: called(r.operations.create!),
      read: called(r.operations.read!),
      list: called(r.operations.list),
      replace: called(r.operations.replace),
      patch: called(r.operations.patch),
      delete: called(r.operations.delete),
      createBody: JSON.stringify(r.createSample),
      replaceBody: r.replaceSample === undefined ? undefined : JSON.stringify(r.replaceSample),
      patchBody: r.patchSample ? JSON.stringify(r.patchSample.body) : undefined,
      patchProperty: r.patchSample?.property,
      patchValue: r.patchSample ? JSON.stringify(r.patchSample.body[r.patchSample.property]) : undefined,
    }));
}
