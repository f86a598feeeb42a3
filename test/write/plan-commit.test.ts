import { describe, expect, it, afterEach } from "@jest/globals";
import { mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { StackError } from "../../src/diagnostics.ts";
import { commitPlan } from "../../src/write/commit.ts";
import { buildManifest, MANIFEST_FILE } from "../../src/write/manifest.ts";
import { planWrite } from "../../src/write/plan.ts";
import type { Plan } from "../../src/write/plan.ts";
import { FileTree } from "../../src/write/tree.ts";
import { removeDir, sampleTree, snapshot, tempDir, tempLeftovers } from "./helpers.ts";

const meta = { tool: { name: "create-typespec-stack", version: "0.1.0" }, answers: { db: "sqlite" } };

/** What the pipeline does: record the manifest in the tree, plan, commit. */
async function generate(tree: FileTree, target: string, force = false) {
  tree.add(MANIFEST_FILE, buildManifest(tree, meta), { owner: "generated" });
  const plan = await planWrite(tree, target, { force });
  const result = await commitPlan(plan, tree);
  return { plan, ...result };
}

function actions(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.entries.map((e) => [e.path, e.action]));
}

async function caught(promise: Promise<unknown>): Promise<StackError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StackError);
  return error as StackError;
}

let dirs: string[] = [];
async function workspace(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs) await removeDir(dir);
  dirs = [];
});

describe("a new project", () => {
  it("lands complete, with the folder's normal permissions and no temporary sibling", async () => {
    const root = await workspace();
    const target = path.join(root, "my-api");
    const tree = sampleTree();
    const { plan, written } = await generate(tree, target);

    expect(plan.isNewProject).toBe(true);
    expect(plan.target).toBe(target);
    expect(new Set(plan.entries.map((e) => e.action))).toEqual(new Set(["create"]));
    expect(written).toEqual(tree.paths());
    for (const file of tree.entries()) expect(await readFile(path.join(target, file.path), "utf8")).toBe(file.content);
    expect(await readdir(root)).toEqual(["my-api"]);

    await mkdir(path.join(root, "reference"));
    expect((await stat(target)).mode & 0o777).toBe((await stat(path.join(root, "reference"))).mode & 0o777);
  });

  it("fills an existing empty folder, and creates missing parent folders", async () => {
    const root = await workspace();
    await mkdir(path.join(root, "empty"));
    await generate(sampleTree(), path.join(root, "empty"));
    expect(await readFile(path.join(root, "empty/README.md"), "utf8")).toBe("# my-api\n");

    await generate(sampleTree(), path.join(root, "deep/er/api"));
    expect(await readFile(path.join(root, "deep/er/api/README.md"), "utf8")).toBe("# my-api\n");
    expect(await tempLeftovers(root)).toEqual([]);
  });

  it("treats a folder holding only .git as empty and keeps the .git", async () => {
    const target = path.join(await workspace(), "cloned");
    await mkdir(path.join(target, ".git"), { recursive: true });
    await writeFile(path.join(target, ".git/HEAD"), "ref: refs/heads/main\n");
    const { plan } = await generate(sampleTree(), target);
    expect(plan.isNewProject).toBe(true);
    expect(await readFile(path.join(target, ".git/HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    expect(await readFile(path.join(target, "README.md"), "utf8")).toBe("# my-api\n");
    expect(await tempLeftovers(target)).toEqual([]);
  });

  it("refuses a non-empty folder it did not create, leaving it byte-for-byte untouched", async () => {
    const target = await workspace();
    await writeFile(path.join(target, "README.md"), "mine\n");
    await mkdir(path.join(target, "notes"));
    await writeFile(path.join(target, "notes/todo.txt"), "buy milk\n");
    const before = await snapshot(target);

    const error = await caught(generate(sampleTree(), target));
    expect(error.code).toBe("target-not-empty");
    expect(error.message).toContain(target);
    expect(error.details.join("\n")).toContain("README.md");
    expect(await snapshot(target)).toEqual(before);
  });

  it("refuses a target that is a file", async () => {
    const file = path.join(await workspace(), "taken");
    await writeFile(file, "x");
    expect((await caught(planWrite(sampleTree(), file))).code).toBe("target-not-empty");
    expect(await readFile(file, "utf8")).toBe("x");
  });

  it("with --force writes into a foreign folder: overwrite different, skip identical, keep user files", async () => {
    const target = await workspace();
    await writeFile(path.join(target, "README.md"), "old readme\n");
    await writeFile(path.join(target, "package.json"), '{ "name": "my-api" }\n');
    await mkdir(path.join(target, "src/handlers"), { recursive: true });
    await writeFile(path.join(target, "src/handlers/pets.ts"), "// my handler\n");
    await writeFile(path.join(target, "other.txt"), "unrelated\n");

    const { plan, written } = await generate(sampleTree(), target, true);
    expect(plan.isNewProject).toBe(false);
    expect(actions(plan)).toEqual({
      "README.md": "overwrite",
      "package.json": "identical",
      "src/generated/routes.ts": "create",
      "src/handlers/pets.ts": "keep",
      [MANIFEST_FILE]: "create",
    });
    expect(written).toEqual(["README.md", "src/generated/routes.ts", MANIFEST_FILE]);
    expect(await readFile(path.join(target, "README.md"), "utf8")).toBe("# my-api\n");
    expect(await readFile(path.join(target, "src/handlers/pets.ts"), "utf8")).toBe("// my handler\n");
    expect(await readFile(path.join(target, "other.txt"), "utf8")).toBe("unrelated\n");
    expect(await tempLeftovers(target)).toEqual([]);
  });

  it("leaves the target absent and no temporary folder when a write fails midway", async () => {
    const root = await workspace();
    const target = path.join(root, "my-api");
    const tree = sampleTree();
    tree.add("src", "a file where a folder must be", { owner: "generated" }); // then src/... cannot be written
    const plan = await planWrite(tree, target, {});

    const error = await caught(commitPlan(plan, tree));
    expect(error.code).toBe("write-failed");
    expect(error.message).toContain(target);
    expect(await readdir(root)).toEqual([]);
  });

  it("removes parent folders it created when the write fails", async () => {
    const root = await workspace();
    const tree = new FileTree();
    tree.add("a", "x", { owner: "generated" });
    tree.add("a/b", "y", { owner: "generated" });
    const plan = await planWrite(tree, path.join(root, "new/parent/my-api"), {});
    expect((await caught(commitPlan(plan, tree))).code).toBe("write-failed");
    expect(await readdir(root)).toEqual([]);
  });
});

describe("cancelling a commit", () => {
  it("stops at the next file, removes the temporary folder and leaves no target", async () => {
    const root = await workspace();
    const target = path.join(root, "my-api");
    const tree = sampleTree();
    const plan = await planWrite(tree, target, {});
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await caught(
      commitPlan(plan, tree, {
        signal: controller.signal,
        onFile: (p) => {
          seen.push(p);
          controller.abort();
        },
      }),
    );
    expect(error.code).toBe("cancelled");
    expect(seen).toHaveLength(1);
    expect(await readdir(root)).toEqual([]);
  });

  it("treats SIGINT the same way, and removes its signal handlers afterwards", async () => {
    const root = await workspace();
    const target = path.join(root, "my-api");
    const tree = sampleTree();
    const plan = await planWrite(tree, target, {});
    const before = { int: process.listenerCount("SIGINT"), term: process.listenerCount("SIGTERM") };
    // Emitting (not sending) the signal reaches only listeners; with none but ours, the test runner is safe.
    expect(before.int).toBe(0);
    const error = await caught(commitPlan(plan, tree, { onFile: () => process.emit("SIGINT", "SIGINT") }));
    expect(error.code).toBe("cancelled");
    expect(error.message).toContain("SIGINT");
    expect(await readdir(root)).toEqual([]);
    expect({ int: process.listenerCount("SIGINT"), term: process.listenerCount("SIGTERM") }).toEqual(before);

    await commitPlan(plan, tree);
    expect(process.listenerCount("SIGINT")).toBe(before.int);
  });
});

describe("updating a generated project", () => {
  /** v1 generated; then v2 of the tree changes routes.ts and package.json and adds a file. */
  async function setup() {
    const target = path.join(await workspace(), "my-api");
    await generate(sampleTree(), target);
    const v2 = sampleTree();
    v2.add("src/generated/routes.ts", "export const routes = ['/pets'];\n", { owner: "generated" });
    v2.add("package.json", '{ "name": "my-api", "version": "2" }\n', { owner: "generated" });
    v2.add("src/handlers/pets.ts", "export function listPets() { /* new stub */ }\n", { owner: "user" });
    v2.add("src/generated/new.ts", "export {};\n", { owner: "generated" });
    v2.add(MANIFEST_FILE, buildManifest(v2, meta), { owner: "generated" });
    return { target, v2 };
  }

  it("rewrites untouched generated files, leaves identical ones, and keeps user files", async () => {
    const { target, v2 } = await setup();
    const plan = await planWrite(v2, target, {});
    expect(plan.isNewProject).toBe(false);
    expect(actions(plan)).toEqual({
      "README.md": "identical",
      "package.json": "overwrite",
      "src/generated/new.ts": "create",
      "src/generated/routes.ts": "overwrite",
      "src/handlers/pets.ts": "keep",
      [MANIFEST_FILE]: "overwrite",
    });
    const { written } = await commitPlan(plan, v2);
    expect(written).toEqual(["package.json", "src/generated/new.ts", "src/generated/routes.ts", MANIFEST_FILE]);
    expect(await readFile(path.join(target, "src/generated/routes.ts"), "utf8")).toBe("export const routes = ['/pets'];\n");
    expect(await readFile(path.join(target, "src/handlers/pets.ts"), "utf8")).toBe("export function listPets() {}\n");
    expect(await tempLeftovers(target)).toEqual([]);

    // The new manifest records v2, so a second update finds nothing to do.
    const again = await planWrite(v2, target, {});
    expect(new Set(again.entries.map((e) => e.action))).toEqual(new Set(["identical", "keep"]));
  });

  it("reports a user-edited generated file as a conflict; commit refuses and keeps the edit", async () => {
    const { target, v2 } = await setup();
    await writeFile(path.join(target, "package.json"), '{ "name": "my-api", "private": true }\n');
    await writeFile(path.join(target, "src/handlers/pets.ts"), "// my real code\n");
    const before = await snapshot(target);

    const plan = await planWrite(v2, target, {});
    expect(plan.entries.find((e) => e.path === "package.json")).toMatchObject({
      action: "conflict",
      reason: "changed since it was generated",
    });
    expect(plan.entries.find((e) => e.path === "src/handlers/pets.ts")?.action).toBe("keep");

    const error = await caught(commitPlan(plan, v2));
    expect(error.code).toBe("target-conflict");
    expect(error.details.join("\n")).toContain("package.json");
    expect(await snapshot(target)).toEqual(before);
  });

  it("with --force overwrites the edited generated file but still keeps user files", async () => {
    const { target, v2 } = await setup();
    await writeFile(path.join(target, "package.json"), '{ "edited": true }\n');
    await writeFile(path.join(target, "src/handlers/pets.ts"), "// my real code\n");

    const plan = await planWrite(v2, target, { force: true });
    expect(actions(plan)["package.json"]).toBe("overwrite");
    expect(actions(plan)["src/handlers/pets.ts"]).toBe("keep");
    await commitPlan(plan, v2);
    expect(await readFile(path.join(target, "package.json"), "utf8")).toBe('{ "name": "my-api", "version": "2" }\n');
    expect(await readFile(path.join(target, "src/handlers/pets.ts"), "utf8")).toBe("// my real code\n");
  });

  it("recreates a generated or user file the user deleted", async () => {
    const { target, v2 } = await setup();
    await removeDir(path.join(target, "src/handlers"));
    const plan = await planWrite(v2, target, {});
    expect(actions(plan)["src/handlers/pets.ts"]).toBe("create");
  });

  it("calls a file it never generated, now in its way, a conflict", async () => {
    const { target, v2 } = await setup();
    await writeFile(path.join(target, "src/generated/new.ts"), "// mine\n");
    const plan = await planWrite(v2, target, {});
    expect(plan.entries.find((e) => e.path === "src/generated/new.ts")).toMatchObject({
      action: "conflict",
      reason: "exists but was not generated by create-typespec-stack",
    });
  });

  it("never replaces a folder with a file, even with --force", async () => {
    const { target, v2 } = await setup();
    await removeDir(path.join(target, "README.md"));
    await mkdir(path.join(target, "README.md"));
    const plan = await planWrite(v2, target, { force: true });
    expect(actions(plan)["README.md"]).toBe("conflict");
  });

  it("leaves the project untouched when a staged rename fails", async () => {
    const { target } = await setup();
    const tree = new FileTree();
    tree.add("x", "a file", { owner: "generated" });
    tree.add("x/y", "needs x to be a folder", { owner: "generated" });
    const before = await snapshot(target);
    const plan = await planWrite(tree, target, {});
    const error = await caught(commitPlan(plan, tree));
    expect(error.code).toBe("write-failed");
    expect(await snapshot(target)).toEqual(before);
  });
});

describe("files the last generation wrote and this one does not", () => {
  /** v1 has an auth layer (two files in src/auth/) and a spec copy; v2 drops the layer and the extra spec file. */
  async function setup() {
    const target = path.join(await workspace(), "my-api");
    const v1 = sampleTree();
    v1.add("src/auth/config.ts", "export const auth = 1;\n", { owner: "generated" });
    v1.add("src/auth/jwt.ts", "export const jwt = 1;\n", { owner: "generated" });
    v1.add("spec/models.tsp", "model X {}\n", { owner: "generated" });
    await generate(v1, target);
    const v2 = sampleTree();
    v2.add(MANIFEST_FILE, buildManifest(v2, meta), { owner: "generated" });
    return { target, v2 };
  }

  it("are removed when unchanged, with the folders they leave empty; the spec copy stays", async () => {
    const { target, v2 } = await setup();
    const plan = await planWrite(v2, target, {});
    expect(plan.entries.filter((e) => e.action === "remove")).toEqual([
      { path: "src/auth/config.ts", action: "remove", owner: "generated", reason: "no longer generated" },
      { path: "src/auth/jwt.ts", action: "remove", owner: "generated", reason: "no longer generated" },
    ]);
    const { removed } = await commitPlan(plan, v2);
    expect(removed).toEqual(["src/auth/config.ts", "src/auth/jwt.ts"]);
    expect((await readdir(path.join(target, "src"))).sort()).toEqual(["generated", "handlers"]);
    expect(await readFile(path.join(target, "spec/models.tsp"), "utf8")).toBe("model X {}\n");
    // The new manifest no longer lists them: nothing more to do next time.
    expect((await planWrite(v2, target, {})).entries.some((e) => e.action === "remove")).toBe(false);
  });

  it("are kept, and said so, when the user edited them (the folder stays too)", async () => {
    const { target, v2 } = await setup();
    await writeFile(path.join(target, "src/auth/jwt.ts"), "// my change\n");
    const plan = await planWrite(v2, target, {});
    expect(plan.entries.find((e) => e.path === "src/auth/jwt.ts")).toMatchObject({
      action: "keep",
      reason: expect.stringContaining("you changed it"),
    });
    const { removed } = await commitPlan(plan, v2);
    expect(removed).toEqual(["src/auth/config.ts"]);
    expect(await readFile(path.join(target, "src/auth/jwt.ts"), "utf8")).toBe("// my change\n");
  });

  it("a dry run only lists them", async () => {
    const { target } = await setup();
    const before = await snapshot(target);
    const v2 = sampleTree();
    v2.add(MANIFEST_FILE, buildManifest(v2, meta), { owner: "generated" });
    expect(actions(await planWrite(v2, target, {}))["src/auth/config.ts"]).toBe("remove");
    expect(await snapshot(target)).toEqual(before);
  });
});

describe("a symlink inside the target pointing outside", () => {
  it("is refused by the plan, and nothing is written on either side", async () => {
    const root = await workspace();
    const target = path.join(root, "my-api");
    const outside = path.join(root, "outside");
    await mkdir(outside);
    await generate(sampleTree(), target);
    await removeDir(path.join(target, "src/generated"));
    await symlink(outside, path.join(target, "src/generated"));
    const before = { target: await snapshot(target), outside: await snapshot(outside) };

    const v2 = sampleTree();
    v2.add("src/generated/routes.ts", "changed\n", { owner: "generated" });
    const error = await caught(planWrite(v2, target, { force: true }));
    expect(error.code).toBe("path-escape");
    expect(error.message).toContain("src/generated");
    expect({ target: await snapshot(target), outside: await snapshot(outside) }).toEqual(before);
  });

  it("is refused by commit too, when it appears after the plan was made", async () => {
    const root = await workspace();
    const target = path.join(root, "my-api");
    const outside = path.join(root, "outside");
    await mkdir(outside);
    await generate(sampleTree(), target);
    const v2 = sampleTree();
    v2.add("src/generated/routes.ts", "changed\n", { owner: "generated" });
    const plan = await planWrite(v2, target, {});
    expect(actions(plan)["src/generated/routes.ts"]).toBe("overwrite");

    await writeFile(path.join(outside, "routes.ts"), "export const routes = [];\n");
    await removeDir(path.join(target, "src/generated"));
    await symlink(outside, path.join(target, "src/generated"));
    const before = await snapshot(outside);
    expect((await caught(commitPlan(plan, v2))).code).toBe("path-escape");
    expect(await snapshot(outside)).toEqual(before);
  });

  it("is refused when the file itself is a link to outside", async () => {
    const root = await workspace();
    const target = path.join(root, "my-api");
    await generate(sampleTree(), target);
    await writeFile(path.join(root, "secret"), "s3cret");
    await removeDir(path.join(target, "README.md"));
    await symlink(path.join(root, "secret"), path.join(target, "README.md"));
    expect((await caught(planWrite(sampleTree(), target, { force: true }))).code).toBe("path-escape");
    expect(await readFile(path.join(root, "secret"), "utf8")).toBe("s3cret");
  });
});
