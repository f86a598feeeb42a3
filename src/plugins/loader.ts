/**
 * Third-party plugins: `--plugin ./path/to/plugin.js` or `--plugin @acme/typespec-stack-plugin-x`
 * (resolved from the working folder's node_modules). The module's default export (or `plugin`
 * export) must be a definePlugin(...) object.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { StackError } from "../diagnostics.ts";
import { type StackPlugin, definePlugin } from "./contract.ts";

export function isPathLike(spec: string): boolean {
  return spec.startsWith(".") || spec.startsWith("/") || /\.(m?js|ts)$/.test(spec);
}

/** Resolves a package's entry without loading it: `exports` (import/default), then `main`. */
function resolvePackage(name: string, cwd: string): string {
  try {
    return createRequire(path.join(cwd, "package.json")).resolve(name);
  } catch {
    const dir = path.join(cwd, "node_modules", name);
    const manifestPath = path.join(dir, "package.json");
    if (!fs.existsSync(manifestPath)) {
      throw new StackError("plugin-missing", `plugin package ${name} is not installed in ${path.join(cwd, "node_modules")}`);
    }
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
    const exp = manifest.exports;
    const root = typeof exp === "string" ? exp : (exp?.["."] ?? exp);
    const entry = typeof root === "string" ? root : (root?.import ?? root?.default ?? manifest.main ?? "index.js");
    return path.join(dir, typeof entry === "string" ? entry : "index.js");
  }
}

export async function loadPlugin(spec: string, cwd: string): Promise<StackPlugin> {
  const file = isPathLike(spec) ? path.resolve(cwd, spec) : resolvePackage(spec, cwd);
  if (!fs.existsSync(file)) throw new StackError("plugin-missing", `plugin ${spec}: ${file} does not exist`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new StackError("plugin-invalid", `plugin ${spec} failed to load: ${(error as Error).message}`);
  }
  const candidate = (mod.default ?? mod.plugin) as StackPlugin | undefined;
  try {
    const plugin = definePlugin(candidate as StackPlugin);
    // A plugin's template folder is relative to the plugin's own file.
    if (plugin.templates && !path.isAbsolute(plugin.templates)) {
      plugin.templates = path.resolve(path.dirname(file), plugin.templates);
    }
    return plugin;
  } catch (error) {
    throw new StackError("plugin-invalid", `plugin ${spec} (${file}): ${(error as Error).message}`);
  }
}
