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
});
