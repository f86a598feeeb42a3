/**
 * Routing and bodies that were easy to get wrong (test/fixtures/specs/routing):
 * - a root `GET /{name}` routes every one-segment path to its handler, and a path no route takes
 *   is the router's 404 in the spec's error model (the generated 404 test asked for
 *   `/no-such-route`, which `/{name}` takes: it failed in the discriminated-unions sample);
 * - a body of any media type (`*\/*`) or of a family (`application/*`) reaches the handler as the
 *   raw bytes whatever the request's type (JSON and multipart were parsed before), another type
 *   is a 415, and no request waits for an answer;
 * - parameters from closed sets (enums, literal unions, patterns, formats) get samples the server
 *   takes, so the project passes its own generated tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { type ServedProject, generateAndBuild, repoRoot, run, servedProject } from "./cli-helpers.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "specs", "routing");
const SAMPLE = path.join(repoRoot, "test", "fixtures", "corpus", "discriminated-unions");

/**
 * What a user writes for the two raw-body routes: 204 when the body is the bytes this test sent
 * (their hex in x-expect), else 409; the generated tests send no x-expect.
 */
const HANDLERS = `import type { Repositories } from "../generated/repository.js";
import type { RoutingHandlers } from "../generated/types.js";
import { HttpError, notImplemented } from "../generated/runtime.js";

function check(body: Buffer, expected: unknown, type: string): { status: 204 } {
  if (expected !== undefined && (!Buffer.isBuffer(body) || body.toString("hex") !== expected)) throw new HttpError(409, \`not the bytes sent as \${type}\`);
  return { status: 204 };
}

export function routingHandlers(_repos: Repositories): RoutingHandlers {
  return {
    async greet() {
      throw notImplemented("src/handlers/routing.ts", "greet");
    },
    async raw(input, ctx) {
      return check(input.body, ctx.request.headers["x-expect"], input.headers["content-type"]);
    },
    async app(input, ctx) {
      return check(input.body, ctx.request.headers["x-expect"], input.headers["content-type"]);
    },
  };
}
`;

let served: ServedProject;

beforeAll(async () => {
  served = await servedProject("routing", ["--spec", SPEC, "--deploy", "none"], (project) =>
    fs.writeFileSync(path.join(project, "src", "handlers", "routing.ts"), HANDLERS),
  );
}, 300_000);

afterAll(() => served?.close());

/** Sends `body` as `type`; a request that gets no answer in 5 s fails the test instead of hanging it. */
async function send(method: string, route: string, type: string, body: string | Buffer) {
  const bytes = Buffer.from(body);
  const response = await fetch(served.url + route, {
    method,
    headers: { "content-type": type, "x-expect": bytes.toString("hex") },
    body: bytes,
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe("a root /{name} route", () => {
  it("takes every one-segment path; a path no route takes is the router's 404 in the spec's error model", async () => {
    const named = await fetch(`${served.url}/anything-at-all`);
    expect([named.status, await named.json()]).toEqual([501, { code: 501, message: expect.stringMatching(/greet is not implemented/) }]);
    const unknown = await fetch(`${served.url}/no/such/route`);
    expect([unknown.status, await unknown.json()]).toEqual([404, { code: 404, message: "no route for GET /no/such/route" }]);
  });
});

describe("bodies of any media type", () => {
  it("hand the handler the raw bytes of every type a */* route takes, JSON and multipart included", async () => {
    const png = Buffer.from([137, 80, 78, 71, 0, 255]);
    for (const [type, body] of [
      ["application/json", '{"a":1}'],
      ["text/plain; charset=utf-8", "hello"],
      ["multipart/form-data; boundary=x", "--x\r\nnot really parts"],
      ["application/x-www-form-urlencoded", "a=1&b=2"],
      ["image/png", png],
      ["*/*", "anything"],
    ] as const) {
      expect([type, await send("POST", "/raw", type, body)]).toEqual([type, { status: 204, body: undefined }]);
    }
  });

  it("take every application/ type on an application/* route and answer any other with 415", async () => {
    for (const type of ["application/json", "application/octet-stream", "application/vnd.acme+xml"]) {
      expect([type, (await send("PUT", "/app", type, "<x/>")).status]).toEqual([type, 204]);
    }
    const text = await send("PUT", "/app", "text/plain", "hello");
    expect(text).toEqual({ status: 415, body: { code: 415, message: expect.any(String) } });
    expect(fs.readFileSync(path.join(served.project, "README.md"), "utf8")).toMatch(
      /any media type \(`\*\/\*`, `application\/\*`\) gets the raw body/,
    );
  });
});

describe("the generated tests", () => {
  it("pass, with samples from each closed set (enums, literal unions, patterns, formats)", () => {
    const test = run("npm", ["test"], served.project, 240_000);
    const output = test.stdout + test.stderr;
    expect(output).toMatch(/ℹ fail 0/);
    expect(output).toMatch(/✔ GET \/search\/\{entity_type\}\/links reaches its handler/);
    expect(output).toMatch(/✔ GET \/sets\/\{entity_type\}\/\{shade\}\/\{sku\}\/\{count\}\/\{code\} reaches its handler/);
    expect(test.code).toBe(0);
  }, 300_000);

  it("pass for the discriminated-unions sample, whose root GET /{id} took the 404 test's path", async () => {
    const sample = path.join(served.work, "widgets");
    await generateAndBuild(sample, ["--yes", "--no-install", "--no-git", "--spec", SAMPLE, "--deploy", "none"], served.work);
    const test = run("npm", ["test"], sample, 240_000);
    expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
    expect(test.code).toBe(0);
  }, 400_000);
});
