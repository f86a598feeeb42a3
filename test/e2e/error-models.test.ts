/**
 * Error answers in the spec's own error models, however much those models require: a status, an
 * enum, a time, a nested model, a uuid (test/fixtures/specs/error-models). Every error the server
 * gives (404, 400, 405, 501 and the router's 404) must fit the schema docs/openapi.yaml publishes
 * for it, never become a 500 because the body failed its own serialisation, and a 400 must name
 * the failing field even where the model has no `message` (`{ errorCode, reason }`). The project's
 * own generated tests pass too.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Ajv2020 } from "ajv/dist/2020.js";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { sharedNodeModules } from "../helpers/generated-deps.ts";
import { generateAndBuild, jsonCaller, repoRoot, run, startServer, tempDir } from "./cli-helpers.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "specs", "error-models");

let work: string;
let project: string;
let server: Awaited<ReturnType<typeof startServer>>;
let call: ReturnType<typeof jsonCaller>;
let schemas: Record<string, unknown>;

beforeAll(async () => {
  work = tempDir("error-models");
  await sharedNodeModules();
  project = path.join(work, "errors");
  await generateAndBuild(project, ["--yes", "--no-install", "--no-git", "--spec", SPEC, "--deploy", "none"], work);
  schemas = (
    parse(fs.readFileSync(path.join(project, "docs", "openapi.yaml"), "utf8")) as { components: { schemas: Record<string, unknown> } }
  ).components.schemas;
  server = await startServer(project, undefined, { DATABASE_URL: path.join(work, "errors.db"), MIGRATE_ON_START: "true" });
  call = jsonCaller(server.url);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Why `body` does not fit the document's schema `name`, if it does not (formats are checked by the callers). */
function fits(name: string, body: unknown): string | undefined {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  for (const [key, schema] of Object.entries(schemas)) ajv.addSchema(schema as object, `#/components/schemas/${key}`);
  const validate = ajv.getSchema(`#/components/schemas/${name}`)!;
  return validate(body) ? undefined : ajv.errorsText(validate.errors);
}

describe("an error model with required fields beyond the message", () => {
  it("fills every error answer so that it fits the published schema", async () => {
    const answers = {
      404: await call("GET", "/things/999"),
      400: await call("POST", "/things", { name: "" }),
      501: await call("GET", "/things/report/latest"),
      405: await call("DELETE", "/things"),
      unknown: await call("GET", "/no/such/route"),
    };
    for (const [expected, answer] of Object.entries(answers)) {
      expect([expected, answer.status]).toEqual([expected, expected === "unknown" ? 404 : Number(expected)]);
      expect([expected, fits("ApiError", answer.body)]).toEqual([expected, undefined]);
      expect(answer.body.status).toBe(answer.status);
      expect(answer.body.incident).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    // The enum member that spells the status, the message naming the field, the time of the answer.
    expect(answers[404].body.reason).toBe("NOT_FOUND");
    expect(answers[501].body.reason).toBe("NOT_IMPLEMENTED");
    expect(answers[400].body.message).toMatch(/name/);
    expect(Math.abs(Date.parse(answers[400].body.at) - Date.now())).toBeLessThan(60_000);
  });

  it("names the failing field in a `{ errorCode, reason }` model, which has no message", async () => {
    const answer = await call("POST", "/portal", { name: "" });
    expect(answer.status).toBe(400);
    expect(fits("PortalError", answer.body)).toBeUndefined();
    expect(answer.body).toEqual({ errorCode: "BAD_REQUEST", reason: expect.stringMatching(/name/) });
  });

  it("passes its own generated tests, and so does seichi-portal's ({ errorCode, reason }, uuid keys)", async () => {
    const portal = path.join(work, "portal");
    await generateAndBuild(
      portal,
      [
        "--yes",
        "--no-install",
        "--no-git",
        "--spec",
        path.join(repoRoot, "test", "fixtures", "corpus", "seichi-portal"),
        "--deploy",
        "none",
      ],
      work,
    );
    const portalTest = run("npm", ["test"], portal, 240_000);
    expect(portalTest.stdout + portalTest.stderr).toMatch(/ℹ fail 0/);
    expect(portalTest.code).toBe(0);
    const test = run("npm", ["test"], project, 240_000);
    expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
    expect(test.code).toBe(0);
  }, 600_000);
});
