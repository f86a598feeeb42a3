/**
 * Identifiers from a spec become TypeScript identifiers and file names. Casing is split on
 * case changes, digits and separators; reserved words and names the generated code itself uses
 * are suffixed with "_" so a model called `Promise` or a property called `delete` still compiles.
 */
import type { Names } from "./plugins/contract.ts";

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with as implements interface let package private protected public static yield any boolean " +
    "constructor declare get module require number set string symbol type from of async await never unknown " +
    "object undefined bigint"
  ).split(" "),
);

/** Type names the generated code declares or imports itself; a spec model with one of these names is renamed. */
export const GENERATED_TYPE_NAMES: ReadonlySet<string> = new Set([
  "Promise", "Array", "Record", "Date", "Error", "Object", "String", "Number", "Boolean", "Map", "Set", "JSON",
  "Math", "Symbol", "Buffer", "FastifyInstance", "FastifyRequest", "FastifyReply", "Repository", "HandlerResult",
  "RequestContext", "Handlers", "HandlerSet", "RetiredHandler", "Infinity", "NaN",
  // Also imported or declared beside the model types (types.ts, repository.ts, crud.ts, runtime.ts):
  // a model with one of these names would clash with the import in that file.
  "FastifyBaseLogger", "FastifyError", "FastifyServerOptions", "HttpError", "Repositories", "InMemoryRepository",
  "ListQuery", "ListResult", "Partial", "Pick", "Omit",
]);

export function words(input: string): string[] {
  return input
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

export function pascalCase(input: string): string {
  return words(input).map(cap).join("");
}
export function camelCase(input: string): string {
  const p = pascalCase(input);
  return p.charAt(0).toLowerCase() + p.slice(1);
}
export function kebabCase(input: string): string {
  return words(input).map((w) => w.toLowerCase()).join("-");
}
export function snakeCase(input: string): string {
  return words(input).map((w) => w.toLowerCase()).join("_");
}

/** A valid TypeScript identifier that is not a reserved word. */
export function safeIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]/g, "_");
  if (id === "" || /^[0-9]/.test(id)) id = `_${id}`;
  return RESERVED.has(id) ? `${id}_` : id;
}

/** A type name that is PascalCase-ish, valid, and does not shadow a name the generated code uses. */
export function safeTypeName(name: string): string {
  const id = safeIdentifier(/^[A-Za-z0-9_$]+$/.test(name) ? name : pascalCase(name));
  return GENERATED_TYPE_NAMES.has(id) ? `${id}_` : id;
}

/** A file name stem made only of [a-z0-9-]; never empty, never a dot path. */
export function safeFileName(name: string): string {
  return kebabCase(name) || "unnamed";
}

export function names(original: string): Names {
  const pascal = safeTypeName(pascalCase(original) || "Api");
  return {
    original,
    pascal,
    camel: safeIdentifier(camelCase(original) || "api"),
    kebab: safeFileName(original),
    snake: snakeCase(original) || "api",
  };
}

/** A property key as written in a TypeScript object type: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
