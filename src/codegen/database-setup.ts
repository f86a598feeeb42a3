/**
 * What a database server needs before the first `dev` or `test`: the database itself (and one for
 * the tests), the URLs the app and the tests read, and the tables. One list, shown both in the
 * steps printed after generation and in the generated README, so the two never disagree.
 * SQLite needs none of it: the file is created and migrated on the first start.
 */
import { type PackageManager, packageManagerCommands } from "../post/package-manager.ts";
import type { Dialect } from "./sql-view.ts";

export interface SetupStep {
  command: string;
  note?: string;
}

/** The app's database name in the default URLs; the tests' own is this plus `_test`. */
export const DEFAULT_DATABASE = "app";

/** DATABASE_URL when it is unset (also what .env.example shows). */
export const DEFAULT_DATABASE_URLS: Record<Dialect, string> = {
  sqlite: "./data/app.db",
  postgres: `postgres://postgres@127.0.0.1:5432/${DEFAULT_DATABASE}`,
  mysql: `mysql://root@127.0.0.1:3306/${DEFAULT_DATABASE}`,
};

const CREATE: Record<Exclude<Dialect, "sqlite">, string> = {
  postgres: `createdb ${DEFAULT_DATABASE} && createdb ${DEFAULT_DATABASE}_test`,
  mysql: `mysql -u root -e 'CREATE DATABASE ${DEFAULT_DATABASE}; CREATE DATABASE ${DEFAULT_DATABASE}_test'`,
};

/** The steps for the `db` answer; none for SQLite or no database. */
export function databaseSetupSteps(db: unknown, pm?: PackageManager): SetupStep[] {
  if (db !== "postgres" && db !== "mysql") return [];
  const url = DEFAULT_DATABASE_URLS[db];
  return [
    { command: CREATE[db], note: "the app's database and the tests' own" },
    { command: `export DATABASE_URL=${url}`, note: "point it at your server (.env works too)" },
    { command: `export TEST_DATABASE_URL=${url}_test`, note: "the tests migrate it and add rows to it" },
    { command: packageManagerCommands(pm).run("migrate"), note: "creates the tables in DATABASE_URL" },
  ];
}
