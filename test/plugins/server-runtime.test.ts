/**
 * The generated server's start-up wiring, from the rendered files (issue 22); test/e2e/runtime.test.ts
 * runs the same things in generated projects.
 */
import { describe, expect, it } from "@jest/globals";
import path from "node:path";
import { scaffold } from "../../src/index.ts";
import { testDatabaseHint } from "../../generators/database.ts";
import { PETSTORE } from "../spec/tmp-spec.ts";

async function files(answers: Record<string, unknown>) {
  const { tree } = await scaffold({
    target: path.join("/tmp", "cts-runtime-probe"),
    answers: { name: "p", spec: PETSTORE, install: false, git: false, port: 3000, ...answers },
    dryRun: true,
  });
  return (file: string) => String(tree.get(file)?.content ?? "");
}

describe("generated scripts", () => {
  it("read .env through src/env.ts, never Node's --env-file-if-exists (it prints a notice on every start without one)", async () => {
    const read = await files({ db: "postgres", auth: "jwt" });
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(Object.values(scripts).join("\n")).not.toContain("--env-file");
    expect(scripts.dev).toBe("node scripts/dev.mjs");
    expect(scripts.test).toBe(
      'tsc -p tsconfig.json && node dist/test/support/preflight.js && node --test --test-reporter=spec "dist/test/**/*.test.js"',
    );
    expect(read("src/env.ts")).toContain('if (existsSync(".env")) process.loadEnvFile(".env");');
    // Before every other import of the entry points; the migrate command loads it only when run as one.
    expect(read("src/main.ts")).toMatch(/^import "\.\/env\.js";\nimport /m);
    expect(read("src/main.ts").indexOf('import "./env.js"')).toBeLessThan(read("src/main.ts").indexOf("import {"));
    expect(read("src/auth/mint-token.ts")).toMatch(/^import "\.\.\/env\.js";$/m);
    expect(read("src/db/migrate.ts")).toContain('  await import("../env.js");');
    expect(read("src/storage.ts")).not.toContain("env.js");
  });
});

describe("the tests' database", () => {
  it("names what to set and how to create it, for each server database", () => {
    expect(testDatabaseHint("postgres")).toBe(
      "set TEST_DATABASE_URL to a PostgreSQL database the tests may write to (they add rows to it), e.g. " +
        'TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/app_test (create it first: createdb -h 127.0.0.1 -U postgres app_test); see README.md, "Database"',
    );
    expect(testDatabaseHint("mysql")).toBe(
      "set TEST_DATABASE_URL to a MySQL database the tests may write to (they add rows to it), e.g. " +
        'TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/app_test (create it first: mysql -h 127.0.0.1 -u root -e "create database app_test"); see README.md, "Database"',
    );
    expect(testDatabaseHint("sqlite")).toBeUndefined();
  });

  it("is checked by a preflight before the test files, against the storage the project has", async () => {
    for (const db of ["postgres", "sqlite", "none"]) {
      const read = await files({ db });
      expect(read("test/support/preflight.ts")).toContain('import { testStorageProblem } from "../../src/storage.js";');
      expect(read("src/storage.ts")).toContain("export function testStorageProblem(): string | undefined {");
    }
    expect((await files({ db: "postgres" }))("src/db/dialect.ts")).toContain(JSON.stringify(testDatabaseHint("postgres")));
  });
});
