/**
 * Template lookup: each plugin's own folder, with the team's override folder laid over it.
 * `<overrides>/<plugin name>/<path>.hbs` replaces the plugin's file at that path or adds a new
 * one; `_partials/<name>.hbs` replaces or adds the partial `<plugin name>/<name>`.
 */
import fs from "node:fs";
import path from "node:path";
import { StackError } from "../diagnostics.ts";
import type { StackPlugin } from "../plugins/contract.ts";

export interface TemplateFile {
  /** Template path relative to its folder, POSIX, with `.hbs`: `src/handlers/[group].ts.hbs`. */
  relative: string;
  /** Absolute path of the file used (the team's override or the plugin's own). */
  source: string;
  overridden: boolean;
}

export interface PluginTemplates {
  files: TemplateFile[];
  /** partial name (`server/route`) -> absolute file */
  partials: Map<string, string>;
}

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
}

export function pluginTemplates(plugin: StackPlugin, overridesDir?: string): PluginTemplates {
  const layers = [
    { root: plugin.templates, overridden: false },
    { root: overridesDir ? path.join(overridesDir, plugin.name) : undefined, overridden: true },
  ];
  const files = new Map<string, TemplateFile>();
  const partials = new Map<string, string>();
  for (const { root, overridden } of layers) {
    if (!root) continue;
    for (const relative of listFiles(root)) {
      if (!relative.endsWith(".hbs")) continue;
      const source = path.join(root, relative);
      if (relative.startsWith("_partials/")) {
        partials.set(`${plugin.name}/${relative.slice("_partials/".length, -".hbs".length)}`, source);
      } else {
        files.set(relative, { relative, source, overridden });
      }
    }
  }
  return { files: [...files.values()], partials };
}

/** Every top-level folder of the override dir must name a known plugin: a typo is an error, not a silent no-op. */
export function checkOverridesDir(overridesDir: string, knownPlugins: string[]): void {
  if (!fs.existsSync(overridesDir) || !fs.statSync(overridesDir).isDirectory()) {
    throw new StackError("template-error", `templates folder ${overridesDir} does not exist or is not a folder`);
  }
  const known = new Set(knownPlugins);
  for (const entry of fs.readdirSync(overridesDir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const name = entry.name.startsWith("@")
      ? fs.readdirSync(path.join(overridesDir, entry.name)).map((n) => `${entry.name}/${n}`)
      : [entry.name];
    for (const n of name) {
      if (!known.has(n)) {
        throw new StackError(
          "template-error",
          `${path.join(overridesDir, n)}: no plugin named "${n}"; override folders are named after plugins: ${[...known].join(", ")}`,
        );
      }
    }
  }
}

/** `_gitignore` -> `.gitignore` (npm drops dotfiles named .gitignore when publishing), `.hbs` stripped. */
export function outputPath(relative: string): string {
  const stripped = relative.replace(/\.hbs$/, "");
  const parts = stripped.split("/");
  const base = parts.pop()!;
  parts.push(base === "_gitignore" ? ".gitignore" : base === "_npmrc" ? ".npmrc" : base);
  return parts.join("/");
}
