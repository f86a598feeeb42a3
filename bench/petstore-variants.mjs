#!/usr/bin/env node
/**
 * Diagnostic servers for bench/generated-vs-handwritten.mjs --variants: the generated petstore's
 * own built code (dist/ of GENERATED_PROJECT) with one layer changed, to show with numbers where
 * the generated server's time per request goes. Nothing here changes the generator; each variant is
 * a candidate change, measured.
 *
 *   VARIANT=<change>[+<change>...] GENERATED_PROJECT=<dir> DATABASE_URL=<file.db> PORT=3001 \
 *     node bench/petstore-variants.mjs
 *
 * Every variant is the generated buildServer() with its routes, handlers, schemas and error handler;
 * LOG_LEVEL is honoured as the generated server does it, unless logger-off. Changes:
 *   logger-off    Fastify `logger: false` instead of pino at LOG_LEVEL (silent in the benchmark):
 *                 what the logger costs per request when it logs nothing
 *   stmt-cache    the generated SqlRepository on Kysely, but better-sqlite3's prepare() memoised by
 *                 SQL text (Kysely's SqliteDriver calls db.prepare(sql) for every query)
 *   precompiled   SqlRepository.get() compiles its select once per table and runs it through
 *                 db.executeQuery() with the key as parameter (no query building per request)
 *   direct-repo   a Repository whose get() runs one prepared statement and decodes the row with
 *                 the same column codecs, no Kysely at all: the generated HTTP layers alone
 * Without stmt-cache, precompiled or direct-repo, storage is the generated createStorage() as is.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { serveUntilStopped, sqliteFile } from "./common.mjs";
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
const file = sqliteFile();
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

const KNOWN = ["logger-off", "stmt-cache", "precompiled", "direct-repo"];
const changes = new Set(variant.split("+"));
for (const change of changes) {
  if (!KNOWN.includes(change)) {
    console.error(`unknown change ${change} in VARIANT=${variant}: ${KNOWN.join(", ")}`);
    process.exit(1);
  }
}

if (changes.has("precompiled")) {
  // Same rows, same decoding (the repository's own fromRow), same error translation (its run()).
  const compiled = new WeakMap();
  SqlRepository.prototype.get = function get(key) {
    return this.run(async () => {
      let query = compiled.get(this);
      if (!query) {
        query = this.db.selectFrom(this.table.name).selectAll().where(this.table.keyColumn, "=", 0).compile();
        compiled.set(this, query);
      }
      const { rows } = await this.db.executeQuery({ ...query, parameters: [this.key(key)] });
      return rows[0] ? this.fromRow(rows[0]) : undefined;
    });
  };
}

const options = { logger: changes.has("logger-off") ? false : { level } };
if (changes.has("direct-repo")) options.storage = directStorage(openDatabase());
else if (changes.has("stmt-cache")) options.storage = kyselyStorage(memoisePrepare(openDatabase()));
else if (changes.has("precompiled")) options.storage = kyselyStorage(openDatabase());
// Otherwise the generated storage: it reads DATABASE_URL and migrates on start, as main.js does.
const app = await buildServer(options);

await serveUntilStopped(app, { host, port });
