import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { definePlugin, type RenderContext, type StackPlugin } from "../../src/plugins/contract.ts";
import { createHandlebars } from "../../src/render/handlebars.ts";
import { renderWithPlop } from "../../src/render/plop.ts";
import { checkOverridesDir, outputPath } from "../../src/render/templates.ts";
import { FileTree } from "../../src/write/tree.ts";

let dir: string;
const write = (rel: string, content: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), content);
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cts-render-"));
  write("plugin/_partials/header.hbs", "// header {{project.name}}\n");
  write("plugin/src/a.ts.hbs", "{{> demo/header}}\nexport const a = {{{json value}}};\n");
  write("plugin/src/b.ts.hbs", 'export const b = "{{value}}";\n');
  write("plugin/src/items/[item].ts.hbs", "export const name = {{{json title}}};\n");
  write("plugin/_gitignore.hbs", "node_modules/\n");
  write("plugin/user/[item].ts.hbs", "// yours\n");
  write("team/demo/src/b.ts.hbs", "export const b = 'team';\n");
  write("team/demo/_partials/header.hbs", "// team header\n");
  write("team/demo/src/extra.md.hbs", "extra {{project.name}}\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function demoPlugin(): StackPlugin {
  return definePlugin({ name: "demo", layer: "test", enabled: () => true, templates: path.join(dir, "plugin"), userFiles: ["user/"] });
}

async function render(
  overridesDir?: string,
  collections = {
    item: [
      { fileName: "First Item", title: "one" },
      { fileName: "../../escape", title: "two" },
    ],
  },
) {
  const tree = new FileTree();
  const plugin = demoPlugin();
  const ctx = { project: { name: "proj" }, value: 'say "hi"' } as unknown as RenderContext;
  await renderWithPlop({ ctx, plugins: [plugin], collections: { demo: collections }, tree, hbs: createHandlebars(), overridesDir }, [
    plugin,
  ]);
  return tree;
}

describe("rendering a plugin through node-plop into the in-memory tree", () => {
  it("renders templates without HTML escaping, partials by layer name, and one file per collection item", async () => {
    const tree = await render();
    expect(tree.paths()).toEqual([
      ".gitignore",
      "src/a.ts",
      "src/b.ts",
      "src/items/escape.ts",
      "src/items/first-item.ts",
      "user/escape.ts",
      "user/first-item.ts",
    ]);
    expect(tree.get("src/a.ts")!.content).toBe('// header proj\nexport const a = "say \\"hi\\"";\n');
    expect(tree.get("src/b.ts")!.content).toBe('export const b = "say "hi"";\n');
    expect(tree.get("src/items/first-item.ts")!.content).toBe('export const name = "one";\n');
    expect(tree.get("user/first-item.ts")!.owner).toBe("user");
    expect(tree.get("src/a.ts")!.owner).toBe("generated");
  });

  it("the team's folder overrides one file and one partial and adds a file; the rest stays", async () => {
    const tree = await render(path.join(dir, "team"));
    expect(tree.get("src/b.ts")!.content).toBe("export const b = 'team';\n");
    expect(String(tree.get("src/a.ts")!.content).startsWith("// team header\n")).toBe(true);
    expect(tree.get("src/extra.md")!.content).toBe("extra proj\n");
    expect(tree.get("src/items/first-item.ts")).toBeDefined();
  });

  it("a template error names the template file", async () => {
    write("broken/demo/src/b.ts.hbs", "{{#each}}\n");
    await expect(render(path.join(dir, "broken"))).rejects.toThrow(/broken\/demo\/src\/b\.ts\.hbs/);
  });

  it("a plugin helper that would shadow another helper is an error naming both", () => {
    expect(() => createHandlebars([{ name: "a", helpers: { json: () => "" } }])).toThrow(
      /plugin a declares the Handlebars helper "json", already declared by the built-in helpers/,
    );
    expect(() =>
      createHandlebars([
        { name: "a", helpers: { x: () => "" } },
        { name: "b", helpers: { x: () => "" } },
      ]),
    ).toThrow(/already declared by plugin a/);
  });

  it("does not touch the global Handlebars instance", async () => {
    const Handlebars = (await import("handlebars")).default;
    createHandlebars();
    expect(Handlebars.helpers.json).toBeUndefined();
  });
});

describe("template paths", () => {
  it("strips .hbs and turns _gitignore into .gitignore", () => {
    expect(outputPath("src/a.ts.hbs")).toBe("src/a.ts");
    expect(outputPath("sub/_gitignore.hbs")).toBe("sub/.gitignore");
  });

  it("rejects an override folder that names no plugin", () => {
    write("typo/serer/x.hbs", "");
    expect(() => checkOverridesDir(path.join(dir, "typo"), ["base", "server"])).toThrow(/no plugin named "serer"/);
    expect(() => checkOverridesDir(path.join(dir, "missing"), ["base"])).toThrow(/does not exist/);
  });
});
