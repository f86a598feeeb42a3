/**
 * The steps printed after generation, as a user reads them: the folder as they typed it (an
 * absolute one stays absolute), and for a database server the setup before `dev` and `test`.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { runCli, tempDir } from "./cli-helpers.ts";

let work: string;
beforeAll(() => {
  work = tempDir("next-steps");
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Everything from "Next:" on, as printed. */
const nextOf = (stderr: string) => stderr.slice(stderr.indexOf("Next:"));

it("an absolute SQLite target: cd to the absolute path, install, dev, test; nothing to set up", () => {
  const target = path.join(work, "abs-api");
  const result = runCli([target, "--yes", "--no-install", "--no-git"], { cwd: path.join(work) });
  expect(result.code).toBe(0);
  // The folder as given (absolute), whatever the count of files.
  expect(result.stderr).toMatch(new RegExp(`✔ wrote \\d+ files to ${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n`));
  expect(nextOf(result.stderr)).toBe(
    [
      "Next:",
      `  cd ${target}`,
      "  npm install",
      "  npm run dev  # serves http://127.0.0.1:3000 and restarts on every save",
      "  npm test     # builds, then calls every route on a real server",
      "",
    ].join("\n"),
  );
});

it("a relative PostgreSQL target: cd as typed, then create the databases, set both URLs, migrate", () => {
  const result = runCli(["./pg-api", "--db", "postgres", "--yes", "--no-install", "--no-git"], { cwd: work });
  expect(result.code).toBe(0);
  expect(nextOf(result.stderr)).toBe(
    [
      "Next:",
      "  cd ./pg-api",
      "  npm install",
      "  createdb app && createdb app_test                                     # the app's database and the tests' own",
      "  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/app            # point it at your server (.env works too)",
      "  export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/app_test  # the tests migrate it and add rows to it",
      "  npm run migrate                                                       # creates the tables in DATABASE_URL",
      "  npm run dev                                                           # serves http://127.0.0.1:3000 and restarts on every save",
      "  npm test                                                              # builds, then calls every route on a real server",
      "",
    ].join("\n"),
  );
  // The README's "Run it" shows the same setup.
  const readme = fs.readFileSync(path.join(work, "pg-api/README.md"), "utf8");
  expect(readme).toContain(
    "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/app_test  # the tests migrate it and add rows to it\n",
  );
  expect(readme).toContain("createdb app && createdb app_test");
});
