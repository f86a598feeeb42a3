import { describe, expect, it } from "@jest/globals";
import { coreQuestions, defaultProjectName } from "../../src/questions/core.ts";
import { toValidPackageName, validatePackageName } from "../../src/questions/package-name.ts";
import { defaultFor, flagName } from "../../src/questions/naming.ts";

describe("core questions", () => {
  const byName = (name: string) => coreQuestions({ targetDir: "Shop API", cwd: "/tmp", env: {} }).find((q) => q.name === name)!;

  it("are name, spec, target, packageManager, install, git, port, with their flags", () => {
    const list = coreQuestions({ env: {} });
    expect(list.map((q) => [q.name, q.type, flagName(q)])).toEqual([
      ["name", "input", "name"],
      ["spec", "input", "spec"],
      ["target", "select", "target"],
      ["packageManager", "select", "pm"],
      ["install", "confirm", "install"],
      ["git", "confirm", "git"],
      ["port", "input", "port"],
    ]);
    expect(list.every((q) => q.group === "core")).toBe(true);
  });

  it("default the name from the target folder", () => {
    expect(defaultFor(byName("name"), {})).toBe("shop-api");
    expect(defaultProjectName(".", "/home/me/Billing Service")).toBe("billing-service");
    expect(defaultProjectName(undefined)).toBe("my-api");
  });

  it("default the package manager from npm_config_user_agent", () => {
    const pm = (agent?: string) =>
      defaultFor(
        coreQuestions({ env: { npm_config_user_agent: agent } }).find((q) => q.name === "packageManager")!,
        {},
      );
    expect(pm("pnpm/9.1.0 npm/? node/v22.3.0 linux x64")).toBe("pnpm");
    expect(pm("yarn/1.22.22 npm/? node/v22.3.0")).toBe("yarn");
    expect(pm("bun/1.1.0 npm/? node/v22.3.0")).toBe("bun");
    expect(pm(undefined)).toBe("npm");
    expect(pm("cnpm/1")).toBe("npm");
  });

  it("default install and git to true and spec to the bundled example", () => {
    expect(defaultFor(byName("install"), {})).toBe(true);
    expect(defaultFor(byName("git"), {})).toBe(true);
    expect(defaultFor(byName("spec"), {})).toBe("");
    expect(byName("spec").validate?.("./api/openapi.yaml", {})).toMatch(/not a TypeSpec file/);
    expect(byName("spec").validate?.("./api", {})).toBe(true);
  });
});

describe("package names", () => {
  it("accepts npm names, scoped ones included", () => {
    for (const name of ["my-api", "a.b_c~d", "@acme/shop-api", "api2"]) expect(validatePackageName(name)).toBe(true);
  });

  it("rejects names npm would refuse, saying why", () => {
    expect(validatePackageName("My-API")).toMatch(/lowercase/);
    expect(validatePackageName("my api")).toMatch(/spaces/);
    expect(validatePackageName(".hidden")).toMatch(/must not start with/);
    expect(validatePackageName("")).toMatch(/empty/);
    expect(validatePackageName("a".repeat(215))).toMatch(/214/);
    expect(validatePackageName("caf\u00e9")).toMatch(/may only use/);
    expect(validatePackageName("http")).toMatch(/reserved/);
    expect(validatePackageName("@acme")).toMatch(/@scope\/name/);
  });

  it("turns any folder name into a valid one", () => {
    expect(toValidPackageName("  My Cool_API! ")).toBe("my-cool-api");
    expect(toValidPackageName("__x")).toBe("x");
    expect(toValidPackageName("!!!")).toBe("my-api");
    expect(toValidPackageName("fs")).toBe("my-api");
  });
});
