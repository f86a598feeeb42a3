/**
 * Hostile values at the storage layer, against real databases (SQLite, PostgreSQL 127.0.0.1:5432,
 * MariaDB 127.0.0.1:3306, each in a fresh database dropped after), on the bundled petstore: a
 * create racing a delete of its row is answered as the success it was, and a value no column can
 * hold (a non-finite number, a NUL, a lone surrogate, a value of the wrong type) is refused by the
 * repository itself, as a handler would hand it over, before any SQL; valid values come back unchanged.
 * Over HTTP, the same values (and number spellings only JavaScript's Number() reads) are refused by
 * request validation with a 400 naming the field, store nothing, and never break a later read.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { sharedNodeModules } from "../helpers/generated-deps.ts";
import { requireServices } from "../helpers/services.ts";
import { generateAndBuild, jsonCaller, run, specs, startServer, tempDir } from "./cli-helpers.ts";
import { type Dialect, type FreshDatabase, freshDatabase } from "./database-servers.ts";

/**
 * A script run in the generated project: its repositories called directly, as a handler of the
 * user's would. `body` fills `seen`, with `attempt` (how each hostile call failed) and `storeAll`
 * (valid rows created, then read back by key); the script prints `seen`.
 */
const repositoryScript = (body: string) => `
  import { createStorage } from "./dist/src/storage.js";
  const storage = await createStorage({ url: process.env.DATABASE_URL, migrate: true });
  const { repositories } = storage;
  const attempt = async (calls) => {
    const refused = {};
    for (const [name, call] of Object.entries(calls)) {
      try {
        refused[name] = { answered: JSON.stringify(await call()) ?? "undefined" };
      } catch (error) {
        refused[name] = { error: error.name, status: error.status, message: error.message };
      }
    }
    return refused;
  };
  const storeAll = async (repository, rows) => {
    const created = [];
    for (const row of rows) created.push(await repository.create(row));
    const read = [];
    for (const row of created) read.push(await repository.get(row.id));
    return { created, read };
  };
  const seen = {};
  ${body}
  await storage.close();
  console.log(JSON.stringify(seen));`;

const petScript = repositoryScript(`
  const pets = repositories.pet;
  const pet = (changes) => ({ name: "hostile", species: "dog", ...changes });
  seen.refused = await attempt({
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
  });
  seen.valid = [
    { name: "O'Brien \\\\ \\"quoted\\" ; drop table pet; --", species: "cat", age: 0, tags: ["", "\\\\u0000", "NULL", "Infinity"] },
    { name: "😀 Ünïcode ☃", species: "bird", age: 60, tags: ["😀", "  spaced  ", "a'b", "{\\"k\\":1}"] },
    { name: "NaN", species: "dog" },
  ];
  Object.assign(seen, await storeAll(pets, seen.valid));
  seen.stored = (await pets.list({ filters: {} })).items.map((row) => row.name);`);

/** The bookstore's codecs the petstore has not: date-times, decimals, dates, booleans, string keys. */
const bookScript = repositoryScript(`
  const { author: authors, book: books } = repositories;
  const book = (changes) => ({ title: "hostile", isbn: "9780060512750", authorId: "a", format: "paperback", price: 1, inStock: true, ...changes });
  seen.refused = await attempt({
    badDateTime: () => authors.create({ name: "hostile", createdAt: "yesterday" }),
    numberDateTime: () => authors.create({ name: "hostile", createdAt: 0 }),
    // mysql2 would write an invalid Date as NULL.
    invalidDate: () => authors.create({ name: "hostile", createdAt: new Date("x") }),
    infinitePrice: () => books.create(book({ price: Infinity })),
    nanPrice: () => books.create(book({ price: NaN })),
    stringBoolean: () => books.create(book({ inStock: "false" })),
    dateObjectDate: () => books.create(book({ publishedOn: new Date(0) })),
    nulKey: () => books.get("a\\u0000"),
    surrogateKey: () => books.delete("\\udc00"),
  });
  const authorRows = [{ name: "Leap", createdAt: "2024-02-29T23:59:59.999Z" }, { name: "As a Date", createdAt: new Date("2000-01-01T00:00:00.000Z") }];
  seen.authors = await storeAll(authors, authorRows);
  seen.books = await storeAll(books, [
    book({ title: "tenth", price: 0.1, publishedOn: "1999-12-31", inStock: false }),
    book({ title: "exact", price: 123456789.125, publishedOn: "2024-02-29" }),
    book({ title: "small", price: -1e-7 }),
  ]);
  seen.stored = (await books.list({ filters: {} })).items.map((row) => row.title);`);

const badRequest = (why: RegExp) => ({ error: "HttpError", status: 400, message: expect.stringMatching(why) });
/** How the repository refuses `name`'s value: a 400 that names the field and says why. */
const field = (name: string, why: string) => badRequest(new RegExp(`^${name} ${why}[^:]*: the database cannot hold it$`));

/** Bodies sent as raw text: `1e999` and lone-surrogate escapes cannot go through JSON.stringify. */
const refusedBodies: [string, string, string][] = [
  ["age as the string Infinity", `{"name":"a","species":"dog","age":"Infinity"}`, "body/age"],
  ["age as the string 1e999", `{"name":"a","species":"dog","age":"1e999"}`, "body/age"],
  ["age as the JSON number 1e999", `{"name":"a","species":"dog","age":1e999}`, "body/age"],
  ["age as a numeric string", `{"name":"a","species":"dog","age":"12"}`, "body/age"],
  ["a NUL byte in the name", `{"name":"a\\u0000b","species":"dog"}`, "body/name"],
  ["a lone high surrogate in a tag", `{"name":"a","species":"dog","tags":["ok","\\ud800"]}`, "body/tags/1"],
  ["a lone low surrogate in a tag", `{"name":"a","species":"dog","tags":["x\\udc00"]}`, "body/tags/0"],
];

/** Path spellings that are no finite integer in JSON's grammar, though Number() reads each of them. */
const refusedIds = ["Infinity", "-Infinity", "1e999", "0x10", "1.5", "%201", "%00"];

/** Valid values that databases and drivers like to mangle: they must come back exactly. */
const awkward = {
  name: `O'Brien "\\" 😀 é ‮ ; drop table pet; --`,
  species: "cat",
  age: 60,
  tags: ["😀", "", "tab\there", "line\nbreak", "ümlaut", "%00", "\\u0000"],
};

let work: string;
beforeAll(async () => {
  await requireServices("postgres", "mysql");
  work = tempDir("hostile");
  await sharedNodeModules();
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(["mysql", "postgres", "sqlite"] as Dialect[])("petstore on %s", (dialect) => {
  // Each spec in a database of its own: both would record their migration "0001-initial".
  const specNames = ["petstore", "bookstore"] as const;
  const projects = {} as Record<(typeof specNames)[number], { dir: string; url: string; database: FreshDatabase }>;
  let project: string;
  let url: string;

  beforeAll(async () => {
    for (const spec of specNames) {
      const dir = path.join(work, `${spec}-${dialect}`);
      const database = freshDatabase(dialect, `hostile_${spec}`, work);
      await generateAndBuild(dir, ["--spec", specs[spec], "--db", dialect, "--yes", "--no-install", "--no-git"], work);
      projects[spec] = { dir, url: database.url, database };
    }
    ({ dir: project, url } = projects.petstore);
  }, 240_000);

  afterAll(() => {
    for (const { database } of Object.values(projects)) database.drop();
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
    const result = run(process.execPath, ["--input-type=module", "-e", petScript], project, 60_000, {
      ...process.env,
      DATABASE_URL: url,
    });
    expect(result.stderr).toBe("");
    const seen = JSON.parse(result.stdout);
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

  it("refuses bad date-times, decimals, dates, booleans and string keys alike; stores valid ones unchanged", () => {
    const result = run(process.execPath, ["--input-type=module", "-e", bookScript], projects.bookstore.dir, 60_000, {
      ...process.env,
      DATABASE_URL: projects.bookstore.url,
    });
    expect(result.stderr).toBe("");
    const seen = JSON.parse(result.stdout);
    expect(seen.refused).toEqual({
      badDateTime: field("createdAt", 'is "yesterday", not a date-time'),
      numberDateTime: { error: "TypeError", message: "author.createdAt takes datetime, not number" },
      invalidDate: field("createdAt", "is an invalid Date, not a date-time"),
      infinitePrice: field("price", "is Infinity, not a finite number"),
      nanPrice: field("price", "is NaN, not a finite number"),
      stringBoolean: { error: "TypeError", message: "book.inStock takes boolean, not string" },
      dateObjectDate: { error: "TypeError", message: "book.publishedOn takes date, not object" },
      nulKey: field("id", "holds a NUL character"),
      surrogateKey: field("id", "holds a lone UTF-16 surrogate"),
    });
    const id = expect.any(String);
    expect(seen.authors.created).toEqual([
      { id, name: "Leap", createdAt: "2024-02-29T23:59:59.999Z" },
      { id, name: "As a Date", createdAt: "2000-01-01T00:00:00.000Z" },
    ]);
    const book = { id, isbn: "9780060512750", authorId: "a", format: "paperback" };
    expect(seen.books.created).toEqual([
      { ...book, title: "tenth", price: 0.1, publishedOn: "1999-12-31", inStock: false },
      { ...book, title: "exact", price: 123456789.125, publishedOn: "2024-02-29", inStock: true },
      { ...book, title: "small", price: -1e-7, inStock: true },
    ]);
    expect(seen.authors.read).toEqual(seen.authors.created);
    expect(seen.books.read).toEqual(seen.books.created);
    expect(seen.stored.sort()).toEqual(["exact", "small", "tenth"]);
  });

  it("refuses a request it cannot store with a 400 naming the field, stores nothing of it, and keeps every read working", async () => {
    const server = await startServer(project, undefined, { DATABASE_URL: url, MIGRATE_ON_START: "true" });
    const call = jsonCaller(server.url);
    const stored = async () => {
      const list = await call("GET", "/pets?limit=100000");
      expect(list.status).toBe(200);
      return list.body as { id: number }[];
    };
    try {
      const created = await call("POST", "/pets", awkward);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ ...awkward, id: created.body.id });
      expect((await call("GET", `/pets/${created.body.id}`)).body).toEqual(created.body);
      const before = await stored();

      for (const [what, body, field] of refusedBodies) {
        const refused = await call("POST", "/pets", body);
        expect({ what, status: refused.status }).toEqual({ what, status: 400 });
        expect(refused.body.message).toContain(field);
        const replaced = await call("PUT", `/pets/${created.body.id}`, body);
        expect({ what, status: replaced.status }).toEqual({ what, status: 400 });
      }
      // JSON Schema's integer has no fraction, whatever the spelling: the document calls these valid.
      for (const spelling of [`${created.body.id}.0`, `${created.body.id}e0`]) {
        const read = await call("GET", `/pets/${spelling}`);
        expect({ spelling, status: read.status, id: read.body.id }).toEqual({ spelling, status: 200, id: created.body.id });
      }
      for (const id of refusedIds) {
        const read = await call("GET", `/pets/${id}`);
        expect({ id, status: read.status }).toEqual({ id, status: 400 });
        expect(read.body.message).toContain("params/id");
        expect(JSON.stringify(read.body)).not.toMatch(/column|SQL|syntax/i);
        expect({ id, status: (await call("DELETE", `/pets/${id}`)).status }).toEqual({ id, status: 400 });
      }
      for (const query of ["limit=Infinity", "offset=1e999", "limit=0x10", "species=dog%00"]) {
        const list = await call("GET", `/pets?${query}`);
        expect({ query, status: list.status }).toEqual({ query, status: 400 });
        expect(list.body.message).toContain("querystring/");
      }

      // Nothing refused was stored, the list still answers, and the valid row is unchanged.
      expect(await stored()).toEqual(before);
      expect((await call("GET", `/pets/${created.body.id}`)).body).toEqual(created.body);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 120_000);
});
