/**
 * Spec names that Object.prototype also has (`constructor`, `toString`, `valueOf`, `hasOwnProperty`,
 * `isPrototypeOf`), end to end in memory, on SQLite and on PostgreSQL (127.0.0.1:5432, a fresh
 * database dropped after; with the Redis cache in front, 127.0.0.1:6379): as properties, query,
 * path, header and cookie parameters, form fields and query keys, operations, and a model whose
 * repository is `constructor`. A plain-object lookup of such a name finds the prototype's
 * function; here every row stores and reads back exactly, lists answer 200 with and without
 * filters, a handler sees an absent optional parameter as undefined, and an operation not yet
 * written answers 501.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { requireServices } from "../helpers/services.ts";
import { repoRoot, run, runCli, startServer, tempDir } from "./cli-helpers.ts";
import { databaseServers } from "./database-servers.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "specs", "prototype");

/** Handlers that say what they were given; `constructor` (POST) and `cookie` stay unwritten. */
const MEMBERS = `import type { Repositories } from "../generated/repository.js";
import type { MembersHandlers } from "../generated/types.js";

export function membersHandlers(_repos: Repositories): MembersHandlers {
  return {
    async toString(input) {
      const seen = { path: input.params.constructor, query: typeof input.query.valueOf, header: typeof input.headers.constructor };
      return { status: 200, body: { name: JSON.stringify(seen) } };
    },
    async pair(input) {
      return { status: 200, body: { name: JSON.stringify(input.params) } };
    },
    async form(input) {
      return { status: 200, body: { name: JSON.stringify(input.body) } };
    },
    async keys(input) {
      return { status: 200, body: { name: JSON.stringify(input.query.keys ?? {}) } };
    },
  };
}
`;

/** Keys this run's servers write to Redis start with it; they are removed after. */
const cachePrefix = `cts-prototype-${randomBytes(4).toString("hex")}`;
function redis(...args: string[]): string {
  const result = run("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "--raw", ...args], process.cwd(), 10_000);
  if (result.code !== 0) throw new Error(`redis-cli ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim();
}

const full = { constructor: "Ada", toString: "to string", valueOf: 7, hasOwnProperty: true, isPrototypeOf: "yes" };
const partial = { constructor: "Grace", toString: "other", valueOf: 8, hasOwnProperty: false };

let work: string;
beforeAll(async () => {
  await requireServices("postgres", "redis");
  work = tempDir("prototype");
  await sharedNodeModules();
}, 600_000);
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  for (const key of redis("--scan", "--pattern", `${cachePrefix}*`).split("\n").filter(Boolean)) redis("DEL", key);
});

describe.each(["none", "sqlite", "postgres"] as const)("prototype names on %s", (dialect) => {
  const dbName = `cts_prototype_${randomBytes(4).toString("hex")}`;
  let project: string;
  let url: string;

  beforeAll(async () => {
    project = path.join(work, dialect);
    if (dialect === "none") {
      url = "";
    } else if (dialect === "sqlite") {
      url = path.join(work, "prototype.db");
    } else {
      expect(databaseServers.postgres.create(dbName).stderr).toBe("");
      url = databaseServers.postgres.url(dbName);
    }
    // PostgreSQL with the cache: a row read back from Redis has passed through JSON, which drops undefined.
    const cache = dialect === "postgres" ? ["--cache", "redis"] : [];
    const result = runCli([project, "--spec", SPEC, "--db", dialect, ...cache, "--yes", "--no-install", "--no-git"], { cwd: work });
    expect(result.code).toBe(0);
    await linkNodeModules(project);
    fs.writeFileSync(path.join(project, "src", "handlers", "members.ts"), MEMBERS);
    const build = run("npm", ["run", "build"], project);
    expect(build.stdout + build.stderr).not.toMatch(/error TS/);
    expect(build.code).toBe(0);
  }, 240_000);

  afterAll(() => {
    if (dialect === "postgres") databaseServers.postgres.drop(dbName);
  });

  it("stores, reads back, lists and filters rows whose properties are named like Object.prototype's members", async () => {
    const server = await startServer(project, undefined, { DATABASE_URL: url, MIGRATE_ON_START: "true", CACHE_PREFIX: cachePrefix });
    const call = async (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(server.url + route, {
        method,
        headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    try {
      const first = await call("POST", "/things", full);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ id: first.body.id, ...full });
      // The optional isPrototypeOf left out stays out: not Object.prototype.isPrototypeOf written as text.
      const second = await call("POST", "/things", partial);
      expect(second.status).toBe(201);
      expect(second.body).toEqual({ id: second.body.id, ...partial });
      expect((await call("GET", `/things/${second.body.id}`)).body).toEqual(second.body);
      if (dialect === "postgres") {
        // Read once more when the entry is there (the cache connects in the background): this answer is Redis's.
        const key = `${cachePrefix}:thing:${second.body.id}`;
        for (let i = 0; i < 50 && redis("EXISTS", key) !== "1"; i++) {
          await call("GET", `/things/${second.body.id}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(redis("EXISTS", key)).toBe("1");
        expect((await call("GET", `/things/${second.body.id}`)).body).toEqual(second.body);
      }

      const all = await call("GET", "/things");
      expect(all.status).toBe(200);
      expect(all.body).toEqual([first.body, second.body]);
      expect(await call("GET", "/things?constructor=Grace")).toEqual({ status: 200, body: [second.body] });
      expect(await call("GET", "/things?valueOf=7&hasOwnProperty=true")).toEqual({ status: 200, body: [first.body] });
      expect(await call("GET", "/things?hasOwnProperty=false")).toEqual({ status: 200, body: [second.body] });

      // A merge patch of one field keeps the others.
      const patched = await call(
        "PATCH",
        `/things/${first.body.id}`,
        { toString: "patched" },
        { "content-type": "application/merge-patch+json" },
      );
      expect(patched).toEqual({ status: 200, body: { ...first.body, toString: "patched" } });
      const missing = await call("POST", "/things", { toString: "x", valueOf: 1, hasOwnProperty: true });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain("must have required property 'constructor'");

      // A model called Constructor: repository and table `constructor`.
      const builder = await call("POST", "/constructors", { name: "Bob" });
      expect(builder.status).toBe(201);
      expect(await call("GET", "/constructors")).toEqual({ status: 200, body: [builder.body] });

      // Absent optional parameters are undefined to the handler; sent ones are what was sent.
      expect((await call("GET", "/members/m1")).body).toEqual({
        name: JSON.stringify({ path: "m1", query: "undefined", header: "undefined" }),
      });
      const given = await call("GET", "/members/m2?valueOf=v", undefined, { constructor: "c" });
      expect(given.body).toEqual({ name: JSON.stringify({ path: "m2", query: "string", header: "string" }) });
      // An operation called `constructor` that the handler file does not write answers 501, naming the file.
      // Its nested object without the optional toString is valid: Ajv counts own properties only.
      const unwritten = await call("POST", "/members", { hasOwnProperty: "h", nested: {} });
      expect(unwritten.status).toBe(501);
      expect(unwritten.body.message).toContain("src/handlers/members.ts");

      // Path parameters by their spec names, `constructor` beside one the router renames.
      expect((await call("GET", "/members/i1/c1")).body).toEqual({ name: '{"item-id":"i1","constructor":"c1"}' });

      // Keys of request data: a cookie, a form field and query keys named like Object.prototype's members.
      expect((await call("GET", "/members/cookie")).status).toBe(400);
      expect((await call("GET", "/members/cookie", undefined, { cookie: "constructor=c" })).status).toBe(501);
      const form = await fetch(`${server.url}/members/form`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "toString=t",
      });
      expect(await form.json()).toEqual({ name: JSON.stringify({ toString: "t" }) });
      const keys = await call("GET", "/members/keys?__proto__=p&constructor=c");
      // Written as text: in an object literal, `__proto__` would set the prototype instead.
      expect(keys.body).toEqual({ name: '{"__proto__":"p","constructor":"c"}' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 120_000);

  // After the calls above: on PostgreSQL the generated tests share the database and leave rows of their own.
  it("passes its own generated tests", () => {
    const test = run("npm", ["test"], project, 240_000, { ...process.env, TEST_DATABASE_URL: dialect === "sqlite" ? "" : url });
    expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
    expect(test.code).toBe(0);
  }, 240_000);
});
