/**
 * TypeSpec's own todo-app sample (test/fixtures/corpus/todo-app), whose `POST /items` is two
 * operations told apart by media type (@sharedRoute): every route is reached (every one answered
 * 404, /healthz included), a body of a type neither operation takes is a 415 naming the types, a
 * method the path does not take is a 405 listing the ones it does (shared ones too), and the
 * project passes its own generated tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import path from "node:path";
import { type ServedProject, repoRoot, run, servedProject } from "./cli-helpers.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "corpus", "todo-app");

let served: ServedProject;

beforeAll(async () => {
  served = await servedProject("todo", ["--spec", SPEC, "--deploy", "none"]);
}, 240_000);

afterAll(() => served?.close());

describe("a spec with @sharedRoute operations", () => {
  it("answers a body no shared operation takes with 415 naming the types, an undeclared method with 405", async () => {
    const wrongType = await fetch(`${served.url}/items`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.text()).toMatch(/application\/json or multipart\/form-data/);
    const wrongMethod = await fetch(`${served.url}/items`, { method: "PUT" });
    await wrongMethod.text();
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("passes its own generated tests, which call every route", () => {
    const test = run("npm", ["test"], served.project, 240_000);
    const output = test.stdout + test.stderr;
    expect(output).toMatch(/ℹ fail 0/);
    expect(output).toMatch(/ℹ pass (8\d|9\d|\d{3})/);
    expect(test.code).toBe(0);
  }, 300_000);
});
