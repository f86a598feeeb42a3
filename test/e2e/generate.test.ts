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

describe("the generated routes' schemas", () => {
  it("compile on a route's first request: a schema that cannot compile answers 500 there and stops nothing else", () => {
    // The petstore's own compilers module, on a Fastify app of its own: one route whose schema
    // names a schema that does not exist, one that is sound. Compiled before listening, the broken
    // one would stop the start; compiled on first use, only its own requests fail.
    const script = `
      import Fastify from "fastify";
      import { lazyCompilers } from "./dist/src/generated/compilers.js";
      const app = Fastify({ logger: false });
      app.addSchema({ $id: "Age", type: "integer", minimum: 0 });
      const compilers = lazyCompilers(app);
      const answer = async (request) => ({ age: request.query.age });
      app.get("/broken", { ...compilers, schema: { querystring: { type: "object", properties: { age: { $ref: "Missing#" } } } } }, answer);
      app.get("/sound", { ...compilers, schema: { querystring: { type: "object", properties: { age: { $ref: "Age#" } } },
        response: { 200: { type: "object", properties: { age: { type: "integer" } } } } } }, answer);
      await app.ready();
      const results = [];
      for (const url of ["/broken?age=3", "/sound?age=3", "/sound?age=-1", "/broken?age=3"]) {
        const response = await app.inject({ url });
        results.push([url, response.statusCode, response.json()]);
      }
      console.log(JSON.stringify(results));
      await app.close();
    `;
    const result = run("node", ["--input-type=module", "-e", script], path.join(work, "petstore"));
    expect(result.stderr).toBe("");
    const results = JSON.parse(result.stdout) as [string, number, Record<string, unknown>][];
    expect(results.map(([url, status]) => [url, status])).toEqual([
      ["/broken?age=3", 500],
      ["/sound?age=3", 200],
      ["/sound?age=-1", 400],
      ["/broken?age=3", 500],
    ]);
    expect(results[1][2]).toEqual({ age: 3 });
    expect(results[2][2].message).toMatch(/querystring\/age must be >= 0/);
  });
});
