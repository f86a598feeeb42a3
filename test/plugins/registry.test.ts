import { describe, expect, it } from "@jest/globals";
import { definePlugin, type StackPlugin } from "../../src/plugins/contract.ts";
import { allQuestions, enabledPlugins } from "../../src/plugins/registry.ts";
import { mergeContributions } from "../../src/plugins/contributions.ts";
import type { ApiModel } from "../../src/spec/model.ts";
import { allPlugins } from "../../src/index.ts";
import { coreQuestions } from "../../src/questions/core.ts";

const plugin = (name: string, extra: Partial<StackPlugin> = {}): StackPlugin =>
  definePlugin({ name, layer: "test", enabled: () => true, ...extra });

describe("definePlugin", () => {
  it("rejects a plugin without a valid name, layer or enabled()", () => {
    expect(() => definePlugin({ name: "Bad Name", layer: "x", enabled: () => true })).toThrow(/lowercase package-style name/);
    expect(() => definePlugin({ name: "ok", layer: "", enabled: () => true })).toThrow(/layer/);
    expect(() => definePlugin({ name: "ok", layer: "x" } as unknown as StackPlugin)).toThrow(/enabled/);
    expect(definePlugin({ name: "@acme/audit", layer: "x", enabled: () => true }).name).toBe("@acme/audit");
  });
});

describe("enabledPlugins", () => {
  it("keeps only enabled plugins and puts each after the plugins it requires", () => {
    const order = enabledPlugins(
      [
        plugin("server", { requires: ["base"] }),
        plugin("off", { enabled: () => false }),
        plugin("base"),
        plugin("db", { requires: ["server"] }),
      ],
      {},
    ).map((p) => p.name);
    expect(order).toEqual(["base", "server", "db"]);
  });

  it("names both plugins of a conflict, a missing requirement, a cycle and a duplicate name", () => {
    expect(() => enabledPlugins([plugin("sqlite", { conflicts: ["postgres"] }), plugin("postgres")], {})).toThrow(/sqlite and postgres/);
    expect(() => enabledPlugins([plugin("server", { requires: ["base"] })], {})).toThrow(/server requires plugin base/);
    expect(() => enabledPlugins([plugin("a", { requires: ["b"] }), plugin("b", { requires: ["a"] })], {})).toThrow(/cycle: a -> b -> a/);
    expect(() => enabledPlugins([plugin("a"), plugin("a")], {})).toThrow(/two plugins are named "a"/);
  });
});

describe("allQuestions", () => {
  it("joins plugin questions to the core list, tagged with their group, and rejects duplicates", () => {
    const core = [{ name: "name", message: "Name", type: "input" as const }];
    const list = allQuestions(core, [plugin("server", { questions: [{ name: "port", message: "Port", type: "input", default: 3000 }] })]);
    expect(list.map((q) => [q.name, q.group])).toEqual([
      ["name", "core"],
      ["port", "server"],
    ]);
    expect(() => allQuestions(core, [plugin("x", { questions: [{ name: "name", message: "again", type: "input" }] })])).toThrow(
      /"name" is declared by both core and x/,
    );
  });
});

describe("the real question list", () => {
  it("asks what matters first (name, spec, database, auth, deploy, events, extras) and tooling last, port at the end", () => {
    const list = allQuestions(coreQuestions({ env: {} }), allPlugins());
    expect(list.map((q) => q.name)).toEqual([
      "name",
      "spec",
      "target",
      "db",
      "auth",
      "deploy",
      "ingress",
      "ci",
      "events",
      "cache",
      "monitoring",
      "docs",
      "packageManager",
      "install",
      "git",
      "port",
    ]);
  });

  it("puts a third-party question without a topic after the built-in extras, before tooling", () => {
    const extra = plugin("@acme/audit", { questions: [{ name: "audit", message: "Audit log", type: "confirm", default: false }] });
    const names = allQuestions(coreQuestions({ env: {} }), allPlugins([extra])).map((q) => q.name);
    expect(names.indexOf("audit")).toBe(names.indexOf("docs") + 1);
    expect(names.indexOf("audit")).toBeLessThan(names.indexOf("packageManager"));
  });
});

describe("mergeContributions", () => {
  const api: ApiModel = { specPath: "main.tsp", services: [], models: {}, enums: {}, unions: {}, authSchemes: {} };
  const base = {
    answers: {},
    api,
    project: { name: "p", names: { original: "p", pascal: "P", camel: "p", kebab: "p", snake: "p" }, description: "" },
    tool: { name: "t", version: "0" },
    plugins: [],
  };

  it("pins dependency versions from the map, chains scripts, and keys data by plugin name", () => {
    const { ctx, collections } = mergeContributions(base, [
      plugin("server", {
        contribute: () => ({
          dependencies: ["fastify"],
          scripts: { test: "a" },
          data: { port: 1 },
          collections: { group: [{ fileName: "x" }] },
        }),
      }),
      plugin("@acme/extra-thing", {
        contribute: () => ({ extraDependencies: { "left-pad": "1.3.0" }, scripts: { test: "b" }, data: { y: 2 } }),
      }),
    ]);
    expect(ctx.dependencies).toEqual({ fastify: expect.stringMatching(/^\d+\.\d+\.\d+$/), "left-pad": "1.3.0" });
    expect(ctx.scripts.test).toBe("a && b");
    expect(ctx.server).toEqual({ port: 1 });
    expect(ctx.acmeExtraThing).toEqual({ y: 2 });
    expect(collections.server.group).toEqual([{ fileName: "x" }]);
  });

  it("a plugin that throws in contribute() is named in the error", () => {
    expect(() =>
      mergeContributions(base, [
        plugin("boom", {
          contribute: () => {
            throw new Error("kaput");
          },
        }),
      ]),
    ).toThrow(/plugin boom failed in contribute\(\): kaput/);
  });
});
