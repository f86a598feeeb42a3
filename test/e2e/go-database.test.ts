/**
 * The Go target's database layer on the machine's real servers: the example specs' Go projects
 * scaffold, are gofmt/tidy/vet-clean and pass their own `go test` (CRUD against the database) on
 * SQLite, PostgreSQL and MySQL (MariaDB), each run on a fresh database; and a built petstore
 * server stores rows that a restart reads back, migrated by cmd/migrate.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, repoRoot, run, runCli, tempDir } from "./cli-helpers.ts";
import { type Dialect, databaseServers, freshDatabase } from "./database-servers.ts";

const SPECS: [string, string][] = [
  ["petstore", path.join(repoRoot, "examples", "petstore")],
  ["orders", path.join(repoRoot, "examples", "orders")],
  ...["bookstore", "routing", "error-models", "inventory", "uploads"].map((name): [string, string] => [
    name,
    path.join(repoRoot, "test", "fixtures", "specs", name),
  ]),
];
const DIALECTS: Dialect[] = ["sqlite", "postgres", "mysql"];

let work: string;
beforeAll(() => {
  work = tempDir("go-database");
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const go = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) => run("go", args, cwd, 300_000, env);

/** Where the project fails first ("" when gofmt, tidy, vet and go test on a fresh database pass). */
function firstFailure(project: string, dialect: Dialect): string {
  const unformatted = run("gofmt", ["-l", "cmd", "internal"], project);
  if (unformatted.stdout.trim() !== "") return `gofmt: ${unformatted.stdout}`;
  const before = ["go.mod", "go.sum"].map((f) => fs.readFileSync(path.join(project, f), "utf8"));
  go(["mod", "tidy"], project);
  if (before.join() !== ["go.mod", "go.sum"].map((f) => fs.readFileSync(path.join(project, f), "utf8")).join())
    return "go mod tidy changed go.mod/go.sum";
  const vet = go(["vet", "./..."], project);
  if (vet.code !== 0) return `go vet: ${vet.stderr}`;
  const database = freshDatabase(dialect, "gotest", project);
  try {
    const env = { ...process.env, TEST_DATABASE_URL: dialect === "sqlite" ? "" : database.url };
    const test = go(["test", "-count=1", "./..."], project, env);
    if (test.code !== 0)
      return `go test: ${test.stdout
        .split("\n")
        .filter((l) => /FAIL|want|\.go:\d+/.test(l))
        .slice(0, 6)
        .join(" | ")}`;
  } finally {
    database.drop();
  }
  return "";
}

describe("Go projects with a database", () => {
  it.each(DIALECTS)(
    "scaffold, vet and pass go test on %s for every example spec",
    (dialect) => {
      const failures: string[] = [];
      for (const [name, spec] of SPECS) {
        const project = path.join(work, `${dialect}-${name.replace(/\//g, "-")}`);
        const generated = runCli([project, "--target", "go", "--db", dialect, "--spec", spec, "--yes", "--no-install", "--no-git"], {
          cwd: work,
        });
        const failure = generated.code === 0 ? firstFailure(project, dialect) : `scaffold: ${generated.stderr.split("\n")[0]}`;
        if (failure) failures.push(`${name}: ${failure}`);
      }
      process.stdout.write(`Go database (${dialect}): ${SPECS.length - failures.length} of ${SPECS.length} specs pass\n`);
      expect(failures).toEqual([]);
    },
    1_800_000,
  );
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; !(await check().catch(() => false)); i++) {
    if (i > 150) throw new Error(what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(DIALECTS)("a built Go petstore server on %s", (dialect) => {
  let project: string;
  let database: ReturnType<typeof freshDatabase>;
  let server: ChildProcess | undefined;
  let url: string;
  const env = () => ({ ...process.env, DATABASE_URL: database.url, MIGRATE_ON_START: "false", LOG_LEVEL: "silent" });

  const start = async () => {
    const port = await freePort();
    server = spawn(path.join(project, "bin", "server"), [], {
      cwd: project,
      env: { ...env(), PORT: String(port), HOST: "127.0.0.1" },
      stdio: "ignore",
    });
    url = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${url}/healthz`)).ok, "the Go server did not start");
  };
  const stop = async () => {
    const exited = new Promise((r) => server?.once("exit", r));
    server?.kill("SIGTERM");
    await exited;
    server = undefined;
  };

  beforeAll(() => {
    project = path.join(work, `live-${dialect}`);
    expect(runCli([project, "--target", "go", "--db", dialect, "--yes", "--no-install", "--no-git"], { cwd: work }).code).toBe(0);
    expect(go(["build", "-o", "bin/server", "./cmd/server"], project).stderr).toBe("");
    expect(go(["build", "-o", "bin/migrate", "./cmd/migrate"], project).stderr).toBe("");
    database = freshDatabase(dialect, "golive", project);
  }, 600_000);
  afterAll(async () => {
    await stop();
    database?.drop();
  });

  it("is not ready until migrated, then stores pets that a restart reads back", async () => {
    await start();
    const unready = await fetch(`${url}/readyz`);
    expect(unready.status).toBe(503);
    await stop();

    const migrated = run(path.join(project, "bin", "migrate"), [], project, 60_000, env());
    expect([migrated.code, migrated.stdout.trim()]).toEqual([0, "applied: 0001-initial"]);
    expect(run(path.join(project, "bin", "migrate"), [], project, 60_000, env()).stdout.trim()).toBe("already up to date");

    await start();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const created = await fetch(`${url}/pets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Rex", species: "dog", age: 3, tags: ["good"] }),
    });
    expect(created.status).toBe(201);
    const pet = (await created.json()) as { id: number; name: string };
    expect(pet).toMatchObject({ name: "Rex", species: "dog", age: 3, tags: ["good"] });
    const replaced = await fetch(`${url}/pets/${pet.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Rex", species: "dog", age: 4, tags: ["good"] }),
    });
    expect([replaced.status, ((await replaced.json()) as { age: number }).age]).toEqual([200, 4]);
    const missing = await fetch(`${url}/pets/987654`);
    expect(missing.status).toBe(404);
    await stop();

    // The row is in the database itself, not in the process.
    const stored =
      dialect === "sqlite"
        ? run("sqlite3", [database.url, `select name from pet where id = ${pet.id}`], project).stdout.trim()
        : databaseServers[dialect].query(database.name, `select name from pet where id = ${pet.id}`);
    expect(stored).toBe("Rex");

    await start();
    const again = await fetch(`${url}/pets/${pet.id}`);
    expect([again.status, await again.json()]).toEqual([200, { id: pet.id, name: "Rex", species: "dog", age: 4, tags: ["good"] }]);
    const list = (await (await fetch(`${url}/pets`)).json()) as unknown[];
    expect(list).toHaveLength(1);
  }, 120_000);
});
