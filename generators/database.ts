/**
 * Database layer: tables and a first migration from the TypeSpec models, and SQL repositories
 * (Kysely) behind the server's Repository interface, so CRUD routes store real rows. The dialect
 * plugins (database-sqlite, -postgres, -mysql) add the driver and its connection code.
 */
import { definePlugin } from "../src/plugins/contract.ts";
import { crudResources } from "../src/codegen/crud-view.ts";
import { type Dialect, tableViews } from "../src/codegen/sql-view.ts";
import { checkSnapshotDialect, parseSnapshot, planMigration } from "../src/codegen/migrations.ts";
import { type PackageManager, packageManagerCommands } from "../src/post/package-manager.ts";
import { DEFAULT_DATABASE_URLS } from "../src/codegen/database-setup.ts";
import { templatesDir } from "../src/tool.ts";

export const DATABASES = ["sqlite", "postgres", "mysql", "none"] as const;

/** The schema as last generated: the base the next migration is computed from. */
export const SNAPSHOT_FILE = "src/db/schema.json";

const DEFAULT_URLS = DEFAULT_DATABASE_URLS;

export default definePlugin({
  name: "database",
  layer: "database",
  description: "tables, migrations and SQL repositories (Kysely) from the TypeSpec models",
  templates: templatesDir("database"),
  // Migrations are history: once written they are the user's, never rewritten.
  userFiles: ["src/db/migrations/"],
  requires: ["server"],
  // targets/go/generators/go-database.ts answers the same question for Go projects.
  questions: [
    {
      name: "db",
      topic: "database",
      message: "Database",
      type: "select",
      choices: [
        { value: "sqlite", description: "SQLite, embedded: nothing to install or run" },
        { value: "postgres", description: "PostgreSQL (DATABASE_URL)" },
        { value: "mysql", description: "MySQL or MariaDB (DATABASE_URL)" },
        { value: "none", description: "keep rows in memory only" },
      ],
      default: "sqlite",
    },
  ],
  enabled: (answers) => answers.db !== "none",
  contribute(ctx) {
    const dialect = (ctx.answers.db ?? "sqlite") as Dialect;
    const resources = crudResources(ctx.api);
    const tables = tableViews(ctx.api, resources, dialect);
    const previous = parseSnapshot(ctx.previous?.readFile(SNAPSHOT_FILE), SNAPSHOT_FILE);
    checkSnapshotDialect(previous, dialect, SNAPSHOT_FILE);
    const { snapshot, migration } = planMigration(dialect, tables, previous);
    return {
      dependencies: ["kysely"],
      scripts: { migrate: "tsc -p tsconfig.json && node dist/src/db/migrate.js" },
      env: [
        {
          name: "DATABASE_URL",
          description: dialect === "sqlite" ? "SQLite database file (created on first start)" : `${dialect} connection URL`,
          example: DEFAULT_URLS[dialect],
          secret: dialect !== "sqlite",
        },
        { name: "DATABASE_POOL_SIZE", description: "Connections kept open to the database", example: "10" },
        {
          name: "MIGRATE_ON_START",
          description: "Apply pending migrations when the server starts (npm run migrate does it on demand)",
          example: dialect === "sqlite" ? "true" : "false",
        },
      ],
      readme: [
        {
          title: "Database",
          body: [
            `Rows live in ${dialect === "sqlite" ? "an embedded SQLite file" : dialect === "postgres" ? "PostgreSQL" : "MySQL/MariaDB"}` +
              ` (\`DATABASE_URL\`, default \`${DEFAULT_URLS[dialect]}\`).`,
            `Tables: ${tables.map((t) => `\`${t.name}\``).join(", ") || "none"}. Migrations are in \`src/db/migrations/\`;`,
            `\`${packageManagerCommands(ctx.answers.packageManager as PackageManager | undefined).run("migrate")}\` applies the pending ones` +
              (dialect === "sqlite"
                ? ", and the server applies them on start (`MIGRATE_ON_START=true`)."
                : "; set `MIGRATE_ON_START=true` to apply them on start."),
            dialect === "sqlite"
              ? "Tests use their own database: a temporary SQLite file, created and removed by each run."
              : "Tests use the database `TEST_DATABASE_URL` names (else `DATABASE_URL`): they migrate it and add rows to it.",
            ...(dialect === "mysql"
              ? []
              : [
                  "The routes' inserts and updates are committed in groups (`src/db/dialect.ts`): writes that arrive together share",
                  "one transaction, and each request is answered once that transaction is committed; a write that fails fails alone.",
                ]),
          ].join("\n"),
        },
      ],
      data: {
        dialect,
        defaultUrl: DEFAULT_URLS[dialect],
        migrateOnStart: dialect === "sqlite",
        testDatabaseHint: testDatabaseHint(dialect),
        notMigrated: `the database is not migrated: run \`${packageManagerCommands(ctx.answers.packageManager as PackageManager | undefined).run("migrate")}\`, or start with MIGRATE_ON_START=true`,
        tables,
        snapshot,
      },
      // down() undoes the steps in reverse order (an index before its table).
      collections: { migration: migration ? [{ fileName: migration.name, ...migration, undo: [...migration.ops].reverse() }] : [] },
    };
  },
});

/** What the generated tests say when they have no database to write to: what to set, and how to make one. */
export function testDatabaseHint(dialect: Dialect): string | undefined {
  if (dialect === "sqlite") return undefined;
  const url = `${DEFAULT_URLS[dialect]}_test`;
  const create =
    dialect === "postgres" ? "createdb -h 127.0.0.1 -U postgres app_test" : 'mysql -h 127.0.0.1 -u root -e "create database app_test"';
  const name = dialect === "postgres" ? "PostgreSQL" : "MySQL";
  return (
    `set TEST_DATABASE_URL to a ${name} database the tests may write to (they add rows to it), ` +
    `e.g. TEST_DATABASE_URL=${url} (create it first: ${create}); see README.md, "Database"`
  );
}
