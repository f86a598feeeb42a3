#!/usr/bin/env node
/**
 * Diagnostic servers for bench/generated-vs-handwritten.mjs --variants: the generated petstore's
 * own built code (dist/ of GENERATED_PROJECT) with one layer changed, to show with numbers where
 * the generated server's time per request goes. Nothing here changes the generator; each variant is
 * a candidate change, measured.
 *
 *   VARIANT=<name> GENERATED_PROJECT=<dir> DATABASE_URL=<file.db> PORT=3001 node bench/petstore-variants.mjs
 *
 * Variants (all built with the generated buildServer(), routes, handlers, schemas and error handler;
 * LOG_LEVEL is honoured exactly as the generated server does, unless the variant says otherwise):
 *   logger-off    the generated storage as is, Fastify `logger: false` instead of a pino logger at
 *                 level silent (what request logging costs when nothing is logged)
 *   stmt-cache    the generated SqlRepository on Kysely, but better-sqlite3's prepare() memoised by
 *                 SQL text (Kysely's SqliteDriver calls db.prepare(sql) for every query)
 *   direct-repo   a Repository whose get() runs one cached prepared statement and decodes the row
 *                 with the same column codecs, no Kysely: the generated HTTP layers alone
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const project = process.env.GENERATED_PROJECT;
const variant = process.env.VARIANT;
if (!project || !variant) {
  console.error("GENERATED_PROJECT and VARIANT are required");
  process.exit(1);
}
const dist = (p) => pathToFileURL(path.join(path.resolve(project), "dist/src", p)).href;
const require = createRequire(path.join(path.resolve(project), "package.json"));
const Database = require("better-sqlite3");
const { Kysely, SqliteDialect, sql } = require("kysely");
const { buildServer } = await import(dist("server.js"));
const { SqlRepository } = await import(dist("db/sql-repository.js"));
const { tables } = await import(dist("db/tables.js"));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const file = (process.env.DATABASE_URL ?? "./data/app.db").replace(/^(sqlite|file):(\/\/)?/, "");
const level = process.env.LOG_LEVEL ?? "info";

function openDatabase() {
  const database = new Database(file, { fileMustExist: true });
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  return database;
}

/** better-sqlite3 statements are reusable; Kysely's driver prepares each query anew. */
function memoisePrepare(database, max = 500) {
  const prepare = database.prepare.bind(database);
  const cache = new Map();
  database.prepare = (text) => {
    let statement = cache.get(text);
    if (statement === undefined) {
      statement = prepare(text);
      cache.set(text, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value);
    }
    return statement;
  };
  return database;
}

function kyselyStorage(database) {
  const db = new Kysely({ dialect: new SqliteDialect({ database }) });
  return {
    repositories: { pet: new SqlRepository(db, tables.pet) },
    ready: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** The generated column codecs this table uses (sql-repository.ts decode), for a Kysely-free get(). */
function decode(codec, value) {
  if (value === null || value === undefined) return undefined;
  if (codec === "integer" || codec === "number") return Number(value);
  if (codec === "json" && typeof value === "string") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function directStorage(database) {
  const table = tables.pet;
  const select = database.prepare(`SELECT * FROM "${table.name}" WHERE "${table.keyColumn}" = ?`);
  const notSupported = async () => {
    throw new Error("direct-repo variant serves GET /pets/{id} only");
  };
  return {
    repositories: {
      pet: {
        async get(key) {
          const row = select.get(Number(key));
          if (!row) return undefined;
          const item = {};
          for (const column of table.columns) {
            const value = decode(column.codec, row[column.name]);
            if (value !== undefined) item[column.property] = value;
          }
          return item;
        },
        list: notSupported,
        create: notSupported,
        replace: notSupported,
        patch: notSupported,
        delete: notSupported,
      },
    },
    ready: async () => {
      database.prepare("select 1").get();
    },
    close: async () => database.close(),
  };
}

let options;
if (variant === "logger-off") options = { logger: false };
else if (variant === "stmt-cache") options = { storage: kyselyStorage(memoisePrepare(openDatabase())), logger: { level } };
else if (variant === "direct-repo") options = { storage: directStorage(openDatabase()), logger: { level } };
else {
  console.error(`unknown VARIANT ${variant}: logger-off, stmt-cache or direct-repo`);
  process.exit(1);
}
// logger-off keeps the generated storage, which reads DATABASE_URL and migrates on start like main.js.
const app = await buildServer(options);

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

try {
  await app.listen({ port, host });
} catch (error) {
  console.error(`could not listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
}
