/**
 * End to end, as a user would: the built CLI generates a project from each example spec, and the
 * project builds, passes its own tests, serves real requests and shuts down cleanly on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { run, runCli, specs, startServer, tempDir } from "./cli-helpers.ts";

const specNames = Object.keys(specs) as (keyof typeof specs)[];

let work: string;
beforeAll(async () => {
  work = tempDir("e2e");
  await sharedNodeModules();
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(specNames)("the %s spec", (spec) => {
  let project: string;

  beforeAll(async () => {
    project = path.join(work, spec);
    const result = runCli([project, "--spec", specs[spec], "--yes", "--no-install", "--no-git"], { cwd: work });
    expect(result.stderr).toContain("wrote");
    expect(result.code).toBe(0);
    await linkNodeModules(project);
  });

  it("builds with tsc --strict", () => {
    const build = run("npm", ["run", "build"], project);
    expect(build.stdout + build.stderr).not.toMatch(/error TS/);
    expect(build.code).toBe(0);
  });

  it("passes its own generated tests", () => {
    const test = run("npm", ["test"], project);
    const output = test.stdout + test.stderr;
    expect(output).toMatch(/# fail 0|ℹ fail 0/);
    expect(output).toMatch(/ℹ pass [1-9]/);
    expect(test.code).toBe(0);
  });

  it("serves real requests and stops cleanly on SIGTERM", async () => {
    const server = await startServer(project);
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(project, "typespec-stack.json"), "utf8"));
      expect(manifest.answers.spec).toBe("spec");
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      // An unknown route is a 404, not a crash.
      expect((await fetch(`${server.url}/no/such/route`)).status).toBe(404);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("the petstore project stores and returns real rows", () => {
  it("creates, reads, lists, replaces and deletes a pet over HTTP", async () => {
    const project = path.join(work, "petstore");
    const server = await startServer(project);
    try {
      const post = await fetch(`${server.url}/pets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Rex", species: "dog", age: 3 }),
      });
      expect(post.status).toBe(201);
      const created = (await post.json()) as { id: number; name: string };
      expect(created).toMatchObject({ name: "Rex", species: "dog", age: 3 });
      expect(typeof created.id).toBe("number");

      expect(await (await fetch(`${server.url}/pets/${created.id}`)).json()).toEqual(created);
      const list = (await (await fetch(`${server.url}/pets?species=dog`)).json()) as { id: number }[];
      expect(list.map((p) => p.id)).toContain(created.id);

      const put = await fetch(`${server.url}/pets/${created.id}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Rex II", species: "dog" }),
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({ id: created.id, name: "Rex II" });

      const tooOld = await fetch(`${server.url}/pets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Old", species: "cat", age: 61 }),
      });
      expect(tooOld.status).toBe(400);
      expect(JSON.stringify(await tooOld.json())).toContain("age");

      expect((await fetch(`${server.url}/pets/${created.id}`, { method: "DELETE" })).status).toBe(204);
      const gone = await fetch(`${server.url}/pets/${created.id}`);
      expect(gone.status).toBe(404);
      // The 404 body has the spec's own error shape: ApiError { code, message }.
      expect(await gone.json()).toEqual({ code: "NOT_FOUND", message: expect.stringContaining(String(created.id)) });
    } finally {
      await server.stop();
    }
  });
});
