/**
 * The dialects of the database layer, one plugin each: the driver package and its connection code
 * (templates/database-<dialect>/). Exactly one is enabled, by the `db` answer.
 */
import { definePlugin } from "../src/plugins/contract.ts";
import type { Dialect } from "../src/codegen/sql-view.ts";
import { templatesDir } from "../src/tool.ts";
import type { DependencyName } from "../src/versions.ts";

const DIALECTS: Dialect[] = ["sqlite", "postgres", "mysql"];

function dialectPlugin(dialect: Dialect, dependencies: DependencyName[], devDependencies: DependencyName[]) {
  return definePlugin({
    name: `database-${dialect}`,
    layer: "database",
    description: `${dialect} driver for the database layer`,
    templates: templatesDir(`database-${dialect}`),
    requires: ["database"],
    conflicts: DIALECTS.filter((d) => d !== dialect).map((d) => `database-${d}`),
    enabled: (answers) => (answers.db ?? "sqlite") === dialect,
    contribute: () => ({ dependencies, devDependencies }),
  });
}

export const databaseSqlite = dialectPlugin("sqlite", ["better-sqlite3"], ["@types/better-sqlite3"]);
export const databasePostgres = dialectPlugin("postgres", ["pg"], ["@types/pg"]);
export const databaseMysql = dialectPlugin("mysql", ["mysql2"], []);
