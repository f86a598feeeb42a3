import { describe, expect, it } from "@jest/globals";
import { formatNextSteps, nextSteps } from "../../src/cli/next-steps.ts";

const base = {
  folder: "my-api",
  pm: "npm" as const,
  installed: true,
  port: 3000,
  scripts: { dev: "tsx watch src/main.ts", test: "node --test" },
};

describe("nextSteps", () => {
  it("names the folder, dev with its URL, and the tests", () => {
    expect(formatNextSteps(nextSteps(base))).toBe(
      [
        "  cd my-api",
        "  npm run dev  # serves http://127.0.0.1:3000 and restarts on every save",
        "  npm test     # builds, then calls every route on a real server",
      ].join("\n"),
    );
  });

  it("shell-quotes a folder with spaces or quotes, and skips cd when the project is here", () => {
    expect(nextSteps({ ...base, folder: "my api's" })[0]!.command).toBe(`cd 'my api'\\''s'`);
    expect(nextSteps({ ...base, folder: "." }).map((s) => s.command)).toEqual(["npm run dev", "npm test"]);
  });

  it("adds the install when it was skipped and the token command when the project mints JWTs, in the chosen package manager", () => {
    const steps = nextSteps({
      ...base,
      pm: "bun",
      installed: false,
      port: 8080,
      scripts: { ...base.scripts, token: "node dist/src/auth/mint-token.js" },
    });
    expect(steps.map((s) => s.command)).toEqual(["cd my-api", "bun install", "bun run dev", "bun run test", "bun run token"]);
    expect(steps[2]!.note).toContain("http://127.0.0.1:8080");
  });

  it("a new project on a database server creates its databases, sets both URLs and migrates before dev and test", () => {
    expect(formatNextSteps(nextSteps({ ...base, db: "postgres", newProject: true }))).toBe(
      [
        "  cd my-api",
        "  createdb app && createdb app_test                                     # the app's database and the tests' own",
        "  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/app            # point it at your server (.env works too)",
        "  export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/app_test  # the tests migrate it and add rows to it",
        "  npm run migrate                                                       # creates the tables in DATABASE_URL",
        "  npm run dev                                                           # serves http://127.0.0.1:3000 and restarts on every save",
        "  npm test                                                              # builds, then calls every route on a real server",
      ].join("\n"),
    );
    expect(nextSteps({ ...base, db: "mysql", newProject: true, pm: "pnpm" }).map((s) => s.command)).toEqual([
      "cd my-api",
      "mysql -u root -e 'CREATE DATABASE app; CREATE DATABASE app_test'",
      "export DATABASE_URL=mysql://root@127.0.0.1:3306/app",
      "export TEST_DATABASE_URL=mysql://root@127.0.0.1:3306/app_test",
      "pnpm migrate",
      "pnpm dev",
      "pnpm test",
    ]);
  });

  it("SQLite needs no setup, and an update (not a new project) does not repeat the database setup", () => {
    const commands = (input: Partial<Parameters<typeof nextSteps>[0]>) => nextSteps({ ...base, ...input }).map((s) => s.command);
    expect(commands({ db: "sqlite", newProject: true })).toEqual(["cd my-api", "npm run dev", "npm test"]);
    expect(commands({ db: "postgres", newProject: false })).toEqual(["cd my-api", "npm run dev", "npm test"]);
  });
});
