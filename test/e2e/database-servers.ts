/**
 * The machine's database servers (PostgreSQL 127.0.0.1:5432, MariaDB 127.0.0.1:3306), driven with
 * their command-line clients as an operator would: a test creates its own database and drops it after.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { run } from "./cli-helpers.ts";

export type Dialect = "sqlite" | "postgres" | "mysql";

export const databaseServers = {
  postgres: {
    create: (name: string) =>
      run(
        "psql",
        ["-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-v", "ON_ERROR_STOP=1", "-c", `create database ${name}`],
        process.cwd(),
      ),
    drop: (name: string) =>
      run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c", `drop database if exists ${name} with (force)`], process.cwd()),
    url: (name: string) => `postgres://postgres@127.0.0.1:5432/${name}`,
    /** One value from a query run in database `name`. */
    query: (name: string, sql: string) =>
      run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", name, "-tAc", sql], process.cwd()).stdout.trim(),
  },
  mysql: {
    create: (name: string) => run("mysql", ["-h", "127.0.0.1", "-u", "root", "-e", `create database ${name}`], process.cwd()),
    drop: (name: string) => run("mysql", ["-h", "127.0.0.1", "-u", "root", "-e", `drop database if exists ${name}`], process.cwd()),
    url: (name: string) => `mysql://root@127.0.0.1:3306/${name}`,
    query: (name: string, sql: string) =>
      run("mysql", ["-h", "127.0.0.1", "-u", "root", "-N", "-D", name, "-e", sql], process.cwd()).stdout.trim(),
  },
};

/** A database of one test's own: see freshDatabase. */
export interface FreshDatabase {
  /** DATABASE_URL for it. */
  url: string;
  /** Its name on the server (the SQLite file's name without `.db`). */
  name: string;
  drop(): void;
}

/**
 * A new, empty database for `label` (letters, digits, `_`): a randomly named one on the machine's
 * PostgreSQL or MariaDB (so runs never share rows or migrations), or a SQLite file in `dir`.
 */
export function freshDatabase(dialect: Dialect, label: string, dir: string): FreshDatabase {
  const name = `cts_${label}_${randomBytes(4).toString("hex")}`;
  if (dialect === "sqlite") return { url: path.join(dir, `${name}.db`), name, drop: () => {} };
  const server = databaseServers[dialect];
  const created = server.create(name);
  if (created.code !== 0 || created.stderr !== "") throw new Error(`creating database ${name} on ${dialect} failed: ${created.stderr}`);
  return { url: server.url(name), name, drop: () => void server.drop(name) };
}
