/**
 * Hostile values at the storage layer, against real databases (SQLite, PostgreSQL 127.0.0.1:5432,
 * MariaDB 127.0.0.1:3306, each in a fresh database dropped after), on the bundled petstore: a
 * create racing a delete of its row is answered as the success it was, and a value no column can
 * hold (a non-finite number, a NUL, a lone surrogate, a value of the wrong type) is refused by the
 * repository itself, as a handler would hand it over, before any SQL; valid values come back unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { sharedNodeModules } from "../helpers/generated-deps.ts";
import { requireServices } from "../helpers/services.ts";
import { generateAndBuild, jsonCaller, run, specs, startServer, tempDir } from "./cli-helpers.ts";
import { databaseServers } from "./database-servers.ts";

type Dialect = "sqlite" | "postgres" | "mysql";

/**
 * Runs in the generated project: the pet repository called directly, as a handler of the user's
 * would. Prints, per hostile call, how it failed; then the valid rows as read back.
 */
const repositoryScript = `
  import { createStorage } from "./dist/src/storage.js";
  const storage = await createStorage({ url: process.env.DATABASE_URL, migrate: true });
  const pets = storage.repositories.pet;
  const pet = (changes) => ({ name: "hostile", species: "dog", ...changes });
  const calls = {
    infiniteAge: () => pets.create(pet({ age: Infinity })),
    nanAge: () => pets.create(pet({ age: NaN })),
    fractionalAge: () => pets.create(pet({ age: 1.5 })),
    nulName: () => pets.create(pet({ name: "a\\u0000b" })),
    surrogateName: () => pets.create(pet({ name: "x\\ud800" })),
    surrogateTag: () => pets.create(pet({ tags: ["\\ud800"] })),
    nulTag: () => pets.create(pet({ tags: ["a\\u0000"] })),
    infiniteInTags: () => pets.create(pet({ tags: [Infinity] })),
    infiniteKeyRead: () => pets.get(Infinity),
    nanKeyRead: () => pets.get(NaN),
    infiniteKeyDelete: () => pets.delete(Infinity),
    infiniteKeyReplace: () => pets.replace(-Infinity, pet({})),
    infiniteFilter: () => pets.list({ filters: { age: Infinity } }),
    nulFilter: () => pets.list({ filters: { name: "\\u0000" } }),
    negativeLimit: () => pets.list({ filters: {}, limit: -1 }),
    infiniteOffset: () => pets.list({ filters: {}, limit: 1, offset: Infinity }),
    // mysql2 would write this object's SQL into the statement as it stands.
    rawSqlName: () => pets.create(pet({ name: { toSqlString: () => "'injected'" } })),
    arrayAge: () => pets.create(pet({ age: [1, 2] })),
    bigintTag: () => pets.create(pet({ tags: [1n] })),
  };
  const refused = {};
  for (const [name, call] of Object.entries(calls)) {
    try {
      refused[name] = { answered: JSON.stringify(await call()) ?? "undefined" };
    } catch (error) {
      refused[name] = { error: error.name, status: error.status, message: error.message };
    }
  }
  const valid = [
    { name: "O'Brien \\\\ \\"quoted\\" ; drop table pet; --", species: "cat", age: 0, tags: ["", "\\\\u0000", "NULL", "Infinity"] },
    { name: "😀 Ünïcode ☃", species: "bird", age: 60, tags: ["😀", "  spaced  ", "a'b", "{\\"k\\":1}"] },
    { name: "NaN", species: "dog" },
  ];
  const created = [];
  for (const row of valid) created.push(await pets.create(row));
  const read = [];
  for (const row of created) read.push(await pets.get(row.id));
  const stored = (await pets.list({ filters: {} })).items.map((row) => row.name);
  await storage.close();
  console.log(JSON.stringify({ refused, valid, created, read, stored }));`;

let work: string;
beforeAll(async () => {
  await requireServices("postgres", "mysql");
  work = tempDir("hostile");
  await sharedNodeModules();
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(["mysql", "postgres", "sqlite"] as Dialect[])("petstore on %s", (dialect) => {
  const dbName = `cts_hostile_${randomBytes(4).toString("hex")}`;
  let project: string;
  let url: string;

  beforeAll(async () => {
    project = path.join(work, dialect);
    if (dialect === "sqlite") {
      url = path.join(work, `${dialect}.db`);
    } else {
      expect(databaseServers[dialect].create(dbName).stderr).toBe("");
      url = databaseServers[dialect].url(dbName);
    }
    await generateAndBuild(project, ["--spec", specs.petstore, "--db", dialect, "--yes", "--no-install", "--no-git"], work);
  }, 240_000);

  afterAll(() => {
    if (dialect !== "sqlite") databaseServers[dialect].drop(dbName);
  });

  it("answers every create racing a delete of its row as the success it was: never a 5xx", async () => {
    const server = await startServer(project, undefined, { DATABASE_URL: url, MIGRATE_ON_START: "true" });
    const call = jsonCaller(server.url);
    const statuses: number[] = [];
    const mismatched: unknown[] = [];
    let deleted = 0;
    try {
      for (let round = 0; round < 10; round++) {
        // Keys are assigned in order: the next creates get the ids after this one's.
        const first = await call("POST", "/pets", { name: "probe", species: "cat" });
        expect(first.status).toBe(201);
        const bodies = Array.from({ length: 20 }, (_, i) => ({ name: `racer-${round}-${i}`, species: "dog", age: i, tags: [`t${i}`] }));
        let creating = true;
        // Each deleter hammers one id until its row has come and gone, so some deletes fall between an insert and its read.
        const deleter = async (id: number) => {
          while (creating) {
            const answer = await call("DELETE", `/pets/${id}`);
            statuses.push(answer.status);
            if (answer.status === 204) return deleted++;
          }
        };
        const deletes = Promise.all(bodies.map((_, i) => deleter(first.body.id + 1 + i)));
        const created = await Promise.all(bodies.map((body) => call("POST", "/pets", body)));
        creating = false;
        await deletes;
        created.forEach((answer, i) => {
          statuses.push(answer.status);
          const expected = { id: answer.body?.id, ...bodies[i] };
          if (answer.status !== 201 || !Number.isInteger(answer.body.id) || !isDeepStrictEqual(answer.body, expected)) {
            mismatched.push(answer);
          }
        });
      }
    } finally {
      await server.stop();
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(mismatched).toEqual([]);
    // The rows were indeed deleted while they were being created.
    expect(deleted).toBeGreaterThan(0);
  }, 120_000);

  it("refuses what no column can hold before any SQL, naming the field, and stores valid values unchanged", async () => {
    const result = run(process.execPath, ["--input-type=module", "-e", repositoryScript], project, 60_000, {
      ...process.env,
      DATABASE_URL: url,
    });
    expect(result.stderr).toBe("");
    const seen = JSON.parse(result.stdout);
    const badRequest = (why: RegExp) => ({ error: "HttpError", status: 400, message: expect.stringMatching(why) });
    const field = (name: string, why: string) => badRequest(new RegExp(`^${name} ${why}[^:]*: the database cannot hold it$`));
    expect(seen.refused).toEqual({
      infiniteAge: field("age", "is Infinity, not a whole number"),
      nanAge: field("age", "is NaN, not a whole number"),
      fractionalAge: field("age", "is 1.5, not a whole number"),
      nulName: field("name", "holds a NUL character"),
      surrogateName: field("name", "holds a lone UTF-16 surrogate"),
      surrogateTag: field("tags", "holds a lone UTF-16 surrogate"),
      nulTag: field("tags", "holds a NUL character"),
      infiniteInTags: field("tags", "holds Infinity, not a finite number"),
      infiniteKeyRead: field("id", "is Infinity, not a whole number"),
      nanKeyRead: field("id", "is NaN, not a whole number"),
      infiniteKeyDelete: field("id", "is Infinity, not a whole number"),
      infiniteKeyReplace: field("id", "is -Infinity, not a whole number"),
      infiniteFilter: field("age", "is Infinity, not a whole number"),
      nulFilter: field("name", "holds a NUL character"),
      negativeLimit: badRequest(/^the list's limit is -1, not a whole number from 0$/),
      infiniteOffset: badRequest(/^the list's offset is Infinity, not a whole number from 0$/),
      // Only code can hand over a value of the wrong type: a server error naming the column, never SQL.
      rawSqlName: { error: "TypeError", message: "pet.name takes text, not object" },
      arrayAge: { error: "TypeError", message: "pet.age takes integer, not an array" },
      bigintTag: { error: "TypeError", message: "pet.tags takes json, not bigint" },
    });
    expect(seen.created).toEqual(seen.valid.map((row: object, i: number) => ({ id: seen.created[i].id, ...row })));
    expect(seen.read).toEqual(seen.created);
    // Nothing refused was stored (mysql2 would have written the toSqlString() object's SQL as the name).
    expect(seen.stored).toEqual(expect.arrayContaining(seen.valid.map((row: { name: string }) => row.name)));
    expect(seen.stored).not.toContain("hostile");
    expect(seen.stored).not.toContain("injected");
  });

  it("answers GET /pets/Infinity with a 400, not the driver's SQL error", async () => {
    const server = await startServer(project, undefined, { DATABASE_URL: url, MIGRATE_ON_START: "true" });
    try {
      const answer = await fetch(`${server.url}/pets/Infinity`);
      expect(answer.status).toBe(400);
      expect(await answer.text()).not.toMatch(/column|SQL|syntax/i);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
