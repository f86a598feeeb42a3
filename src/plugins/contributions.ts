/**
 * Runs every enabled plugin's contribute() once, in order, and merges the results into what
 * templates see: pinned dependency versions, scripts, env vars, README sections, and each
 * plugin's own data under its camelCase name.
 */
import { StackError } from "../diagnostics.ts";
import { camelCase } from "../names.ts";
import { dependencyVersions } from "../versions.ts";
import type {
  BackingService,
  CollectionItem,
  Contribution,
  EnvVar,
  ReadmeSection,
  RenderContext,
  ServerExtensionRef,
  StackContext,
  StackPlugin,
} from "./contract.ts";

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

export function mergeContributions(
  base: StackContext,
  plugins: StackPlugin[],
): { ctx: RenderContext; collections: Record<string, Record<string, CollectionItem[]>> } {
  const dependencies: Record<string, string> = {};
  const devDependencies: Record<string, string> = {};
  const scripts: Record<string, string> = {};
  const env = new Map<string, EnvVar>();
  const readme: ReadmeSection[] = [];
  const serverExtensions: ServerExtensionRef[] = [];
  const services = new Map<string, BackingService>();
  const data: Record<string, unknown> = {};
  const collections: Record<string, Record<string, CollectionItem[]>> = {};
  const notices: string[] = [];

  for (const plugin of plugins) {
    let c: Contribution;
    try {
      c = plugin.contribute?.(base) ?? {};
    } catch (error) {
      if (error instanceof StackError) throw error;
      throw new StackError("plugin-invalid", `plugin ${plugin.name} failed in contribute(): ${(error as Error).message}`);
    }
    for (const name of c.dependencies ?? []) dependencies[name] = dependencyVersions[name];
    for (const name of c.devDependencies ?? []) devDependencies[name] = dependencyVersions[name];
    Object.assign(dependencies, c.extraDependencies);
    Object.assign(devDependencies, c.extraDevDependencies);
    for (const [name, command] of Object.entries(c.scripts ?? {})) {
      // Two layers both defining `test` would silently drop one; chain them instead.
      scripts[name] = scripts[name] && scripts[name] !== command ? `${scripts[name]} && ${command}` : command;
    }
    for (const v of c.env ?? []) env.set(v.name, v);
    readme.push(...(c.readme ?? []));
    for (const ext of c.serverExtensions ?? []) {
      if (!/^[A-Za-z_$][\w$]*$/.test(ext.name) || serverExtensions.some((e) => e.name === ext.name)) {
        throw new StackError(
          "plugin-invalid",
          `plugin ${plugin.name}: server extension name ${JSON.stringify(ext.name)} must be a unique identifier`,
        );
      }
      serverExtensions.push(ext);
    }
    for (const service of c.services ?? []) services.set(service.name, service);
    notices.push(...(c.notices ?? []));
    data[camelCase(plugin.name)] = c.data ?? {};
    collections[plugin.name] = c.collections ?? {};
  }

  const ctx: RenderContext = {
    ...data,
    ...base,
    dependencies: sortedRecord(dependencies),
    devDependencies: sortedRecord(devDependencies),
    scripts,
    env: [...env.values()],
    readme: [],
    serverExtensions,
    services: [...services.values()],
    notices,
  };
  ctx.readme = readme.map((section) => {
    if (typeof section.body === "string") return { title: section.title, body: section.body };
    try {
      return { title: section.title, body: section.body(ctx) };
    } catch (error) {
      throw new StackError("plugin-invalid", `README section "${section.title}" failed: ${(error as Error).message}`);
    }
  });
  return { ctx, collections };
}
