/**
 * An isolated Handlebars instance per run (never the global one, which node-plop and a team's
 * plopfile share), compiled with noEscape: we generate code, not HTML, so `{{x}}` must not
 * turn quotes into entities.
 */
import Handlebars from "handlebars";
import { StackError } from "../diagnostics.ts";
import { camelCase, kebabCase, pascalCase, snakeCase } from "../names.ts";
import type { StackPlugin } from "../plugins/contract.ts";

export type HandlebarsInstance = typeof Handlebars;

const builtinHelpers: Record<string, Handlebars.HelperDelegate> = {
  /**
   * `{{json value}}` on one line; `{{json value N}}` pretty-printed for a line that starts N spaces
   * in, so every continuation line sits N spaces further right.
   */
  json(value: unknown, ...rest: unknown[]) {
    if (typeof rest[0] !== "number") return JSON.stringify(value ?? null);
    return JSON.stringify(value ?? null, null, 2).replace(/\n/g, `\n${" ".repeat(rest[0])}`);
  },
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  not: (value: unknown) => !value,
  /** Escapes a string for use inside a /regex/ literal. */
  regex: (value: unknown) => String(value).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"),
  /** Text safe inside a /** *\/ comment. */
  comment: (value: unknown) =>
    String(value ?? "")
      .replace(/\*\//g, "*\\/")
      .replace(/\n/g, "\n * "),
  camel: (value: unknown) => camelCase(String(value)),
  pascal: (value: unknown) => pascalCase(String(value)),
  kebab: (value: unknown) => kebabCase(String(value)),
  snake: (value: unknown) => snakeCase(String(value)),
};

/**
 * A helper shadows any context field of the same name in every template ({{title}} would call a
 * `title` helper), so a plugin helper may not reuse a built-in's or another plugin's name.
 */
export function createHandlebars(plugins: Pick<StackPlugin, "name" | "helpers">[] = []): HandlebarsInstance {
  const hbs = Handlebars.create();
  const owner = new Map<string, string>(Object.keys(builtinHelpers).map((name) => [name, "the built-in helpers"]));
  for (const [name, helper] of Object.entries(builtinHelpers)) hbs.registerHelper(name, helper);
  for (const plugin of plugins) {
    for (const [name, helper] of Object.entries(plugin.helpers ?? {})) {
      const previous = owner.get(name);
      if (previous)
        throw new StackError(
          "plugin-conflict",
          `plugin ${plugin.name} declares the Handlebars helper "${name}", already declared by ${previous}`,
        );
      owner.set(name, `plugin ${plugin.name}`);
      hbs.registerHelper(name, helper);
    }
  }
  return hbs;
}

export const compileOptions: CompileOptions = { noEscape: true };
