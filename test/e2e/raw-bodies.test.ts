/**
 * Bodies that are not JSON, and styled path parameters, end to end: the CLI warns at each body's
 * location instead of stopping, the project builds and passes its own tests, and a handler the user
 * writes receives each body in its raw form (a string, a Buffer, form fields, multipart parts with
 * files as Buffers) and each styled path parameter decoded, through the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { repoRoot, run, runCli, startServer, tempDir } from "./cli-helpers.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "specs", "uploads");

/** What a user writes in src/handlers/uploads.ts: each handler checks the input it was given. */
const HANDLERS = `import type { Repositories } from "../generated/repository.js";
import type { UploadsHandlers } from "../generated/types.js";
import { HttpError } from "../generated/runtime.js";

function check(ok: boolean, input: unknown): { status: 204 } {
  if (!ok) throw new HttpError(409, "unexpected input: " + JSON.stringify(input));
  return { status: 204 };
}

export function uploadsHandlers(_repos: Repositories): UploadsHandlers {
  return {
    async note(input) {
      return check(input.body === "hello, world", input.body);
    },
    async image(input) {
      return check(Buffer.isBuffer(input.body) && input.body.equals(Buffer.from([137, 80, 78, 71])), input.body);
    },
    async form(input) {
      return check(JSON.stringify(input.body) === JSON.stringify({ name: ["a", "b"], size: "3" }), input.body);
    },
    async avatar(input) {
      const { name, picture, tags } = input.body;
      return check(name === "Ada" && Buffer.isBuffer(picture) && picture.toString() === "PNG!" && JSON.stringify(tags) === '["x","y"]', { name, tags });
    },
    async files(input) {
      return check(JSON.stringify(input.params.path) === '["docs","a b.txt"]', input.params);
    },
    async tagged(input) {
      return check(JSON.stringify(input.params.tags) === '["red","blue"]', input.params);
    },
  };
}
`;

let work: string;
let project: string;
let cli: ReturnType<typeof runCli>;

beforeAll(async () => {
  work = tempDir("raw-bodies");
  await sharedNodeModules();
  project = path.join(work, "uploads");
  cli = runCli([project, "--spec", SPEC, "--yes", "--no-install", "--no-git"], { cwd: work });
  await linkNodeModules(project);
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("non-JSON bodies", () => {
  it("the CLI generates the project and warns at each non-JSON body's location", () => {
    expect(cli.code).toBe(0);
    const warnings = cli.stderr.split("\n").filter((line) => line.startsWith("warning "));
    expect(warnings).toEqual([
      expect.stringMatching(/uploads\/main\.tsp:18:\d+ - request body with content type text\/plain: taken as a string/),
      expect.stringMatching(/uploads\/main\.tsp:19:\d+ - request body with content type image\/png: taken as a Buffer/),
      expect.stringMatching(/uploads\/main\.tsp:20:\d+ - request body with content type application\/x-www-form-urlencoded/),
      expect.stringMatching(/uploads\/main\.tsp:21:\d+ - request body with content type multipart\/form-data: taken as its parts/),
    ]);
  });

  it("passes its own generated tests (every route reached, 501 until written)", () => {
    const test = run("npm", ["test"], project, 240_000);
    expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
    expect(test.code).toBe(0);
  }, 240_000);

  it("hands a written handler each body raw and each styled path parameter decoded, under the @server path", async () => {
    fs.writeFileSync(path.join(project, "src", "handlers", "uploads.ts"), HANDLERS);
    const build = run("npm", ["run", "build"], project);
    expect(build.stdout + build.stderr).not.toMatch(/error TS/);
    const server = await startServer(project);
    const send = async (method: string, route: string, body?: RequestInit["body"], contentType?: string) => {
      const response = await fetch(server.url + route, { method, body, headers: contentType ? { "content-type": contentType } : {} });
      return { status: response.status, text: await response.text() };
    };
    try {
      expect(await send("POST", "/api/uploads/note", "hello, world", "text/plain")).toEqual({ status: 204, text: "" });
      expect(await send("PUT", "/api/uploads/image", new Uint8Array([137, 80, 78, 71]), "image/png")).toEqual({ status: 204, text: "" });
      expect(await send("POST", "/api/uploads/form", "name=a&name=b&size=3", "application/x-www-form-urlencoded")).toEqual({
        status: 204,
        text: "",
      });
      const parts = new FormData();
      parts.append("name", "Ada");
      parts.append("picture", new Blob(["PNG!"], { type: "image/png" }), "ada.png");
      parts.append("tags", "x");
      parts.append("tags", "y");
      expect(await send("POST", "/api/uploads/avatar", parts)).toEqual({ status: 204, text: "" });
      expect(await send("GET", "/api/uploads/files/docs/a%20b.txt")).toEqual({ status: 204, text: "" });
      expect(await send("GET", "/api/uploads/tagged;tags=red,blue")).toEqual({ status: 204, text: "" });

      const noBoundary = await send("POST", "/api/uploads/avatar", "x", "multipart/form-data");
      expect(noBoundary.status).toBe(400);
      expect(noBoundary.text).toContain("boundary");
      // Parts cut short (no closing boundary): the client's mistake, a 400 (was a 500).
      const cut = await send(
        "POST",
        "/api/uploads/avatar",
        '--b\r\ncontent-disposition: form-data; name="name"\r\n\r\nAda',
        "multipart/form-data; boundary=b",
      );
      expect(cut.status).toBe(400);
      expect(cut.text).toMatch(/multipart body could not be read: Unexpected end of multipart data/);
      expect((await send("POST", "/uploads/note", "hello, world", "text/plain")).status).toBe(404);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
