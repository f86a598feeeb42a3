/**
 * An isolated Handlebars instance per run (never the global one, which node-plop and a team's
 * plopfile share), compiled with noEscape: we generate code, not HTML, so `{{x}}` must not
 * turn quotes into entities.
 */
import Handlebars from "handlebars";
import { camelCase, kebabCase, pascalCase, snakeCase } from "../names.ts";

export type HandlebarsInstance = typeof Handlebars;

const builtinHelpers: Record<string, Handlebars.HelperDelegate> = {
  /** `{{json value}}` one line; `{{json value 2}}` indented, for nesting at that depth. */
  json(value: unknown, ...rest: unknown[]) {
    const indent = typeof rest[0] === "number" ? rest[0] : 0;
    const text = JSON.stringify(value ?? null, null, indent > 0 ? 2 : undefined);
    return indent > 0 ? text.replace(/\n/g, `\n${" ".repeat(indent - 2)}`) : text;
  },
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  not: (value: unknown) => !value,
  /** Escapes a string for use inside a /regex/ literal. */
  regex: (value: unknown) => String(value).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"),
  /** Text safe inside a /** *\/ comment. */
  comment: (value: unknown) => String(value ?? "").replace(/\*\//g, "*\\/").replace(/\n/g, "\n * "),
  camel: (value: unknown) => camelCase(String(value)),
  pascal: (value: unknown) => pascalCase(String(value)),
  kebab: (value: unknown) => kebabCase(String(value)),
  snake: (value: unknown) => snakeCase(String(value)),
};

export function createHandlebars(extraHelpers: Record<string, Handlebars.HelperDelegate> = {}): HandlebarsInstance {
  const hbs = Handlebars.create();
  for (const [name, helper] of Object.entries({ ...builtinHelpers, ...extraHelpers })) hbs.registerHelper(name, helper);
  return hbs;
}

export const compileOptions: CompileOptions = { noEscape: true };
