/**
 * The generated server as a newcomer meets it (issue 22): what it prints on start and per request,
 * what `/readyz` and the routes say while the database lacks its migrations, `/docs`, `/metrics`
 * behind METRICS_TOKEN, a port in use, `npm test` without a test database, and `npm run dev`
 * type-checking the handler a user edits. Messages are asserted verbatim.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sharedNodeModules } from "../helpers/generated-deps.ts";
import { requireServices } from "../helpers/services.ts";
import { generateAndBuild, run, specs, startServer, tempDir } from "./cli-helpers.ts";
import { databaseServers } from "./database-servers.ts";

const NOT_MIGRATED = "the database is not migrated: run `npm run migrate`, or start with MIGRATE_ON_START=true";
const JWT_SECRET = `secret-for-this-run-${randomBytes(16).toString("hex")}`;

/** The pino lines a server printed, parsed (other lines, such as npm's banner, are skipped). */
function logLines(output: string): { level: number; msg: string; err?: unknown }[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: number; msg: string; err?: unknown });
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return check();
}

let work: string;
beforeAll(async () => {
  work = tempDir("runtime");
  await sharedNodeModules();
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("bookstore on SQLite (auth, docs, metrics, a handler to write)", () => {
  let project: string;
  const token = () => run("npm", ["run", "-s", "token"], project, 120_000, { ...process.env, JWT_SECRET }).stdout.trim();

  beforeAll(async () => {
    project = path.join(work, "books");
    await generateAndBuild(project, ["--spec", specs.bookstore, "--yes", "--no-install", "--no-git"], work);
  }, 300_000);

  it("npm run serve without a .env says nothing about one; with a .env, its settings are read (METRICS_TOKEN)", async () => {
    expect(fs.existsSync(path.join(project, ".env"))).toBe(false);
    const plain = await startServer(project, ["npm", "run", "serve"], { LOG_LEVEL: "info", DATABASE_URL: path.join(work, "serve.db") });
    try {
      expect((await fetch(`${plain.url}/metrics`)).status).toBe(200);
    } finally {
      await plain.stop();
    }
    expect(plain.output()).not.toMatch(/\.env/);

    fs.writeFileSync(path.join(project, ".env"), "METRICS_TOKEN=scrape-me\n");
    try {
      const server = await startServer(project, ["npm", "run", "serve"], { DATABASE_URL: path.join(work, "serve.db") });
      try {
        const refused = await fetch(`${server.url}/metrics`);
        expect(refused.status).toBe(401);
        expect(refused.headers.get("www-authenticate")).toBe("Bearer");
        expect(((await refused.json()) as { detail: string }).detail).toBe("GET /metrics needs Authorization: Bearer <METRICS_TOKEN>");
        expect((await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
        const scraped = await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer scrape-me" } });
        expect(scraped.status).toBe(200);
        expect(await scraped.text()).toContain("http_requests_total");
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(path.join(project, ".env"));
    }
  }, 120_000);

  it("says once, at a production start, that /metrics is public when METRICS_TOKEN is not set", async () => {
    const server = await startServer(project, undefined, {
      LOG_LEVEL: "info",
      NODE_ENV: "production",
      JWT_SECRET,
      DATABASE_URL: path.join(work, "prod.db"),
    });
    await server.stop();
    const said = logLines(server.output()).filter((l) => /metrics/.test(l.msg));
    expect(said).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "GET /metrics is public: set METRICS_TOKEN to require Authorization: Bearer <METRICS_TOKEN>",
      }),
    ]);
  }, 60_000);

  it("logs a 501 as one warn line naming the handler file, without a stack trace", async () => {
    const server = await startServer(project, undefined, { LOG_LEVEL: "info", JWT_SECRET, DATABASE_URL: path.join(work, "501.db") });
    try {
      const answer = await fetch(`${server.url}/books/${randomBytes(4).toString("hex")}/restock`, {
        method: "POST",
        headers: { authorization: `Bearer ${token()}`, "content-type": "application/json" },
        body: JSON.stringify({ quantity: 1 }),
      });
      expect(answer.status).toBe(501);
    } finally {
      await server.stop();
    }
    const lines = logLines(server.output()).filter((l) => l.level >= 40 && l.msg !== undefined && !/JWT_SECRET/.test(l.msg));
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: "restock is not implemented yet: write it in src/handlers/books.ts" }),
    ]);
    expect(lines[0].err).toBeUndefined();
    expect(server.output()).not.toMatch(/"stack"/);
  }, 60_000);

  it("GET /docs answers the reference page itself: 200 text/html, its script loading under /docs/", async () => {
    const server = await startServer(project, undefined, { DATABASE_URL: path.join(work, "docs.db") });
    try {
      const page = await fetch(`${server.url}/docs`, { redirect: "manual" });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await page.text();
      expect(html).toContain('<base href="/docs/">');
      const script = html.match(/<script src="([^"]+)"/)![1];
      // As a browser resolves it: against the <base>.
      const loaded = await fetch(new URL(script, `${server.url}/docs/`));
      expect(loaded.status).toBe(200);
      expect(loaded.headers.get("content-type")).toMatch(/javascript/);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("a port in use is one line with the fix, and exit 1", async () => {
    const first = await startServer(project, undefined, { DATABASE_URL: path.join(work, "port.db") });
    try {
      const port = new URL(first.url).port;
      const second = run(process.execPath, ["dist/src/main.js"], project, 60_000, {
        ...process.env,
        PORT: port,
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        DATABASE_URL: path.join(work, "port.db"),
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(`Port ${port} is in use; set PORT to another port (e.g. PORT=${Number(port) + 1} npm start)\n`);
      expect(second.stdout).not.toMatch(/EADDRINUSE|"stack"/);
    } finally {
      await first.stop();
    }
  }, 60_000);

  it("an unmigrated database: the start says what to run, /readyz and the data routes answer 503; after npm run migrate, 200", async () => {
    const db = path.join(work, "fresh.db");
    const server = await startServer(project, undefined, { LOG_LEVEL: "info", MIGRATE_ON_START: "false", DATABASE_URL: db });
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "unavailable", checks: { storage: "unavailable" } });
      const books = await fetch(`${server.url}/books`);
      expect(books.status).toBe(503);
      expect(((await books.json()) as { detail: string }).detail).toBe(NOT_MIGRATED);
      const warned = logLines(server.output()).filter((l) => l.level === 40 && l.msg.startsWith("the database"));
      expect(warned[0]).toEqual(expect.objectContaining({ msg: `${NOT_MIGRATED} (pending: 0001-initial)` }));

      const migrated = run("npm", ["run", "migrate"], project, 120_000, { ...process.env, DATABASE_URL: db });
      expect(migrated.stdout).toContain("applied: 0001-initial");
      // The same server: readiness follows the database, no restart needed.
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${server.url}/books`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    // Said once at start; each failed probe adds one line of its own, without a stack trace.
    const startLines = logLines(server.output()).filter((l) => l.msg === `${NOT_MIGRATED} (pending: 0001-initial)`);
    expect(startLines).toHaveLength(1);
    // The 503s of the data routes are one warn line each, without a stack trace.
    expect(logLines(server.output()).filter((l) => l.msg === NOT_MIGRATED)).toEqual([expect.objectContaining({ level: 40 })]);
    expect(server.output()).not.toMatch(/"stack"/);
    expect(logLines(server.output()).filter((l) => l.msg === `storage is not ready: ${NOT_MIGRATED} (pending: 0001-initial)`)).toHaveLength(
      1,
    );
  }, 180_000);

  it("the stub's commented repository lines compile once uncommented", () => {
    const file = path.join(project, "src/handlers/books.ts");
    const stub = fs.readFileSync(file, "utf8");
    const examples = stub.match(/^ {6}\/\/ const .*$/gm) ?? [];
    expect(examples.map((line) => line.trim())).toEqual([
      '// const author = await repos.author.get("no-such-Author");',
      '// const book = await repos.book.get("no-such-Book");',
      "// const { items, total } = await repos.author.list({ filters: {}, limit: 10 });",
    ]);
    try {
      fs.writeFileSync(file, stub.replace(/^( {6})\/\/ (const .*)$/gm, "$1$2"));
      const tsc = run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"], project, 120_000);
      expect(tsc.stdout + tsc.stderr).toBe("");
      expect(tsc.code).toBe(0);
      // And the check can fail: a method the repository lacks does not compile.
      fs.writeFileSync(file, stub.replace("// const book = await repos.book.get(", "const book = await repos.book.read("));
      const wrong = run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"], project, 120_000);
      expect(wrong.stdout).toMatch(/error TS2339: Property 'read' does not exist on type 'Repository<Book, "id">'/);
    } finally {
      fs.writeFileSync(file, stub);
    }
  }, 180_000);

  it("npm run dev reports a wrong repository method as a type error while it serves", async () => {
    const file = path.join(project, "src/handlers/books.ts");
    const stub = fs.readFileSync(file, "utf8");
    const dev = await startServer(project, ["npm", "run", "dev"], {
      LOG_LEVEL: "warn",
      JWT_SECRET,
      DATABASE_URL: path.join(work, "dev.db"),
    });
    try {
      const wrong = stub.replace("// const book = await repos.book.get(", "const book = await repos.book.read(");
      expect(wrong).not.toBe(stub);
      fs.writeFileSync(file, wrong);
      const line = wrong.split("\n").findIndex((l) => l.includes("repos.book.read(")) + 1;
      const column = wrong.split("\n")[line - 1].indexOf("read") + 1;
      const expected = `type-check: src/handlers/books.ts(${line},${column}): error TS2339: Property 'read' does not exist on type 'Repository<Book, "id">'.`;
      const seen = await until(() => dev.output().includes(expected), 60_000);
      if (!seen) process.stderr.write(`npm run dev printed:\n${dev.output()}\n`);
      expect(seen).toBe(true);
      expect(dev.output()).toContain("type-check: 1 error (the server runs the code anyway; fix and save)");
      fs.writeFileSync(file, stub);
      expect(await until(() => dev.output().includes("type-check: no errors"), 60_000)).toBe(true);
      // tsc's own banners stay out of the server's log.
      expect(dev.output()).not.toMatch(/Starting compilation|Watching for file changes/);
    } finally {
      fs.writeFileSync(file, stub);
      await dev.stop();
    }
  }, 180_000);
});

describe.each(["postgres", "mysql"] as const)("petstore on %s", (dialect) => {
  let project: string;
  beforeAll(async () => {
    project = path.join(work, `pets-${dialect}`);
    await generateAndBuild(project, ["--spec", specs.petstore, "--db", dialect, "--yes", "--no-install", "--no-git"], work);
  }, 300_000);

  it("npm test without TEST_DATABASE_URL stops at once with one line saying what to set", () => {
    const env = { ...process.env };
    delete env.TEST_DATABASE_URL;
    delete env.DATABASE_URL;
    const test = run("npm", ["test"], project, 240_000, env);
    const [name, url, create] =
      dialect === "postgres"
        ? ["PostgreSQL", "postgres://postgres@127.0.0.1:5432/app_test", "createdb -h 127.0.0.1 -U postgres app_test"]
        : ["MySQL", "mysql://root@127.0.0.1:3306/app_test", 'mysql -h 127.0.0.1 -u root -e "create database app_test"'];
    expect(test.code).not.toBe(0);
    // The one line the preflight prints, before any test file runs (npm may add its own lines).
    expect(test.stderr.split("\n")).toContain(
      `set TEST_DATABASE_URL to a ${name} database the tests may write to (they add rows to it), ` +
        `e.g. TEST_DATABASE_URL=${url} (create it first: ${create}); see README.md, "Database"`,
    );
    expect(test.stdout + test.stderr).not.toMatch(/TypeError|ℹ tests/);
  }, 240_000);

  it("the generated tests' after-hooks are guarded: run directly without a database, no TypeError", () => {
    const env = { ...process.env };
    delete env.TEST_DATABASE_URL;
    delete env.DATABASE_URL;
    const test = run(process.execPath, ["--test", "dist/test/api.test.js"], project, 120_000, env);
    expect(test.code).not.toBe(0);
    expect(test.stdout).toContain("set TEST_DATABASE_URL to a");
    expect(test.stdout + test.stderr).not.toMatch(/TypeError/);
  }, 120_000);
});

describe("petstore on a fresh PostgreSQL database, not migrated", () => {
  const dbName = `cts_runtime_${randomBytes(4).toString("hex")}`;
  let project: string;
  beforeAll(async () => {
    await requireServices("postgres");
    expect(databaseServers.postgres.create(dbName).stderr).toBe("");
    project = path.join(work, "pets-postgres");
    if (!fs.existsSync(path.join(project, "dist")))
      await generateAndBuild(project, ["--spec", specs.petstore, "--db", "postgres", "--yes", "--no-install", "--no-git"], work);
  }, 300_000);
  afterAll(() => {
    databaseServers.postgres.drop(dbName);
  });

  it("/readyz and /pets answer 503 and the start says what to run; after npm run migrate, 200", async () => {
    const url = databaseServers.postgres.url(dbName);
    const server = await startServer(project, undefined, { LOG_LEVEL: "info", DATABASE_URL: url });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      const pets = await fetch(`${server.url}/pets`);
      expect(pets.status).toBe(503);
      expect(await pets.json()).toEqual({ code: "SERVICE_UNAVAILABLE", message: NOT_MIGRATED });
      expect(logLines(server.output()).filter((l) => l.msg === `${NOT_MIGRATED} (pending: 0001-initial)`)).toEqual([
        expect.objectContaining({ level: 40 }),
      ]);
      const migrated = run("npm", ["run", "migrate"], project, 120_000, { ...process.env, DATABASE_URL: url });
      expect(migrated.stdout).toContain("applied: 0001-initial");
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${server.url}/pets`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 180_000);

  it("a database that does not answer is not called unmigrated: readiness says unavailable, the start says nothing of migrations", async () => {
    const server = await startServer(project, undefined, { LOG_LEVEL: "info", DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "unavailable", checks: { storage: "unavailable" } });
    } finally {
      await server.stop();
    }
    expect(server.output()).not.toMatch(/not migrated/);
    expect(
      logLines(server.output())
        .filter((l) => l.level === 40)
        .map((l) => l.msg),
    ).toEqual([expect.stringMatching(/^storage is not ready: .*ECONNREFUSED/)]);
  }, 60_000);
});
