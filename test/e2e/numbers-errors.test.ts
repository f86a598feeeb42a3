/**
 * Numbers at their edges and error answers, against real databases (PostgreSQL 127.0.0.1:5432 and
 * MariaDB 127.0.0.1:3306, each in a fresh database dropped after): every integer width is bounded
 * (out of range -> 400, never a 500 from the database), an int64 beyond 2^53 is refused rather than
 * rounded, a decimal is stored in an exact numeric/DECIMAL column, and every 4xx (validation, not
 * found) answers in the spec's error model, a 400 naming every failing field.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { sharedNodeModules } from "../helpers/generated-deps.ts";
import { generateAndBuild, jsonCaller, repoRoot, startServer, tempDir } from "./cli-helpers.ts";
import { type FreshDatabase, databaseServers, freshDatabase } from "./database-servers.ts";
import { requireServices } from "../helpers/services.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "specs", "measures");

const servers = databaseServers;
/** The SQL type of the decimal column, as the database itself reports it. */
const PRICE_TYPE = "select data_type from information_schema.columns where table_name = 'measure' and column_name = 'price'";

const valid = { name: "edge", tiny: 127, small: 255, count: 2147483647, big: Number.MAX_SAFE_INTEGER, price: 0.1 };

let work: string;
beforeAll(async () => {
  await requireServices("postgres", "mysql");
  work = tempDir("numbers");
  await sharedNodeModules();
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(["postgres", "mysql"] as const)("measures on %s", (dialect) => {
  let project: string;
  let database: FreshDatabase;

  beforeAll(async () => {
    project = path.join(work, dialect);
    database = freshDatabase(dialect, "measures", work);
    await generateAndBuild(project, ["--spec", SPEC, "--db", dialect, "--yes", "--no-install", "--no-git"], work);
  }, 240_000);

  afterAll(() => {
    database?.drop();
  });

  it("bounds every integer, refuses unsafe int64s, stores decimals exactly, and answers 4xx in the spec's error model", async () => {
    const server = await startServer(project, undefined, { DATABASE_URL: database.url, MIGRATE_ON_START: "true" });
    const call = jsonCaller(server.url);
    try {
      const created = await call("POST", "/measures", valid);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject(valid);
      expect((await call("GET", `/measures/${created.body.id}`)).body).toMatchObject(valid);
      expect(servers[dialect].query(database.name, PRICE_TYPE)).toMatch(/^(numeric|decimal)$/);

      // Each field one past its type's range: one 400 that names all of them, in ApiError's shape.
      const outOfRange = await call("POST", "/measures", { name: "", tiny: 128, small: -1, count: 2147483648, big: 1, price: 1 });
      expect(outOfRange.status).toBe(400);
      expect(Object.keys(outOfRange.body).sort()).toEqual(["code", "message"]);
      for (const field of ["name", "tiny", "small", "count"]) expect(outOfRange.body.message).toContain(`/${field}`);

      // 2^53 + 1 would be rounded by JSON parsing: refused, never stored as 2^53.
      const unsafe = await call("POST", "/measures", `{"name":"x","tiny":0,"small":0,"count":0,"big":9007199254740993,"price":1}`);
      expect(unsafe.status).toBe(400);
      expect(unsafe.body.message).toContain("/big");

      // Query parameters are bounded too.
      expect((await call("GET", "/measures?count=2147483648")).status).toBe(400);
      const missing = await call("GET", "/measures/2147483647");
      expect(missing.status).toBe(404);
      expect(Object.keys(missing.body).sort()).toEqual(["code", "message"]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);
});
