import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { StackError } from "../../src/diagnostics.ts";
import { buildManifest, hashContent, MANIFEST_FILE, readManifest } from "../../src/write/manifest.ts";
import { FileTree } from "../../src/write/tree.ts";
import { removeDir, sampleTree, tempDir } from "./helpers.ts";

const meta = { tool: { name: "create-typespec-stack", version: "0.1.0" }, answers: { db: "sqlite", auth: "none" } };

describe("manifest", () => {
  it("hashes strings and bytes the same way", () => {
    const expected = createHash("sha256").update("héllo").digest("hex");
    expect(hashContent("héllo")).toBe(expected);
    expect(hashContent(Buffer.from("héllo"))).toBe(expected);
  });

  it("records generated files by hash and user files by name only, in a stable order", () => {
    const tree = sampleTree();
    tree.add(MANIFEST_FILE, "old manifest", { owner: "generated" });
    const text = buildManifest(tree, { ...meta, answers: { z: 1, a: { y: 2, b: 3 } } });
    const manifest = JSON.parse(text);
    expect(Object.keys(manifest)).toEqual(["schemaVersion", "tool", "answers", "files", "userFiles"]);
    expect(Object.keys(manifest.answers)).toEqual(["a", "z"]);
    expect(Object.keys(manifest.answers.a)).toEqual(["b", "y"]);
    expect(manifest.files).toEqual({
      "README.md": hashContent("# my-api\n"),
      "package.json": hashContent('{ "name": "my-api" }\n'),
      "src/generated/routes.ts": hashContent("export const routes = [];\n"),
    });
    expect(manifest.userFiles).toEqual(["src/handlers/pets.ts"]);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("gives the same bytes for the same tree whatever the insertion order", () => {
    const a = new FileTree();
    const b = new FileTree();
    a.add("x.ts", "1", { owner: "generated" });
    a.add("a.ts", "2", { owner: "generated" });
    b.add("a.ts", "2", { owner: "generated" });
    b.add("x.ts", "1", { owner: "generated" });
    expect(buildManifest(a, meta)).toBe(buildManifest(b, meta));
  });

  it("reads back what it built, and reports no manifest as undefined", async () => {
    const dir = await tempDir();
    try {
      expect(await readManifest(dir)).toBeUndefined();
      expect(await readManifest(path.join(dir, "missing"))).toBeUndefined();
      await writeFile(path.join(dir, MANIFEST_FILE), buildManifest(sampleTree(), meta));
      const manifest = await readManifest(dir);
      expect(manifest?.tool).toEqual(meta.tool);
      expect(manifest?.userFiles).toEqual(["src/handlers/pets.ts"]);
    } finally {
      await removeDir(dir);
    }
  });

  it.each([
    ["invalid JSON", "{ not json", "not valid JSON"],
    ["a wrong shape", JSON.stringify({ tool: "x" }), "tool"],
    ["a bad hash", JSON.stringify({ tool: { name: "a", version: "1" }, answers: {}, files: { "a.ts": "zz" }, userFiles: [] }), "a.ts"],
  ])("throws manifest-invalid naming the file for %s", async (_label, text, mention) => {
    const dir = await tempDir();
    try {
      await writeFile(path.join(dir, MANIFEST_FILE), text);
      const error = (await readManifest(dir).catch((e: unknown) => e)) as StackError;
      expect(error).toBeInstanceOf(StackError);
      expect(error.code).toBe("manifest-invalid");
      expect(error.message).toContain(path.join(dir, MANIFEST_FILE));
      expect(error.message).toContain(mention);
    } finally {
      await removeDir(dir);
    }
  });

  it("throws when the manifest path is a folder", async () => {
    const dir = await tempDir();
    try {
      await mkdir(path.join(dir, MANIFEST_FILE));
      await expect(readManifest(dir)).rejects.toMatchObject({ code: "manifest-invalid" });
    } finally {
      await removeDir(dir);
    }
  });
});
