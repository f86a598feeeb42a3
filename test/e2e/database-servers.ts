/**
 * The machine's database servers (PostgreSQL 127.0.0.1:5432, MariaDB 127.0.0.1:3306), driven with
 * their command-line clients as an operator would: a test creates its own database and drops it after.
 */
import { run } from "./cli-helpers.ts";

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
