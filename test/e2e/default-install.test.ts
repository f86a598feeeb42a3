/**
 * The README's first command, as a new user runs it: `--yes` on the bundled example, with a real
 * `npm install` from the registry, then the project's own build, tests and server.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { run, runCli, startServer, tempDir } from "./cli-helpers.ts";

let work: string;
beforeAll(() => {
  work = tempDir("default");
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it("`create-typespec-stack my-api --yes` installs a project that builds, tests and serves", async () => {
  const result = runCli(["my-api", "--yes"], { cwd: work });
  expect(result.stderr).toMatch(/Installing dependencies|npm install/i);
  expect(result.code).toBe(0);
  const project = path.join(work, "my-api");
  expect(fs.existsSync(path.join(project, "node_modules", "fastify"))).toBe(true);
  expect(fs.existsSync(path.join(project, "package-lock.json"))).toBe(true);
  // git init made a first commit with everything in it.
  expect(run("git", ["log", "--oneline"], project).stdout).toMatch(/Initial commit/);

  // `npm start` first, as a user who skips the build would: it must build and serve on its own.
  const server = await startServer(project, ["npm", "start"]);
  try {
    expect((await fetch(`${server.url}/pets`)).status).toBe(200);
    // Monitoring is on by default: the request just made is counted.
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(
      /^http_requests_total\{method="GET",route="\/pets",status_code="200"\} 1$/m,
    );
  } finally {
    await server.stop();
  }

  const test = run("npm", ["test"], project);
  expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
  expect(test.code).toBe(0);
}, 600_000);
