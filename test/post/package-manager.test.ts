import { describe, expect, it } from "@jest/globals";
import { detectPackageManager, formatCommand, installCommand, packageManagerCommands } from "../../src/post/package-manager.ts";

describe("detectPackageManager", () => {
  it.each([
    ["pnpm/9.1.0 npm/? node/v22.3.0 linux x64", "pnpm"],
    ["yarn/1.22.22 npm/? node/v22.3.0 darwin arm64", "yarn"],
    ["yarn/4.5.0 npm/? node/v22.3.0 linux x64", "yarn"],
    ["bun/1.1.30 npm/? node/v22.6.0 linux x64", "bun"],
    ["npm/10.8.1 node/v22.3.0 linux x64 workspaces/false", "npm"],
    ["cnpm/9.0.0 node/v22", "npm"],
    ["", "npm"],
  ])("reads %j as %s", (agent, expected) => {
    expect(detectPackageManager({ npm_config_user_agent: agent })).toBe(expected);
  });

  it("defaults to npm without a user agent", () => {
    expect(detectPackageManager({})).toBe("npm");
  });
});

describe("installCommand", () => {
  it.each([
    ["npm", "npm install"],
    ["pnpm", "pnpm install"],
    ["yarn", "yarn"],
    ["bun", "bun install"],
  ] as const)("%s installs with `%s`", (pm, line) => {
    expect(formatCommand(installCommand(pm))).toBe(line);
  });
});

describe("packageManagerCommands", () => {
  it("runs a project's own scripts (bun needs `run`: `bun test` is bun's test runner)", () => {
    expect(["npm", "pnpm", "yarn", "bun"].map((pm) => packageManagerCommands(pm as "npm").run("test"))).toEqual([
      "npm test",
      "pnpm test",
      "yarn test",
      "bun run test",
    ]);
    expect(packageManagerCommands("npm").run("dev")).toBe("npm run dev");
    expect(packageManagerCommands().lockfile).toBe("package-lock.json");
  });
});
