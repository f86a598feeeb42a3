/**
 * The pipeline's render step runs as node-plop generators: one per plugin (layer) plus `app`,
 * which composes every enabled layer. Our action type renders into the in-memory tree with an
 * isolated Handlebars instead of node-plop's add/addMany, which write straight to disk, have no
 * dry-run and register helpers globally.
 */
import nodePlop, { type CustomActionConfig, type NodePlopAPI } from "node-plop";
import type { StackPlugin } from "../plugins/contract.ts";
import { type RenderSession, renderPlugin } from "./render.ts";
import { plural } from "../plural.ts";

export const RENDER_ACTION = "typespec-stack:render";

/** The answers object the generators run with carries the session being rendered. */
export interface SessionAnswers {
  session: RenderSession;
}

/** Registers the render action, a generator per plugin, and `app`. Used by scaffold() and plopfile.ts. */
export function registerGenerators(plop: NodePlopAPI, plugins: StackPlugin[]): void {
  plop.setActionType(RENDER_ACTION, (answers, config) => {
    const { session } = answers as Partial<SessionAnswers>;
    if (!session) {
      throw new Error(
        `the ${String(config.plugin)} generator renders inside create-typespec-stack's pipeline; run the "app" generator or \`npx create-typespec-stack <dir>\``,
      );
    }
    const plugin = session.plugins.find((p) => p.name === config.plugin);
    if (!plugin) return `${config.plugin}: not enabled`;
    const files = renderPlugin(session, plugin);
    return `${plugin.name}: ${plural(files.length, "file")}`;
  });
  for (const plugin of plugins) {
    plop.setGenerator(plugin.name, {
      description: plugin.description ?? `${plugin.layer} layer`,
      prompts: [],
      actions: [{ type: RENDER_ACTION, plugin: plugin.name } as CustomActionConfig<typeof RENDER_ACTION>],
    });
  }
  plop.setGenerator("app", {
    description: "a whole project: every enabled layer",
    prompts: [],
    actions: (data) => {
      const session = (data as SessionAnswers | undefined)?.session;
      const enabled = session ? session.plugins : plugins;
      return enabled.map((p): CustomActionConfig<typeof RENDER_ACTION> => ({ type: RENDER_ACTION, plugin: p.name }));
    },
  });
}

/** Renders every enabled plugin into session.tree through the `app` generator. */
export async function renderWithPlop(session: RenderSession, allPlugins: StackPlugin[]): Promise<void> {
  const plop = await nodePlop(undefined, { destBasePath: undefined, force: false });
  registerGenerators(plop, allPlugins);
  // node-plop reports a failed action as data and skips the rest; keep the original error to rethrow.
  let firstError: unknown;
  const generator = plop.getGenerator("app");
  const originalRender = plop.getActionType(RENDER_ACTION) as unknown as (...args: unknown[]) => unknown;
  plop.setActionType(RENDER_ACTION, (...args) => {
    try {
      return originalRender(...args) as string;
    } catch (error) {
      firstError ??= error;
      throw error;
    }
  });
  const result = await generator.runActions({ session } satisfies SessionAnswers);
  if (firstError) throw firstError;
  if (result.failures.length > 0) {
    const f = result.failures[0];
    throw new Error(`render failed in ${f.type} ${f.path}: ${f.error ?? f.message}`);
  }
}
