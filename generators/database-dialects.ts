/**
 * The dialects of the database layer, one plugin each: the driver package and its connection code
 * (templates/database-<dialect>/). Exactly one is enabled, by the `db` answer.
 */
import { type BackingService, definePlugin } from "../src/plugins/contract.ts";
import type { Dialect } from "../src/codegen/sql-view.ts";
import { templatesDir } from "../src/tool.ts";
import type { DependencyName } from "../src/versions.ts";

const DIALECTS: Dialect[] = ["sqlite", "postgres", "mysql"];

function dialectPlugin(
  dialect: Dialect,
  dependencies: DependencyName[],
  devDependencies: DependencyName[],
  services: BackingService[] = [],
) {
  return definePlugin({
    name: `database-${dialect}`,
    layer: "database",
    description: `${dialect} driver for the database layer`,
    templates: templatesDir(`database-${dialect}`),
    requires: ["database"],
    conflicts: DIALECTS.filter((d) => d !== dialect).map((d) => `database-${d}`),
    enabled: (answers) => (answers.db ?? "sqlite") === dialect,
    contribute: () => ({ dependencies, devDependencies, services }),
  });
}

export const databaseSqlite = dialectPlugin("sqlite", ["better-sqlite3"], ["@types/better-sqlite3"]);
// The database server beside the app in compose and CI (local credentials for a throwaway
// database; production URLs go in the Secret). The app migrates on start there.
export const databasePostgres = dialectPlugin(
  "postgres",
  ["pg"],
  ["@types/pg"],
  [
    {
      name: "postgres",
      image: "postgres:17-alpine",
      ports: [5432],
      environment: { POSTGRES_USER: "postgres", POSTGRES_PASSWORD: "postgres", POSTGRES_DB: "app" },
      healthcheck: ["CMD-SHELL", "pg_isready -U postgres -d app"],
      dataPath: "/var/lib/postgresql/data",
      appEnv: { DATABASE_URL: "postgres://postgres:postgres@postgres:5432/app", MIGRATE_ON_START: "true" },
    },
  ],
);
export const databaseMysql = dialectPlugin(
  "mysql",
  ["mysql2"],
  [],
  [
    {
      name: "mysql",
      image: "mysql:8.4",
      ports: [3306],
      environment: { MYSQL_ROOT_PASSWORD: "mysql", MYSQL_DATABASE: "app" },
      // Over TCP: the server that runs the image's first-start scripts listens on the socket only.
      healthcheck: ["CMD-SHELL", "mysqladmin ping -h 127.0.0.1 -uroot -pmysql --silent"],
      dataPath: "/var/lib/mysql",
      appEnv: { DATABASE_URL: "mysql://root:mysql@mysql:3306/app", MIGRATE_ON_START: "true" },
    },
  ],
);
