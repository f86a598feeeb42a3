/**
 * Running again on a generated project keeps its stack: the answers recorded in typespec-stack.json
 * stand in for the questions (after flags), whether from outside (`create-typespec-stack my-api
 * --yes`) or inside it (`create-typespec-stack update`), and the spec is read from the project's
 * own spec/ copy. The user's handler edits survive; the spec's growth reaches the generated code.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { linkNodeModules } from "../helpers/generated-deps.ts";
import { run, runCli, specs, tempDir } from "./cli-helpers.ts";

let work: string;
let project: string;
const read = (file: string) => fs.readFileSync(path.join(project, file), "utf8");
const manifestAnswers = () => JSON.parse(read("typespec-stack.json")).answers as Record<string, unknown>;

beforeAll(() => {
  work = tempDir("update");
  project = path.join(work, "shop");
  const created = runCli(
    [
      project,
      "--spec",
      specs.bookstore,
      "--db",
      "postgres",
      "--deploy",
      "docker,kubernetes",
      "--monitoring",
      "none",
      "--yes",
      "--no-install",
      "--no-git",
    ],
    { cwd: work },
  );
  expect(created.code).toBe(0);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it("`update` inside the project regenerates the same stack from its spec/, keeping the user's code", () => {
  const handler = read("src/handlers/books.ts").replace('"restock called"', '"restock called, by hand"');
  fs.writeFileSync(path.join(project, "src/handlers/books.ts"), handler);
  // The API grows: Book gets a subtitle.
  const spec = read("spec/main.tsp").replace("  isbn: string;", "  isbn: string;\n\n  subtitle?: string;");
  fs.writeFileSync(path.join(project, "spec/main.tsp"), spec);

  const result = runCli(["update"], { cwd: project });
  expect(result.stderr).toContain("wrote");
  expect(result.code).toBe(0);

  expect(manifestAnswers()).toMatchObject({
    db: "postgres",
    deploy: ["docker", "kubernetes"],
    monitoring: "none",
    spec: "spec",
    install: false,
  });
  expect(read("src/generated/types.ts")).toMatch(/subtitle\?: string/);
  expect(read("src/handlers/books.ts")).toContain("restock called, by hand");
  expect(JSON.parse(read("package.json")).dependencies).toHaveProperty("pg");
  expect(fs.existsSync(path.join(project, "deploy/k8s/base/deployment.yaml"))).toBe(true);
  expect(fs.existsSync(path.join(project, "src/monitoring"))).toBe(false);
  // The database layer writes the next migration for the new column.
  expect(fs.readdirSync(path.join(project, "src/db/migrations")).sort()).toEqual(["0001-initial.ts", "0002-spec-changes.ts"]);
  expect(read("src/db/migrations/0002-spec-changes.ts")).toMatch(/subtitle/);
});

it("from outside, `create-typespec-stack shop --yes` also keeps the recorded answers; a flag still wins", () => {
  const result = runCli(["shop", "--yes", "--monitoring", "prometheus"], { cwd: work });
  expect(result.code).toBe(0);
  expect(manifestAnswers()).toMatchObject({ db: "postgres", deploy: ["docker", "kubernetes"], monitoring: "prometheus", spec: "spec" });
  expect(fs.existsSync(path.join(project, "src/monitoring/metrics.ts"))).toBe(true);
  expect(read("src/handlers/books.ts")).toContain("restock called, by hand");
});

it("`update` outside a generated project says where to run it", () => {
  const result = runCli(["update"], { cwd: work });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`update runs inside a project this tool generated, and ${work} has no typespec-stack.json`);
  expect(fs.existsSync(path.join(work, "update"))).toBe(false);
});

it("turning a layer off removes its unchanged files, so the project still builds and tests", async () => {
  const dir = path.join(work, "pets");
  expect(runCli([dir, "--spec", specs.petstore, "--auth", "api-key", "--yes", "--no-install", "--no-git"], { cwd: work }).code).toBe(0);
  expect(fs.existsSync(path.join(dir, "src/auth/server.ts"))).toBe(true);

  const result = runCli(["update", "--auth", "none"], { cwd: dir });
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/removed \d+ files no longer generated: .*src\/auth\/server\.ts/);
  expect(fs.existsSync(path.join(dir, "src/auth"))).toBe(false);
  expect(fs.existsSync(path.join(dir, "test/auth.test.ts"))).toBe(false);
  expect(fs.readFileSync(path.join(dir, "src/server.ts"), "utf8")).not.toContain("authExtension");

  await linkNodeModules(dir);
  const test = run("npm", ["test"], dir, 300_000);
  expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
  expect(test.code).toBe(0);
}, 300_000);
