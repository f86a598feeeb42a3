/**
 * TypeSpec's own todo-app sample (test/fixtures/corpus/todo-app), whose `POST /items` is two
 * operations told apart by media type (@sharedRoute): every route is reached (every one answered
 * 404, /healthz included), a body of a type neither operation takes is a 415 naming the types, a
 * method the path does not take is a 405 listing the ones it does (shared ones too), and the
 * project passes its own generated tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { sharedNodeModules } from "../helpers/generated-deps.ts";
import { generateAndBuild, repoRoot, run, startServer, tempDir } from "./cli-helpers.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "corpus", "todo-app");

let work: string;
let project: string;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  work = tempDir("shared-routes");
  await sharedNodeModules();
  project = path.join(work, "todo");
  await generateAndBuild(project, ["--yes", "--no-install", "--no-git", "--spec", SPEC, "--deploy", "none"], work);
  server = await startServer(project, undefined, { DATABASE_URL: path.join(work, "todo.db"), MIGRATE_ON_START: "true" });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("a spec with @sharedRoute operations", () => {
  it("answers a body no shared operation takes with 415 naming the types, an undeclared method with 405", async () => {
    const wrongType = await fetch(`${server.url}/items`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.text()).toMatch(/application\/json or multipart\/form-data/);
    const wrongMethod = await fetch(`${server.url}/items`, { method: "PUT" });
    await wrongMethod.text();
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("passes its own generated tests, which call every route", () => {
    const test = run("npm", ["test"], project, 240_000);
    const output = test.stdout + test.stderr;
    expect(output).toMatch(/ℹ fail 0/);
    expect(output).toMatch(/ℹ pass (8\d|9\d|\d{3})/);
    expect(test.code).toBe(0);
  }, 300_000);
});
