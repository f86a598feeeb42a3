/**
 * The Redis cache (--cache redis) against the machine's Redis (127.0.0.1:6379, read with
 * redis-cli as an operator would): a read by key is served from Redis, a write drops the entry,
 * and with Redis refused, gone or hung the app serves uncached, fast, with /readyz 200, one
 * warning per outage, and entries it could not drop cleared when Redis is back. Every key lives
 * under a prefix unique to this run and is removed after.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { run, runCli, specs, startServer, tempDir } from "./cli-helpers.ts";
import { requireServices } from "../helpers/services.ts";

const REDIS_PORT = 6379;
const prefix = `cts-e2e-${randomBytes(4).toString("hex")}`;

function redis(...args: string[]): string {
  const result = run("redis-cli", ["-h", "127.0.0.1", "-p", String(REDIS_PORT), "--raw", ...args], process.cwd(), 10_000);
  if (result.code !== 0) throw new Error(`redis-cli ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.replace(/\n$/, "");
}
const ourKeys = () => redis("--scan", "--pattern", `${prefix}*`).split("\n").filter(Boolean);
const exists = (key: string) => redis("EXISTS", key) === "1";
const cached = (key: string) => JSON.parse(redis("GET", key)) as Record<string, unknown>;

/** A TCP hop between the server and Redis that can refuse connections or hold every byte (a hung Redis). */
class RedisHop {
  private readonly server = net.createServer((client) => this.connect(client));
  private readonly sockets = new Set<net.Socket>();
  private held: (() => void)[] = [];
  private holding = false;
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  /** Closes the port and every connection: Redis is gone. */
  async refuse(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
  /** Keeps connections open but passes nothing on until release(): Redis hangs. */
  hold(): void {
    this.holding = true;
  }
  release(): void {
    this.holding = false;
    for (const send of this.held.splice(0)) send();
  }
  private connect(client: net.Socket): void {
    const upstream = net.connect(REDIS_PORT, "127.0.0.1");
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on("data", (data) => (this.holding ? this.held.push(() => to.write(data)) : to.write(data)));
      from.on("error", () => {});
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Answer {
  status: number;
  body: any;
  ms: number;
}

function client(base: string) {
  return async (method: string, url: string, body?: unknown): Promise<Answer> => {
    const started = performance.now();
    const response = await fetch(base + url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
  };
}

const rex = { name: "Rex", species: "dog", age: 3, tags: ["good"] };
const count = (text: string, needle: string) => text.split(needle).length - 1;
const UNAVAILABLE = "is unavailable: serving uncached";
const BACK = "answers again: caching resumed";

let work: string;
let project: string;
let env: Record<string, string>;

beforeAll(async () => {
  await requireServices("redis");
  expect(redis("PING")).toBe("PONG");
  work = tempDir("cache");
  project = path.join(work, "petstore-cache");
  await sharedNodeModules();
  const result = runCli([project, "--spec", specs.petstore, "--db", "sqlite", "--cache", "redis", "--yes", "--no-install", "--no-git"], {
    cwd: work,
  });
  expect(result.code).toBe(0);
  await linkNodeModules(project);
  const build = run("npm", ["run", "build"], project);
  expect(build.stdout + build.stderr).not.toMatch(/error TS/);
  expect(build.code).toBe(0);
  // info: the line saying the cache resumed is an info line.
  env = { DATABASE_URL: path.join(work, "pets.db"), MIGRATE_ON_START: "true", CACHE_PREFIX: prefix, LOG_LEVEL: "info" };
}, 600_000);

afterAll(() => {
  const keys = ourKeys();
  if (keys.length > 0) redis("DEL", ...keys);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

it("generates the cache layer: the redis client, its settings and the storage hook", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8"));
  expect(pkg.dependencies["@redis/client"]).toMatch(/^\d+\.\d+\.\d+$/);
  const example = fs.readFileSync(path.join(project, ".env.example"), "utf8");
  expect(example).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:6379$/m);
  expect(example).toMatch(/^CACHE_TTL_SECONDS=60$/m);
  expect(example).toMatch(/^CACHE_PREFIX=petstore-cache$/m);
  expect(fs.readFileSync(path.join(project, "README.md"), "utf8")).toContain("## Cache");
  expect(fs.readFileSync(path.join(project, "src/storage-hooks.ts"), "utf8")).toContain("new CachedRepository(storage.repositories.pet");
});

it("passes its own tests with the cache on, and leaves no key behind", () => {
  const test = run("npm", ["test"], project, 240_000, {
    ...process.env,
    REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
    CACHE_PREFIX: prefix,
  });
  expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
  expect(test.code).toBe(0);
  expect(ourKeys()).toEqual([]);
});

it("serves reads by key from Redis and drops the entry on every write", async () => {
  const server = await startServer(project, undefined, { ...env, REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` });
  const call = client(server.url);
  try {
    const created = await call("POST", "/pets", rex);
    expect(created.status).toBe(201);
    const key = `${prefix}:pet:${created.body.id}`;
    expect(cached(key)).toEqual(created.body);

    // Read-through: a miss reads the database and fills the entry, with the TTL.
    redis("DEL", key);
    const read = await call("GET", `/pets/${created.body.id}`);
    expect(read.body).toEqual(created.body);
    expect(cached(key)).toEqual(created.body);
    const ttl = Number(redis("TTL", key));
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);

    // The entry is what the read answers: change it in Redis and the answer changes.
    redis("SET", key, JSON.stringify({ ...created.body, name: "From Redis" }), "KEEPTTL");
    expect((await call("GET", `/pets/${created.body.id}`)).body.name).toBe("From Redis");

    const replaced = await call("PUT", `/pets/${created.body.id}`, { name: "Rex II", species: "dog", age: 4 });
    expect(replaced.status).toBe(200);
    expect(exists(key)).toBe(false);
    const after = await call("GET", `/pets/${created.body.id}`);
    expect(after.body).toEqual(replaced.body);
    expect(after.body.name).toBe("Rex II");
    expect(cached(key)).toEqual(replaced.body);

    // Lists are not cached: only the one entry exists.
    expect((await call("GET", "/pets?species=dog")).status).toBe(200);
    expect(ourKeys()).toEqual([key]);

    expect((await call("DELETE", `/pets/${created.body.id}`)).status).toBe(204);
    expect(exists(key)).toBe(false);
    expect((await call("GET", `/pets/${created.body.id}`)).status).toBe(404);
    expect(exists(key)).toBe(false);
    expect(server.output()).not.toContain(UNAVAILABLE);
  } finally {
    expect(await server.stop()).toBe(0);
  }
  expect(ourKeys()).toEqual([]);
}, 60_000);

it("with Redis on a closed port: serves every route fast, /readyz 200, one warning", async () => {
  const server = await startServer(project, undefined, { ...env, REDIS_URL: "redis://127.0.0.1:1" });
  const call = client(server.url);
  try {
    expect((await call("GET", "/readyz")).status).toBe(200);
    const answers: Answer[] = [];
    const created = await call("POST", "/pets", rex);
    answers.push(created);
    expect(created.status).toBe(201);
    for (let i = 0; i < 5; i++) answers.push(await call("GET", `/pets/${created.body.id}`));
    answers.push(await call("PUT", `/pets/${created.body.id}`, { name: "Rex II", species: "dog", age: 4 }));
    answers.push(await call("GET", `/pets/${created.body.id}`));
    answers.push(await call("DELETE", `/pets/${created.body.id}`));
    answers.push(await call("GET", `/pets/${created.body.id}`));
    expect(answers.map((a) => a.status)).toEqual([201, 200, 200, 200, 200, 200, 200, 200, 204, 404]);
    expect(answers[5].body.name).toBe("Rex");
    expect(answers[7].body.name).toBe("Rex II");
    const slowest = Math.max(...answers.map((a) => a.ms));
    expect(slowest).toBeLessThan(500);
    console.log(`Redis refused: ${answers.length} requests, slowest ${slowest.toFixed(1)} ms`);
    expect((await call("GET", "/readyz")).status).toBe(200);
    expect(count(server.output(), UNAVAILABLE)).toBe(1);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 60_000);

describe("Redis going away and coming back", () => {
  let hop: RedisHop;
  beforeAll(async () => {
    hop = new RedisHop();
    await hop.start();
  });
  afterAll(async () => {
    hop.release();
    await hop.refuse().catch(() => {});
  });

  it("gone: serves uncached and fast; back: clears the entries it could not drop, then caches again", async () => {
    const server = await startServer(project, undefined, { ...env, REDIS_URL: `redis://127.0.0.1:${hop.port}` });
    const call = client(server.url);
    try {
      const created = await call("POST", "/pets", rex);
      const key = `${prefix}:pet:${created.body.id}`;
      expect(cached(key)).toEqual(created.body);

      await hop.refuse();
      const during = [
        await call("GET", `/pets/${created.body.id}`),
        await call("PUT", `/pets/${created.body.id}`, { name: "Rex II", species: "dog", age: 4 }),
      ];
      during.push(await call("GET", `/pets/${created.body.id}`), await call("GET", "/readyz"));
      expect(during.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(during[2].body.name).toBe("Rex II");
      expect(Math.max(...during.map((a) => a.ms))).toBeLessThan(500);
      // The PUT could not drop the entry: Redis still holds the old row...
      expect(cached(key).name).toBe("Rex");
      await until(() => count(server.output(), UNAVAILABLE) === 1, "the outage is logged");

      // ...until Redis is back: the app clears its keys before reading from Redis again.
      await hop.start();
      await until(() => !exists(key), "the stale entry is cleared");
      await until(() => server.output().includes(BACK), "the recovery is logged");
      const read = await call("GET", `/pets/${created.body.id}`);
      expect(read.body.name).toBe("Rex II");
      expect(cached(key).name).toBe("Rex II");
      expect(count(server.output(), UNAVAILABLE)).toBe(1);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  it("hung: a request waits at most the call timeout, the next ones not at all", async () => {
    const server = await startServer(project, undefined, { ...env, REDIS_URL: `redis://127.0.0.1:${hop.port}` });
    const call = client(server.url);
    try {
      const created = await call("POST", "/pets", rex);
      const key = `${prefix}:pet:${created.body.id}`;
      await until(() => exists(key), "the created row is cached");

      hop.hold();
      const answers: Answer[] = [];
      for (let i = 0; i < 5; i++) answers.push(await call("GET", `/pets/${created.body.id}`));
      answers.push(await call("PUT", `/pets/${created.body.id}`, { name: "Rex II", species: "dog", age: 4 }));
      answers.push(await call("GET", `/pets/${created.body.id}`));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
      expect(answers[6].body.name).toBe("Rex II");
      const times = answers.map((a) => Math.round(a.ms));
      console.log(`Redis hung: request times ${times.join(", ")} ms`);
      // The first waits for the 250 ms call timeout; the rest skip Redis while it is out.
      expect(times[0]).toBeGreaterThanOrEqual(240);
      expect(times[0]).toBeLessThan(800);
      expect(Math.max(...times.slice(1))).toBeLessThan(200);
      expect((await call("GET", "/readyz")).status).toBe(200);

      hop.release();
      // Two seconds on, Redis is tried again: the entries it missed are cleared first.
      await until(() => {
        void call("GET", `/pets/${created.body.id}`);
        return server.output().includes(BACK);
      }, "the cache resumes");
      await until(() => !exists(key) || cached(key).name === "Rex II", "no stale entry is left");
      expect((await call("GET", `/pets/${created.body.id}`)).body.name).toBe("Rex II");
      expect(count(server.output(), UNAVAILABLE)).toBe(1);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});
