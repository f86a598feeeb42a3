/**
 * A spec that grows: regenerating a SQLite project after the spec gains a column, a table and an
 * index (and loses one) adds the next migration, keeps the user's code and rows, and runs only
 * what is safe; regenerating an unchanged spec adds nothing.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { linkNodeModules } from "../helpers/generated-deps.ts";
import { repoRoot, run, runCli, startServer, tempDir } from "./cli-helpers.ts";

let work: string;
let project: string;
const quiet = ["--yes", "--no-install", "--no-git"];

beforeAll(async () => {
  work = tempDir("migrations");
  project = path.join(work, "pets");
  expect(runCli([project, "--spec", path.join(repoRoot, "examples/petstore"), ...quiet], { cwd: work }).code).toBe(0);
  await linkNodeModules(project);
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it("adds the next migration for a changed spec and applies it to a database with rows", async () => {
  const env = { ...process.env, DATABASE_URL: path.join(work, "pets.db") };
  expect(run("npm", ["run", "migrate"], project, 240_000, env).stdout).toContain("applied: 0001-initial");
  let server = await startServer(project, undefined, { DATABASE_URL: env.DATABASE_URL });
  const rex = (await (
    await fetch(`${server.url}/pets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Rex", species: "dog", tags: ["a"] }),
    })
  ).json()) as { id: number };
  await server.stop();

  const handler = path.join(project, "src/handlers/pets.ts");
  fs.appendFileSync(handler, "// my own code\n");
  const spec = path.join(project, "spec/main.tsp");
  fs.writeFileSync(
    spec,
    fs.readFileSync(spec, "utf8").replace("  tags?: string[];\n", "  color?: string;\n") +
      `\nmodel Owner {\n  @key @visibility(Lifecycle.Read) id: string;\n  petId?: int32;\n  name: string;\n}\n\n@route("/owners")\ninterface Owners {\n  @get list(): Owner[];\n  @post create(@body owner: Owner): { @statusCode _: 201; @body owner: Owner };\n}\n`,
  );
  const regenerated = runCli([project, "--spec", path.join(project, "spec"), ...quiet], { cwd: work });
  expect(regenerated.code).toBe(0);
  const migration = fs.readFileSync(path.join(project, "src/db/migrations/0002-spec-changes.ts"), "utf8");
  expect(migration).toContain('alterTable("pet").addColumn("color", "text")');
  expect(migration).toContain('createTable("owner")');
  expect(migration).toContain('createIndex("owner_pet_id_idx")');
  // The dropped property's column is written out, commented, for the user to confirm.
  expect(migration).toMatch(
    /NOT RUN: pet\.tags is no longer in the spec[\s\S]*\/\/ await db\.schema\.alterTable\("pet"\)\.dropColumn\("tags"\)/,
  );
  expect(fs.readFileSync(handler, "utf8")).toContain("// my own code");
  expect(fs.readFileSync(path.join(project, "src/db/migrations/0001-initial.ts"), "utf8")).toContain('createTable("pet")');

  const migrate = run("npm", ["run", "migrate"], project, 240_000, env);
  expect(migrate.stdout).toContain("applied: 0002-spec-changes");
  server = await startServer(project, undefined, { DATABASE_URL: env.DATABASE_URL });
  try {
    const kept = await (await fetch(`${server.url}/pets/${rex.id}`)).json();
    expect(kept).toMatchObject({ id: rex.id, name: "Rex", species: "dog" });
    const red = await fetch(`${server.url}/pets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Red", species: "cat", color: "red" }),
    });
    expect(await red.json()).toMatchObject({ name: "Red", color: "red" });
    const owner = await fetch(`${server.url}/owners`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Ann", petId: rex.id }),
    });
    expect(owner.status).toBe(201);
  } finally {
    await server.stop();
  }

  // The same spec again: nothing new to migrate.
  const again = runCli([project, "--spec", path.join(project, "spec"), "--dry-run", ...quiet], { cwd: work });
  expect(again.stdout).not.toContain("0003");
  expect(fs.readdirSync(path.join(project, "src/db/migrations")).sort()).toEqual(["0001-initial.ts", "0002-spec-changes.ts"]);
}, 300_000);
