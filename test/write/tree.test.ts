import { describe, expect, it } from "@jest/globals";
import { StackError } from "../../src/diagnostics.ts";
import { FileTree } from "../../src/write/tree.ts";

function addError(path: string, source?: string): StackError {
  const tree = new FileTree();
  try {
    tree.add(path, "x", source ? { owner: "generated", source } : { owner: "generated" });
  } catch (error) {
    expect(tree.size).toBe(0);
    return error as StackError;
  }
  throw new Error(`expected ${path} to be rejected`);
}

describe("FileTree", () => {
  it("normalises harmless paths", () => {
    const tree = new FileTree();
    expect(tree.add("./src//a/./b.ts", "1", { owner: "generated" })).toBe("src/a/b.ts");
    expect(tree.add("src/x/../c.ts", "2", { owner: "generated" })).toBe("src/c.ts");
    expect(tree.paths()).toEqual(["src/a/b.ts", "src/c.ts"]);
    expect(tree.get("src/a/b.ts")?.content).toBe("1");
    expect(tree.has("./src/c.ts")).toBe(true);
  });

  it.each([
    "../x",
    "/etc/x",
    "a/../../x",
    "..",
    "a\\..\\..\\x",
    "C:/x",
    "a/\0b",
    "",
    ".",
    "a/",
    "a/..",
    ".git/hooks/pre-commit",
    "sub/.GIT/config",
  ])("rejects %j as a path escape", (bad) => {
    const error = addError(bad);
    expect(error).toBeInstanceOf(StackError);
    expect(error.code).toBe("path-escape");
    expect(error.message).toContain(JSON.stringify(bad));
  });

  it("names the template a bad path came from", () => {
    const error = addError("../../etc/passwd", "templates/server/[name].ts.hbs");
    expect(error.message).toContain("templates/server/[name].ts.hbs");
    expect(error.message).toContain("../../etc/passwd");
  });

  it("lets a later add replace an earlier one (team overrides, later plugins)", () => {
    const tree = new FileTree();
    tree.add("README.md", "plugin", { owner: "generated", source: "plugin/README.md.hbs" });
    tree.add("README.md", "team", { owner: "user", source: "team/README.md.hbs" });
    expect(tree.entries()).toEqual([{ path: "README.md", content: "team", owner: "user", source: "team/README.md.hbs" }]);
  });

  it("answers lookups of impossible paths with not-found instead of throwing", () => {
    const tree = new FileTree();
    expect(tree.has("../x")).toBe(false);
    expect(tree.get("/etc/passwd")).toBeUndefined();
  });

  it("lists paths in a stable order", () => {
    const tree = new FileTree();
    for (const p of ["b.ts", "a/z.ts", "a.ts", "B.ts"]) tree.add(p, "", { owner: "generated" });
    expect(tree.paths()).toEqual(["B.ts", "a.ts", "a/z.ts", "b.ts"]);
  });
});
