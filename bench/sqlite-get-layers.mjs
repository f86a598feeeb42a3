#!/usr/bin/env node
/**
 * Diagnostic for bench/generated-vs-handwritten.mjs (not a test, writes nothing): in-process cost
 * of reading one pet, layer by layer, with no HTTP in the way. Uses a generated petstore's built
 * code and node_modules, and a seeded database, e.g. from `--keep`:
 *
 *   node bench/generated-vs-handwritten.mjs --keep --no-write --duration 1 --rounds 1
 *   node bench/sqlite-get-layers.mjs <tmp>/petstore <tmp>/gen.db [id] [--n 100000]
 *
 * Prints µs per call (wall and CPU), the third of three passes (the first two warm up the JIT):
 *   hand-written: one prepared statement + mapping (what bench/handwritten-petstore.mjs does)
 *   prepare + get: a new statement per call (what Kysely's SqliteDriver does for every query)
 *   SqlRepository.get as generated, then with better-sqlite3's prepare() memoised, then also with
 *   the select compiled once and run through db.executeQuery(); Kysely build + compile alone.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
let n = 100_000;
const nAt = args.indexOf("--n");
if (nAt >= 0) {
  n = Number(args[nAt + 1]);
  args.splice(nAt, 2);
  if (!Number.isInteger(n) || n < 1) throw new Error("--n must be a positive integer");
}
const [project, file, idArg] = args;
if (!project || !file) {
  console.error("usage: node bench/sqlite-get-layers.mjs <generated-project> <seeded.db> [id] [--n 100000]");
  process.exit(1);
}
const require = createRequire(path.join(path.resolve(project), "package.json"));
const Database = require("better-sqlite3");
const { Kysely, SqliteDialect } = require("kysely");
const dist = (p) => pathToFileURL(path.join(path.resolve(project), "dist/src", p)).href;
const { SqlRepository } = await import(dist("db/sql-repository.js"));
const { tables } = await import(dist("db/tables.js"));

const open = () => {
  const database = new Database(file, { fileMustExist: true });
  database.pragma("journal_mode = WAL");
  return database;
};
const memoise = (database) => {
  const prepare = database.prepare.bind(database);
  const cache = new Map();
  database.prepare = (text) => {
    let statement = cache.get(text);
    if (!statement) cache.set(text, (statement = prepare(text)));
    return statement;
  };
  return database;
};
const kysely = (database) => new Kysely({ dialect: new SqliteDialect({ database }) });

const raw = open();
const id = Number(idArg ?? raw.prepare("SELECT id FROM pet WHERE age IS NOT NULL AND tags IS NOT NULL LIMIT 1 OFFSET 100").get()?.id ?? 1);
const text = 'select * from "pet" where "id" = ?';
const statement = raw.prepare(text);
const map = (row) => {
  const pet = { id: row.id, name: row.name, species: row.species };
  if (row.age !== null) pet.age = row.age;
  if (row.tags !== null) pet.tags = JSON.parse(row.tags);
  return pet;
};
const generated = new SqlRepository(kysely(open()), tables.pet);
const memoised = new SqlRepository(kysely(memoise(open())), tables.pet);
const compiled = memoised.db.selectFrom("pet").selectAll().where("id", "=", 0).compile();

const cases = {
  "hand-written: prepared once, get + map": async () => map(statement.get(id)),
  "prepare + get + map per call": async () => map(raw.prepare(text).get(id)),
  "SqlRepository.get (generated)": () => generated.get(id),
  "SqlRepository.get, prepare() memoised": () => memoised.get(id),
  "  + select compiled once (executeQuery)": async () => {
    const { rows } = await memoised.db.executeQuery({ ...compiled, parameters: [id] });
    return memoised.fromRow(rows[0]);
  },
  "Kysely build + compile only": async () => memoised.db.selectFrom("pet").selectAll().where("id", "=", id).compile(),
};

console.log(`pet ${id}, ${n} calls per case, Node ${process.version}`);
for (let pass = 0; pass < 3; pass++) {
  for (const [name, fn] of Object.entries(cases)) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const wall = Number(process.hrtime.bigint() - t0) / n / 1000;
    const c = process.cpuUsage(c0);
    if (pass === 2)
      console.log(`  ${name.padEnd(42)} ${wall.toFixed(2).padStart(7)} µs wall ${((c.user + c.system) / n).toFixed(2).padStart(7)} µs cpu`);
  }
}
await generated.db.destroy();
await memoised.db.destroy();
raw.close();
