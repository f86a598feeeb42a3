/**
 * Hostile requests against the bundled petstore on SQLite, PostgreSQL and MariaDB (each in its own
 * database, dropped after): a value that passes validation is stored and read back unchanged; any
 * other is a 400 naming the field, stores nothing, and never breaks a later read. The values are the
 * ones fuzzers and careless clients send: non-finite numbers (as strings and as JSON numbers), number
 * spellings only JavaScript's Number() reads, NUL bytes and lone UTF-16 surrogates.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { requireServices } from "../helpers/services.ts";
import { run, runCli, specs, startServer, tempDir } from "./cli-helpers.ts";
import { databaseServers } from "./database-servers.ts";

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

/** Path spellings that are no integer in JSON's grammar, though Number() reads each of them. */
const refusedIds = ["Infinity", "-Infinity", "1e999", "0x10", "1e3", "1.0", "%201", "%00"];

/** Valid values that databases and drivers like to mangle: they must come back exactly. */
const awkward = {
  name: `O'Brien "\\" 😀 é ‮ ; drop table pet; --`,
  species: "cat",
  age: 60,
  tags: ["😀", "", "tab\there", "line\nbreak", "ümlaut", "%00", "\\u0000"],
};

const dialects = ["sqlite", "postgres", "mysql"] as const;

let work: string;
beforeAll(async () => {
  await requireServices("postgres", "mysql");
  work = tempDir("hostile");
  await sharedNodeModules();
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(dialects)("petstore on %s", (dialect) => {
  const dbName = `cts_hostile_${randomBytes(4).toString("hex")}`;
  let project: string;
  let url: string;

  beforeAll(async () => {
    project = path.join(work, dialect);
    if (dialect === "sqlite") url = path.join(work, "pets.db");
    else {
      expect(databaseServers[dialect].create(dbName).stderr).toBe("");
      url = databaseServers[dialect].url(dbName);
    }
    const result = runCli([project, "--spec", specs.petstore, "--db", dialect, "--yes", "--no-install", "--no-git"], { cwd: work });
    expect(result.code).toBe(0);
    await linkNodeModules(project);
    const build = run("npm", ["run", "build"], project);
    expect(build.stdout + build.stderr).not.toMatch(/error TS/);
    expect(build.code).toBe(0);
  }, 240_000);

  afterAll(() => {
    if (dialect !== "sqlite") databaseServers[dialect].drop(dbName);
  });

  it("refuses what it cannot store with a 400 naming the field, stores nothing of it, and keeps every read working", async () => {
    const server = await startServer(project, undefined, { DATABASE_URL: url, MIGRATE_ON_START: "true" });
    const call = async (method: string, route: string, body?: string) => {
      const response = await fetch(server.url + route, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body,
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const stored = async () => {
      const list = await call("GET", "/pets?limit=1000");
      expect(list.status).toBe(200);
      return list.body as { id: number }[];
    };
    try {
      const created = await call("POST", "/pets", JSON.stringify(awkward));
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ ...awkward, id: created.body.id });
      expect((await call("GET", `/pets/${created.body.id}`)).body).toEqual(created.body);

      for (const [what, body, field] of refusedBodies) {
        const refused = await call("POST", "/pets", body);
        expect({ what, status: refused.status }).toEqual({ what, status: 400 });
        expect(refused.body.message).toContain(field);
        const replaced = await call("PUT", `/pets/${created.body.id}`, body);
        expect({ what, status: replaced.status }).toEqual({ what, status: 400 });
      }
      for (const id of refusedIds) {
        const read = await call("GET", `/pets/${id}`);
        expect({ id, status: read.status }).toEqual({ id, status: 400 });
        expect(read.body.message).toContain("params/id");
        expect({ id, status: (await call("DELETE", `/pets/${id}`)).status }).toEqual({ id, status: 400 });
      }
      for (const query of ["limit=Infinity", "offset=1e999", "limit=0x10", "species=dog%00"]) {
        const list = await call("GET", `/pets?${query}`);
        expect({ query, status: list.status }).toEqual({ query, status: 400 });
        expect(list.body.message).toContain("querystring/");
      }

      // Nothing refused was stored, the list still answers, and the one valid row is unchanged.
      expect(await stored()).toEqual([created.body]);
      if (dialect !== "sqlite") expect(databaseServers[dialect].query(dbName, "select count(*) from pet")).toBe("1");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);
});
