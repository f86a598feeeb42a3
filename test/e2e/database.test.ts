/**
 * The database layer against real servers: the example specs generated for SQLite, PostgreSQL
 * (127.0.0.1:5432) and MariaDB (127.0.0.1:3306), each in a fresh database that is dropped after.
 * Each project migrates, passes its own tests, stores rows that survive a restart, and answers
 * 404, 400 and (with the database gone) 503.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { run, runCli, specs, startServer, tempDir } from "./cli-helpers.ts";
import { type Dialect, type FreshDatabase, databaseServers, freshDatabase } from "./database-servers.ts";
import { requireServices } from "../helpers/services.ts";

/** Server databases are created and dropped with the command-line clients, as an operator would. */
const servers = databaseServers;

interface Flow {
  collection: string;
  /** Rows created first that the resource refers to (the book's author). */
  setup?: (call: Call) => Promise<Record<string, unknown>>;
  body: (refs: Record<string, unknown>) => Record<string, unknown>;
  filter: (row: Record<string, unknown>) => string;
  items: (body: unknown) => Record<string, unknown>[];
  change: { method: string; contentType: string; body: (row: Record<string, unknown>) => Record<string, unknown> };
  invalid: Record<string, unknown>;
  missingKey: string;
}
type Call = (method: string, url: string, body?: unknown, contentType?: string) => Promise<{ status: number; body: any }>;

/** Calls the server at `base()` (a restarted server has a new URL) with these headers; JSON in and out. */
function callerOf(base: () => string, headers: Record<string, string> = {}): Call {
  return async (method, u, body, contentType = "application/json") => {
    const response = await fetch(base() + u, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": contentType },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

const flows: Record<keyof typeof specs, Flow> = {
  bookstore: {
    collection: "/books",
    setup: async (call) => {
      const author = await call("POST", "/authors", { name: "Ursula", email: "ursula@example.com" });
      expect(author.status).toBe(201);
      expect(author.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      return { authorId: author.body.id };
    },
    body: (refs) => ({
      title: "The Dispossessed",
      isbn: "9780060512750",
      authorId: refs.authorId,
      format: "paperback",
      price: 9.5,
      publishedOn: "1974-05-01",
    }),
    filter: (row) => `?authorId=${row.authorId}&format=paperback&inStock=true`,
    items: (body) => (body as { items: Record<string, unknown>[] }).items,
    change: { method: "PATCH", contentType: "application/merge-patch+json", body: () => ({ price: 12.25, publishedOn: null }) },
    invalid: { title: "", isbn: "123", authorId: "x", format: "paperback", price: 1 },
    missingKey: "00000000-0000-0000-0000-000000000000",
  },
  petstore: {
    collection: "/pets",
    body: () => ({ name: "Rex", species: "dog", age: 3, tags: ["good", "loud"] }),
    filter: () => "?species=dog",
    items: (body) => body as Record<string, unknown>[],
    change: { method: "PUT", contentType: "application/json", body: () => ({ name: "Rex II", species: "dog", age: 4 }) },
    invalid: { name: "Old", species: "dog", age: 61 },
    missingKey: "987654",
  },
};

const cases: [keyof typeof specs, Dialect][] = [];
for (const spec of Object.keys(flows) as (keyof typeof specs)[])
  for (const dialect of ["sqlite", "postgres", "mysql"] as const) cases.push([spec, dialect]);

let work: string;
beforeAll(async () => {
  await requireServices("postgres", "mysql");
  work = tempDir("db");
  await sharedNodeModules();
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(cases)("%s on %s", (spec, dialect) => {
  const flow = flows[spec];
  let project: string;
  let database: FreshDatabase;
  let url: string;

  beforeAll(async () => {
    project = path.join(work, `${spec}-${dialect}`);
    database = freshDatabase(dialect, spec, work);
    url = database.url;
    const result = runCli([project, "--spec", specs[spec], "--db", dialect, "--yes", "--no-install", "--no-git"], { cwd: work });
    expect(result.code).toBe(0);
    await linkNodeModules(project);
  }, 120_000);

  afterAll(() => {
    database?.drop();
  });

  it("npm run migrate creates the tables, once", () => {
    const env = { ...process.env, DATABASE_URL: url };
    const first = run("npm", ["run", "migrate"], project, 240_000, env);
    expect(first.stdout + first.stderr).toContain("applied: 0001-initial");
    expect(first.code).toBe(0);
    const again = run("npm", ["run", "migrate"], project, 240_000, env);
    expect(again.stdout).toContain("already up to date");
  });

  it("passes its own generated tests against the database", () => {
    const test = run("npm", ["test"], project, 240_000, { ...process.env, TEST_DATABASE_URL: dialect === "sqlite" ? "" : url });
    expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
    expect(test.code).toBe(0);
  });

  it("stores rows that survive a restart; 404 and 400 as the spec says", async () => {
    const env = { DATABASE_URL: url, MIGRATE_ON_START: "true", JWT_SECRET: `secret-for-this-run-${randomBytes(16).toString("hex")}` };
    // Bookstore's writes need a bearer token (its @useAuth): minted by the project's own script.
    const authorization: Record<string, string> = fs.existsSync(path.join(project, "src/auth"))
      ? { authorization: `Bearer ${run("npm", ["run", "-s", "token"], project, 120_000, { ...process.env, ...env }).stdout.trim()}` }
      : {};
    let server = await startServer(project, undefined, env);
    const call = callerOf(() => server.url, authorization);
    let kept: Record<string, unknown>;
    try {
      const refs = (await flow.setup?.(call)) ?? {};
      const created = await call("POST", flow.collection, flow.body(refs));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject(flow.body(refs));
      const key = created.body.id;

      const read = await call("GET", `${flow.collection}/${key}`);
      expect(read.body).toEqual(created.body);

      const listed = await call("GET", flow.collection + flow.filter(created.body));
      expect(listed.status).toBe(200);
      expect(flow.items(listed.body).map((row) => row.id)).toContain(key);

      const changed = await call(flow.change.method, `${flow.collection}/${key}`, flow.change.body(created.body), flow.change.contentType);
      expect(changed.status).toBe(200);
      expect(changed.body.id).toBe(key);
      const afterChange = await call("GET", `${flow.collection}/${key}`);
      expect(afterChange.body).toEqual(changed.body);

      expect((await call("GET", `${flow.collection}/${flow.missingKey}`)).status).toBe(404);
      const invalid = await call("POST", flow.collection, flow.invalid);
      expect(invalid.status).toBe(400);

      kept = (await call("POST", flow.collection, flow.body(refs))).body;
      expect((await call("DELETE", `${flow.collection}/${key}`)).status).toBe(204);
      expect((await call("GET", `${flow.collection}/${key}`)).status).toBe(404);
    } finally {
      expect(await server.stop()).toBe(0);
    }

    server = await startServer(project, undefined, env);
    try {
      const survived = await call("GET", `${flow.collection}/${kept.id}`);
      expect(survived.status).toBe(200);
      expect(survived.body).toEqual(kept);
    } finally {
      await server.stop();
    }
  }, 120_000);

  if (dialect === "sqlite" && spec === "petstore") {
    it("starts on a migrated database without loading Kysely, which the first list loads", () => {
      // Kysely's ~260 modules were a third of the start-up; reads by key and up-to-date migrations need none of them.
      const script = `
        import { registerHooks } from "node:module";
        let kysely = false;
        registerHooks({ load(url, context, next) { kysely ||= url.includes("/node_modules/kysely/"); return next(url, context); } });
        const { buildServer } = await import("./dist/src/server.js");
        const app = await buildServer();
        await app.ready();
        const seen = { started: kysely };
        seen.readStatus = (await app.inject({ method: "GET", url: "${flow.collection}/${flow.missingKey}" })).statusCode;
        seen.afterRead = kysely;
        seen.listStatus = (await app.inject({ method: "GET", url: "${flow.collection}" })).statusCode;
        seen.afterList = kysely;
        await app.close();
        console.log(JSON.stringify(seen));`;
      const env = { ...process.env, DATABASE_URL: url, MIGRATE_ON_START: "true", LOG_LEVEL: "silent" };
      const result = run(process.execPath, ["--input-type=module", "-e", script], project, 60_000, env);
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({ started: false, readStatus: 404, afterRead: false, listStatus: 200, afterList: true });
    });

    it("commits the writes started together in one transaction; a write that fails fails alone; closing commits what waits", () => {
      // The project's own driver, as the repository calls it; a second connection counts the WAL's frames.
      const script = `
        import Database from "better-sqlite3";
        import { openDriver } from "./dist/src/db/dialect.js";
        const url = process.env.DATABASE_URL;
        const insert = 'insert into "pet" ("name", "species", "age", "tags") values (?, ?, ?, ?) returning "id", "name"';
        const observer = new Database(url);
        const walFrames = () => observer.pragma("wal_checkpoint(PASSIVE)")[0].log;
        const count = () => observer.prepare("select count(*) as n from pet").get().n;
        let driver = await openDriver(url, 1);
        const seen = {};
        observer.pragma("wal_checkpoint(TRUNCATE)");
        const before = count();
        for (let i = 0; i < 10; i++) await driver.direct(insert, ["alone-" + i, "dog", i, null]);
        seen.framesOneByOne = walFrames();
        observer.pragma("wal_checkpoint(TRUNCATE)");
        const together = await Promise.allSettled([
          ...Array.from({ length: 5 }, (_, i) => driver.direct(insert, ["together-" + i, "cat", i, null])),
          driver.direct(insert, [null, "cat", 1, null]),
          ...Array.from({ length: 5 }, (_, i) => driver.direct(insert, ["together-" + (i + 5), "cat", i, null])),
        ]);
        seen.framesTogether = walFrames();
        seen.statuses = together.map((r) => r.status);
        seen.failure = together[5].reason?.code;
        seen.names = together.filter((r) => r.value).map((r) => r.value.rows[0].name);
        seen.ids = new Set(together.filter((r) => r.value).map((r) => r.value.rows[0].id)).size;
        seen.stored = count() - before;
        const pending = driver.direct(insert, ["at-close", "bird", 2, null]);
        await driver.close();
        seen.atClose = (await pending).rows[0].name;
        seen.storedAtClose = observer.prepare("select count(*) as n from pet where name = 'at-close'").get().n;
        observer.close();
        console.log(JSON.stringify(seen));`;
      const result = run(process.execPath, ["--input-type=module", "-e", script], project, 60_000, { ...process.env, DATABASE_URL: url });
      expect(result.stderr).toBe("");
      const seen = JSON.parse(result.stdout);
      expect(seen.statuses).toEqual([...Array(5).fill("fulfilled"), "rejected", ...Array(5).fill("fulfilled")]);
      expect(seen.failure).toBe("SQLITE_CONSTRAINT_NOTNULL");
      expect(seen.names).toEqual(Array.from({ length: 10 }, (_, i) => `together-${i}`));
      expect(seen.ids).toBe(10);
      expect(seen.stored).toBe(20);
      // Ten commits write the table's pages ten times; one commit writes them once.
      expect(seen.framesTogether * 4).toBeLessThan(seen.framesOneByOne);
      expect(seen.atClose).toBe("at-close");
      expect(seen.storedAtClose).toBe(1);
    });

    it("keeps a queued write out of a transaction a handler holds open, and commits it after", () => {
      const script = `
        import { openDatabase } from "./dist/src/db/connection.js";
        const connection = await openDatabase(process.env.DATABASE_URL);
        const db = await connection.kysely();
        const insert = 'insert into "pet" ("name", "species", "age", "tags") values (?, ?, ?, ?) returning "id", "name"';
        const queued = connection.run(insert, ["queued-before", "dog", 1, null]);
        const held = db.transaction().execute(async (trx) => {
          await trx.insertInto("pet").values({ name: "inside", species: "cat" }).execute();
          await new Promise((resolve) => setTimeout(resolve, 30));
          throw new Error("the handler rolls its transaction back");
        });
        const seen = { held: await held.then(() => "committed", (error) => error.message) };
        seen.queued = (await queued).rows[0].name;
        const names = await db.selectFrom("pet").select("name").where("name", "in", ["queued-before", "inside"]).execute();
        seen.stored = names.map((row) => row.name);
        await connection.close();
        console.log(JSON.stringify(seen));`;
      const result = run(process.execPath, ["--input-type=module", "-e", script], project, 60_000, { ...process.env, DATABASE_URL: url });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({
        held: "the handler rolls its transaction back",
        queued: "queued-before",
        stored: ["queued-before"],
      });
    });

    it("answers writes sent at once each with its own stored row", async () => {
      const server = await startServer(project, undefined, { DATABASE_URL: url, MIGRATE_ON_START: "true" });
      const call = callerOf(() => server.url);
      try {
        const bodies = Array.from({ length: 40 }, (_, i) => ({ name: `burst-${i}`, species: "bird", age: i % 60 }));
        const created = await Promise.all(bodies.map((body) => call("POST", flow.collection, body)));
        expect(created.map((answer) => answer.status)).toEqual(Array(40).fill(201));
        expect(created.map((answer) => answer.body.name)).toEqual(bodies.map((body) => body.name));
        expect(new Set(created.map((answer) => answer.body.id)).size).toBe(40);
        const read = await Promise.all(created.map((answer) => call("GET", `${flow.collection}/${answer.body.id}`)));
        expect(read.map((answer) => answer.body)).toEqual(created.map((answer) => answer.body));
      } finally {
        await server.stop();
      }
    }, 60_000);
  }

  if (dialect === "postgres" && spec === "petstore") {
    it("keeps answering when a migration adds a column while it runs (prepared statements list their columns)", async () => {
      const server = await startServer(project, undefined, { DATABASE_URL: url, MIGRATE_ON_START: "true" });
      const call = callerOf(() => server.url);
      try {
        const created = await call("POST", flow.collection, flow.body({}));
        expect(created.status).toBe(201);
        // Every pooled connection prepares the read by key before the table changes.
        const reads = await Promise.all(Array.from({ length: 20 }, () => call("GET", `${flow.collection}/${created.body.id}`)));
        expect(reads.map((r) => r.status)).toEqual(Array(20).fill(200));
        expect(servers.postgres.query(database.name, "alter table pet add column nickname text")).toBe("ALTER TABLE");
        const after = await Promise.all(Array.from({ length: 20 }, () => call("GET", `${flow.collection}/${created.body.id}`)));
        expect(after.map((r) => r.status)).toEqual(Array(20).fill(200));
        expect(after[0].body).toEqual(created.body);
        expect((await call("POST", flow.collection, flow.body({}))).status).toBe(201);
      } finally {
        await server.stop();
      }
    }, 60_000);

    it("commits the writes started together in one transaction; a write that fails fails alone; ending the pool commits what waits", () => {
      // The project's own driver, as the repository calls it. Rows written by one transaction share its id (xmin).
      const script = `
        import pg from "pg";
        import { openDriver } from "./dist/src/db/dialect.js";
        const url = process.env.DATABASE_URL;
        const insert = 'insert into "pet" ("name", "species", "age", "tags") values ($1, $2, $3, $4) returning "id", "name"';
        const observer = new pg.Client({ connectionString: url });
        await observer.connect();
        const transactions = async (prefix) =>
          Number((await observer.query("select count(distinct xmin::text) as n from pet where name like $1", [prefix + "%"])).rows[0].n);
        const driver = await openDriver(url, 4);
        const seen = {};
        const together = await Promise.all(Array.from({ length: 10 }, (_, i) => driver.direct(insert, ["together-" + i, "cat", i, null])));
        seen.names = together.map((r) => r.rows[0].name);
        seen.togetherTransactions = await transactions("together-");
        const mixed = await Promise.allSettled([
          ...Array.from({ length: 3 }, (_, i) => driver.direct(insert, ["mixed-" + i, "dog", i, null])),
          driver.direct(insert, [null, "dog", 1, null]),
          ...Array.from({ length: 3 }, (_, i) => driver.direct(insert, ["mixed-" + (i + 3), "dog", i, null])),
        ]);
        seen.statuses = mixed.map((r) => r.status);
        seen.failure = mixed[3].reason?.code;
        seen.mixedStored = Number((await observer.query("select count(*) as n from pet where name like 'mixed-%'")).rows[0].n);
        const pending = driver.direct(insert, ["at-close", "bird", 2, null]);
        await driver.close();
        seen.atClose = (await pending).rows[0].name;
        seen.storedAtClose = Number((await observer.query("select count(*) as n from pet where name = 'at-close'")).rows[0].n);
        await observer.end();
        console.log(JSON.stringify(seen));`;
      const result = run(process.execPath, ["--input-type=module", "-e", script], project, 60_000, { ...process.env, DATABASE_URL: url });
      expect(result.stderr).toBe("");
      const seen = JSON.parse(result.stdout);
      expect(seen.names).toEqual(Array.from({ length: 10 }, (_, i) => `together-${i}`));
      expect(seen.togetherTransactions).toBe(1);
      expect(seen.statuses).toEqual([...Array(3).fill("fulfilled"), "rejected", ...Array(3).fill("fulfilled")]);
      expect(seen.failure).toBe("23502"); // not_null_violation
      expect(seen.mixedStored).toBe(6);
      expect(seen.atClose).toBe("at-close");
      expect(seen.storedAtClose).toBe(1);
    });
  }

  if (dialect !== "sqlite") {
    it("answers 503 and /readyz 503 while the database is unreachable", async () => {
      const down = dialect === "postgres" ? "postgres://postgres@127.0.0.1:1/none" : "mysql://root@127.0.0.1:1/none";
      const server = await startServer(project, undefined, { DATABASE_URL: down, MIGRATE_ON_START: "false" });
      try {
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
        expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
        const answer = await fetch(`${server.url}${flow.collection}/${flow.missingKey}`);
        expect(answer.status).toBe(503);
        expect(await answer.text()).not.toMatch(/ECONNREFUSED|stack/);
      } finally {
        await server.stop();
      }
    }, 60_000);
  }
});
