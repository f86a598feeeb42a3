/**
 * The shapes fixture against real databases (SQLite, PostgreSQL 127.0.0.1:5432, MariaDB 127.0.0.1:3306,
 * each in a fresh database dropped after): a tuple is a fixed-length array stored and read back
 * exactly, and any other length or item type is a 400 that stores nothing; a PATCH declared with
 * implicitOptionality takes any subset of the properties, as the document says, and changes only
 * those; a list honours equality filters named after properties (one under its wire name) and
 * answers 501 for a query parameter it cannot honour. The project's own generated tests pass too.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { sharedNodeModules } from "../helpers/generated-deps.ts";
import { requireServices } from "../helpers/services.ts";
import { generateAndBuild, jsonCaller, repoRoot, run, startServer, tempDir } from "./cli-helpers.ts";
import { type Dialect, type FreshDatabase, freshDatabase } from "./database-servers.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "specs", "shapes");

/** Values databases and drivers like to mangle, inside tuples: they must come back exactly. */
const ada = {
  handle: "ada",
  balance: 10,
  spot: ['O\'Brien 😀 "q"', -2147483648],
  path: [
    [0.1, -1e-7],
    [123456789.125, 0],
  ],
  display_name: "Ada L.",
  profile: { city: "London", zip: "N1" },
};
const bob = { handle: "bob", balance: 7, spot: ["", 0], display_name: "Bob" };

/** Tuple values the document and the server refuse: wrong length, wrong item type, not an array. */
const refusedSpots: [string, unknown, string][] = [
  ["one item short", ["a"], "body/spot"],
  ["one item too many", ["a", 1, 2], "body/spot"],
  ["items swapped", [1, "a"], "body/spot/0"],
  ["a fraction where an int32 goes", ["a", 1.5], "body/spot/1"],
  ["an object", { 0: "a", 1: 1 }, "body/spot"],
  ["a short tuple inside the array", [[0.1]], "body/path/0"],
];

let work: string;
beforeAll(async () => {
  await requireServices("postgres", "mysql");
  work = tempDir("shapes");
  await sharedNodeModules();
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(["sqlite", "postgres", "mysql"] as Dialect[])("shapes on %s", (dialect) => {
  let project: string;
  let database: FreshDatabase;
  let server: Awaited<ReturnType<typeof startServer>>;
  let call: ReturnType<typeof jsonCaller>;

  beforeAll(async () => {
    project = path.join(work, dialect);
    database = freshDatabase(dialect, "shapes", work);
    await generateAndBuild(project, ["--spec", SPEC, "--db", dialect, "--yes", "--no-install", "--no-git"], work);
    server = await startServer(project, undefined, { DATABASE_URL: database.url, MIGRATE_ON_START: "true" });
    call = jsonCaller(server.url);
  }, 240_000);

  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    database?.drop();
  });

  const list = async (query = "") => {
    const answer = await call("GET", `/accounts${query}`);
    expect(answer.status).toBe(200);
    return answer.body as { id: number; handle: string }[];
  };

  it("stores tuples and reads them back exactly; refuses any other length or item type, storing nothing", async () => {
    const created = await call("POST", "/accounts", ada);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: created.body.id, ...ada });
    expect((await call("GET", `/accounts/${created.body.id}`)).body).toEqual(created.body);
    expect(await list()).toEqual([created.body]);

    for (const [what, spot, field] of refusedSpots) {
      const body = field.startsWith("body/path") ? { ...bob, path: spot } : { ...bob, spot };
      const refused = await call("POST", "/accounts", body);
      expect({ what, status: refused.status }).toEqual({ what, status: 400 });
      expect({ what, message: refused.body.message }).toEqual({ what, message: expect.stringContaining(field) });
      const patched = await call("PATCH", `/accounts/${created.body.id}`, field.startsWith("body/path") ? { path: spot } : { spot });
      expect({ what, status: patched.status }).toEqual({ what, status: 400 });
    }
    expect(await list()).toEqual([created.body]);
  });

  it("takes a PATCH of any subset of the properties (implicitOptionality) and changes only those", async () => {
    const [account] = await list("?handle=ada");
    const balance = await call("PATCH", `/accounts/${account.id}`, { balance: 7 });
    expect(balance.status).toBe(200);
    expect(balance.body).toEqual({ ...account, balance: 7 });

    const nested = await call("PATCH", `/accounts/${account.id}`, { spot: ["moved", 3], profile: { city: "Paris" } });
    expect(nested.status).toBe(200);
    const expected = { ...account, balance: 7, spot: ["moved", 3], profile: { city: "Paris", zip: "N1" } };
    expect(nested.body).toEqual(expected);
    expect((await call("GET", `/accounts/${account.id}`)).body).toEqual(expected);

    // Still validated: a given property of the wrong type is a 400 naming it, and changes nothing.
    const wrong = await call("PATCH", `/accounts/${account.id}`, { balance: "8" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain("body/balance");
    expect((await call("PATCH", `/accounts/${account.id}`, {})).body).toEqual(expected);
    expect((await call("PATCH", "/accounts/999999", { balance: 1 })).status).toBe(404);
  });

  it("filters a list by properties, one under its wire name, and answers 501 for a parameter it cannot honour", async () => {
    const created = await call("POST", "/accounts", bob);
    expect(created.status).toBe(201);
    const handles = async (query: string) => (await list(query)).map((a) => a.handle).sort();
    expect(await handles("")).toEqual(["ada", "bob"]);
    expect(await handles("?handle=bob")).toEqual(["bob"]);
    expect(await handles("?balance=7")).toEqual(["ada", "bob"]);
    expect(await handles("?balance=7&handle=ada")).toEqual(["ada"]);
    expect(await handles("?display_name=Bob")).toEqual(["bob"]);
    expect(await handles("?display_name=Ada%20L.")).toEqual(["ada"]);
    expect(await handles("?handle=nobody")).toEqual([]);
    const unhonoured = await call("GET", "/accounts?q=x");
    expect(unhonoured.status).toBe(501);
    expect(unhonoured.body.message).toContain('"q"');
    // A filter of the wrong type is refused before any SQL.
    const wrong = await call("GET", "/accounts?balance=seven");
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain("querystring/balance");
  });

  it("refuses a PATCH that would leave a nested object half made, and stores nothing of it", async () => {
    const [bobRow] = await list("?handle=bob");
    expect(bobRow).not.toHaveProperty("profile");
    const half = await call("PATCH", `/accounts/${bobRow.id}`, { balance: 1, profile: { city: "Oslo" } });
    expect(half.status).toBe(400);
    expect(half.body.message).toContain("body/profile must have required property 'zip'");
    expect((await call("GET", `/accounts/${bobRow.id}`)).body).toEqual(bobRow);
    const whole = await call("PATCH", `/accounts/${bobRow.id}`, { profile: { city: "Oslo", zip: "0150" } });
    expect(whole.status).toBe(200);
    expect(whole.body).toEqual({ ...bobRow, profile: { city: "Oslo", zip: "0150" } });
  });

  it("passes the project's own generated tests", () => {
    const dbUrl = dialect === "sqlite" ? path.join(work, `${dialect}-own.db`) : database.url;
    const test = run("npm", ["test"], project, 240_000, { ...process.env, DATABASE_URL: dbUrl });
    expect(`${test.stdout}${test.stderr}`).toMatch(/ℹ fail 0\n/);
    expect(test.code).toBe(0);
  }, 240_000);
});
