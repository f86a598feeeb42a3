/**
 * Renders one plugin's templates into the in-memory tree. Team overrides come first in the
 * lookup chain; `[name]` path segments render once per item of the plugin's collection `name`.
 */
import fs from "node:fs";
import { StackError, isStackError } from "../diagnostics.ts";
import type { FileTree } from "../write/tree.ts";
import type { CollectionItem, RenderContext, StackPlugin } from "../plugins/contract.ts";
import { safeFileName } from "../names.ts";
import { type HandlebarsInstance, compileOptions } from "./handlebars.ts";
import { outputPath, pluginTemplates } from "./templates.ts";

export interface RenderSession {
  ctx: RenderContext;
  /** Enabled plugins in render order. */
  plugins: StackPlugin[];
  /** Collections contributed by each plugin, by plugin name. */
  collections: Record<string, Record<string, CollectionItem[]>>;
  tree: FileTree;
  hbs: HandlebarsInstance;
  overridesDir?: string;
}

const COLLECTION = /\[([A-Za-z0-9_]+)\]/;

function isUserFile(plugin: StackPlugin, file: string): boolean {
  return (plugin.userFiles ?? []).some((prefix) => file.startsWith(prefix));
}

function compile(hbs: HandlebarsInstance, source: string): HandlebarsTemplateDelegate {
  try {
    return hbs.compile(fs.readFileSync(source, "utf8"), compileOptions);
  } catch (error) {
    throw new StackError("template-error", `${source}: ${(error as Error).message}`);
  }
}

function run(template: HandlebarsTemplateDelegate, data: unknown, source: string): string {
  try {
    return template(data);
  } catch (error) {
    if (isStackError(error)) throw error;
    throw new StackError("template-error", `${source}: ${(error as Error).message}`);
  }
}

/** Renders every template of `plugin`; returns the output paths it wrote into the tree. */
export function renderPlugin(session: RenderSession, plugin: StackPlugin): string[] {
  const { files, partials } = pluginTemplates(plugin, session.overridesDir);
  for (const [name, source] of partials) session.hbs.registerPartial(name, fs.readFileSync(source, "utf8"));
  const written: string[] = [];
  for (const file of files) {
    const template = compile(session.hbs, file.source);
    const collection = COLLECTION.exec(file.relative)?.[1];
    const owner = (p: string) => (isUserFile(plugin, p) ? "user" : "generated");
    if (!collection) {
      const out = outputPath(file.relative);
      session.tree.add(out, run(template, session.ctx, file.source), { owner: owner(out), source: file.source });
      written.push(out);
      continue;
    }
    const items = session.collections[plugin.name]?.[collection];
    if (!items) {
      throw new StackError("template-error", `${file.source}: no collection "${collection}" contributed by plugin ${plugin.name}`);
    }
    for (const item of items) {
      const out = outputPath(file.relative.replace(COLLECTION, safeFileName(item.fileName)));
      session.tree.add(out, run(template, { ...session.ctx, ...item, item }, file.source), { owner: owner(out), source: file.source });
      written.push(out);
    }
  }
  return written;
}
