#!/usr/bin/env node
/**
 * Diagnostic for bench/generated-vs-handwritten.mjs (not a test, writes nothing): the in-process
 * cost of reading one pet by key through each layer of a generated SQLite petstore, with no HTTP
 * in the way. Uses the project's built code and node_modules and a seeded database, e.g. from
 * `--keep`:
 *
 *   node bench/generated-vs-handwritten.mjs --reuse-deps --stacks default --duration 1 --rounds 1 --no-write --keep
 *   node bench/sqlite-get-layers.mjs <kept>/default <kept>/seed.db [--n 20000] [--passes 15]
 *
 * Each pass runs every case n times over the seeded ids; cases take turns, so a slow spell of the
 * machine falls on all of them. Prints CPU µs per call: the lowest pass and the median pass.
 *   hand-written: one prepared statement, get() and the mapping bench/handwritten-petstore.mjs does
 *   Connection.run: the generated driver path (src/db/connection.ts, first row only)
 *   SqlRepository.get: the same and the row's decoding (src/db/sql-repository.ts)
 *   CRUD read: the default handler the route calls (src/generated/crud.ts)
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  args.splice(at, 2);
  return value;
};
const n = option("--n", 20_000);
const passes = option("--passes", 15);
const [project, file] = args;
if (!project || !file) {
  console.error("usage: node bench/sqlite-get-layers.mjs <generated-project> <seeded.db> [--n 20000] [--passes 15]");
  process.exit(1);
}
const root = path.resolve(project);
const require = createRequire(path.join(root, "package.json"));
const Database = require("better-sqlite3");
const dist = (p) => import(pathToFileURL(path.join(root, "dist/src", p)).href);
const { openDatabase } = await dist("db/connection.js");
const { SqlRepository } = await dist("db/sql-repository.js");
const { tables } = await dist("db/tables.js");
const { petsCrud } = await dist("generated/crud.js");

const raw = new Database(file, { fileMustExist: true, readonly: true });
const ids = raw
  .prepare("SELECT id FROM pet ORDER BY id")
  .all()
  .map((row) => row.id);
if (ids.length === 0) throw new Error(`${file} holds no pets: seed it first`);
const statement = raw.prepare("SELECT id, name, species, age, tags FROM pet WHERE id = ?");
const map = (row) => {
  const pet = { id: row.id, name: row.name, species: row.species };
  if (row.age !== null) pet.age = row.age;
  if (row.tags !== null) pet.tags = JSON.parse(row.tags);
  return pet;
};

const connection = await openDatabase(file);
const repository = new SqlRepository(connection, tables.pet);
const crud = petsCrud({ pet: repository });
// The repository's own read by key (built once in its constructor), so both run the same statement.
const byKey = repository.byKey;
const input = (id) => ({ params: { id }, query: {}, headers: {}, body: undefined });

const cases = {
  "hand-written: prepared get + map": async (id) => map(statement.get(id)),
  "Connection.run (first row)": async (id) => connection.run(byKey, [id], true),
  "SqlRepository.get": (id) => repository.get(id),
  "CRUD read (generated handler)": (id) => crud.read(input(id)),
};
const results = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));

console.log(`${ids.length} pets, ${n} reads per case per pass, ${passes} passes, Node ${process.version}`);
for (let pass = 0; pass < passes + 2; pass++) {
  const names = Object.keys(cases);
  if (pass % 2) names.reverse();
  for (const name of names) {
    const read = cases[name];
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const answer = await read(ids[i % ids.length]);
      if (!answer) throw new Error(`${name} found no pet ${ids[i % ids.length]}`);
    }
    const c = process.cpuUsage(c0);
    // The first two passes warm the JIT up.
    if (pass >= 2) results[name].push((c.user + c.system) / n);
  }
}
const sorted = (values) => [...values].sort((a, b) => a - b);
for (const [name, values] of Object.entries(results)) {
  const s = sorted(values);
  console.log(`  ${name.padEnd(34)} ${s[0].toFixed(2).padStart(6)} µs lowest  ${s[s.length >> 1].toFixed(2).padStart(6)} µs median`);
}
await connection.close();
raw.close();
