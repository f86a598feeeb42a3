/**
 * Identifiers from a spec become TypeScript identifiers and file names. Casing is split on
 * case changes, digits and separators; reserved words and names the generated code itself uses
 * are suffixed with "_" so a model called `Promise` or a property called `delete` still compiles.
 */
import { createHash } from "node:crypto";
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
  "Promise",
  "Array",
  "Record",
  "Date",
  "Error",
  "Object",
  "String",
  "Number",
  "Boolean",
  "Map",
  "Set",
  "JSON",
  "Math",
  "Symbol",
  "Buffer",
  "FastifyInstance",
  "FastifyRequest",
  "FastifyReply",
  "Repository",
  "HandlerResult",
  "RequestContext",
  "Handlers",
  "HandlerSet",
  "RetiredHandler",
  "Infinity",
  "NaN",
  // Also imported or declared beside the model types (types.ts, repository.ts, crud.ts, runtime.ts):
  // a model with one of these names would clash with the import in that file.
  "FastifyBaseLogger",
  "FastifyError",
  "FastifyServerOptions",
  "HttpError",
  "Repositories",
  "InMemoryRepository",
  "ListQuery",
  "ListResult",
  "Partial",
  "Pick",
  "Omit",
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
  return words(input)
    .map((w) => w.toLowerCase())
    .join("-");
}
export function snakeCase(input: string): string {
  return words(input)
    .map((w) => w.toLowerCase())
    .join("_");
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

/**
 * `name` when it fits in `max` UTF-8 bytes; otherwise its start cut to `max - 9` bytes, `separator`,
 * and 8 hex digits of a hash of the whole name: distinct for distinct names, the same on every run.
 */
export function fitName(name: string, max: number, separator: string): string {
  if (Buffer.byteLength(name) <= max) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  let head = "";
  for (const ch of name) {
    if (Buffer.byteLength(head + ch) > max - 9) break;
    head += ch;
  }
  return `${head}${separator}${hash}`;
}

/**
 * Longer file name stems are cut to FILE_STEM_FIT with a hash (file systems stop at 255 bytes per
 * name, Windows paths at 260 in all). The gap between the two lets a cut name take a number
 * (`-2`) and still come back unchanged from safeFileName.
 */
const FILE_STEM_MAX = 80;
const FILE_STEM_FIT = 60;

/** A file name stem made only of [a-z0-9-]; never empty, never a dot path, never over-long. */
export function safeFileName(name: string): string {
  const stem = kebabCase(name) || "unnamed";
  return stem.length > FILE_STEM_MAX ? fitName(stem, FILE_STEM_FIT, "-") : stem;
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

/** The next number to try for each base name, per set of taken names (sets only ever grow). */
const nextNumber = new WeakMap<Set<string>, Map<string, number>>();

/**
 * `base`, or `base2`, `base3`, ... : the first that `taken` does not hold; `taken` then holds it.
 * Remembers where the numbering stopped, so n clashes on one base cost n steps, not n².
 */
export function freshName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) {
    taken.add(base);
    return base;
  }
  const counters = nextNumber.get(taken) ?? nextNumber.set(taken, new Map()).get(taken)!;
  let n = counters.get(base) ?? 2;
  while (taken.has(`${base}${n}`)) n++;
  counters.set(base, n + 1);
  const name = `${base}${n}`;
  taken.add(name);
  return name;
}

/** A property key as written in a TypeScript object type: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/**
 * A name that a plain object answers for without holding it: a member of Object.prototype
 * (`constructor`, `toString`, `valueOf`, ...). Spec names like these need own-key lookups.
 */
export function inheritsName(name: string): boolean {
  return name in Object.prototype;
}

/** `record[key]` only when the record itself holds the key: never a member of Object.prototype. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
