import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import cacheRedis from "../../generators/cache-redis.ts";
import { scaffold } from "../../src/index.ts";
import type { FileTree } from "../../src/write/tree.ts";
import { specs } from "../e2e/cli-helpers.ts";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cts-cache-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const text = (tree: FileTree, file: string) => String(tree.get(file)?.content ?? "");

async function generate(answers: Record<string, unknown>): Promise<FileTree> {
  const { tree } = await scaffold({
    target: path.join(dir, "shop"),
    answers: { name: "shop", spec: specs.bookstore, install: false, git: false, port: 3000, ...answers },
    dryRun: true,
  });
  return tree;
}

describe("cache-redis", () => {
  it("is asked only when rows live in a database, and is on only for redis", () => {
    const question = cacheRedis.questions!.find((q) => q.name === "cache")!;
    expect(question.default).toBe("none");
    expect(question.when!({ db: "postgres" })).toBe(true);
    expect(question.when!({})).toBe(true);
    expect(question.when!({ db: "none" })).toBe(false);
    expect(cacheRedis.enabled({ cache: "redis" })).toBe(true);
    expect(cacheRedis.enabled({ cache: "none" })).toBe(false);
    expect(cacheRedis.enabled({})).toBe(false);
  });

  it("wraps every repository in the storage hook and adds the client, its settings and its tests", async () => {
    const tree = await generate({ db: "postgres", cache: "redis" });
    const hook = text(tree, "src/storage-hooks.ts");
    expect(hook).toContain('author: new CachedRepository(storage.repositories.author, cache, "author", "id")');
    expect(hook).toContain('book: new CachedRepository(storage.repositories.book, cache, "book", "id")');
    expect(hook).toContain("ready: () => storage.ready()");
    for (const file of ["src/cache/redis.ts", "src/cache/cached-repository.ts", "test/cache.test.ts"]) expect(tree.get(file)).toBeDefined();
    // The database's storage and the server know only the hook.
    expect(text(tree, "src/storage.ts")).toContain('import { extendStorage } from "./storage-hooks.js"');
    expect(text(tree, "src/storage.ts")).not.toMatch(/redis|cache/i);
    expect(text(tree, "src/server.ts")).not.toMatch(/redis|cache/i);
    expect(JSON.parse(text(tree, "package.json")).dependencies["@redis/client"]).toMatch(/^\d+\.\d+\.\d+$/);
    const env = text(tree, ".env.example");
    expect(env).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:6379$/m);
    expect(env).toMatch(/^CACHE_TTL_SECONDS=60$/m);
    expect(env).toMatch(/^CACHE_PREFIX=shop$/m);
    expect(text(tree, "README.md")).toMatch(/## Cache\n\nReads by key \(`author`, `book`\) go to Redis first/);
    expect(text(tree, "src/cache/redis.ts")).toContain('env.CACHE_PREFIX || "shop"');
  });

  it("without it the hook hands the storage back as it is, and nothing of Redis is generated", async () => {
    const tree = await generate({ db: "sqlite" });
    expect(text(tree, "src/storage-hooks.ts")).toMatch(/return storage;\n\}/);
    expect(tree.paths().filter((p) => /cache/.test(p))).toEqual([]);
    expect(JSON.parse(text(tree, "package.json")).dependencies.redis).toBeUndefined();
    expect(text(tree, ".env.example")).not.toContain("REDIS_URL");
  });
});
