/**
 * Go declarations for the API model: a struct per model shape (the Read shape under the model's
 * name, an input variant such as `OrderCreate` where visibility makes it differ), a named string or
 * number type per enum with a constant per member. JSON tags carry the wire names; an optional
 * property is a pointer (or a nil slice or map) left out when empty, so absent and zero differ.
 */
import type { ApiModel, ScalarName, TypeRef } from "../../../src/spec/model.ts";
import { type Variant, variantName, visibleProperties } from "../../../src/codegen/variants.ts";
import { goExported, goString, goTypeName } from "./go-names.ts";
import { goAligned } from "./go-format.ts";

const SCALARS: Record<ScalarName, string> = {
  string: "string",
  boolean: "bool",
  int8: "int8",
  int16: "int16",
  int32: "int32",
  int64: "int64",
  uint8: "uint8",
  uint16: "uint16",
  uint32: "uint32",
  uint64: "uint64",
  safeint: "int64",
  integer: "int64",
  float: "float64",
  float32: "float32",
  float64: "float64",
  numeric: "float64",
  decimal: "float64",
  decimal128: "float64",
  utcDateTime: "time.Time",
  offsetDateTime: "time.Time",
  plainDate: "string",
  plainTime: "string",
  duration: "string",
  bytes: "[]byte",
  url: "string",
  unknown: "any",
};

/** A model Go cannot hold as a struct: open (Record) or standing for derived models (a discriminated base). */
function isOpaque(api: ApiModel, name: string): boolean {
  const model = api.models[name];
  return !model || model.additionalProperties !== undefined || model.discriminator !== undefined;
}

/** The Go name of a model shape. */
export function goModelName(api: ApiModel, name: string, variant: Variant): string {
  return goTypeName(variantName(api, name, variant));
}

/** The Go type of a value of `type` in the `variant` shape. */
export function goType(api: ApiModel, type: TypeRef, variant: Variant = "Read"): string {
  switch (type.kind) {
    case "scalar":
      return SCALARS[type.name];
    case "model":
      return goModelName(api, type.name, variant);
    case "enum":
      return api.enums[type.name] ? goTypeName(type.name) : "any";
    case "array":
      return `[]${goType(api, type.items, variant)}`;
    case "record":
      return `map[string]${goType(api, type.values, variant)}`;
    case "tuple":
      return "[]any";
    case "literal":
      return typeof type.value === "string" ? "string" : typeof type.value === "boolean" ? "bool" : "float64";
    case "union": {
      const nonNull = type.variants.filter((v) => v.kind !== "null");
      const kinds = new Set(nonNull.map((v) => goType(api, v, variant)));
      if (kinds.size === 1) {
        const only = [...kinds][0];
        return nonNull.length < type.variants.length && !/^(\[\]|map\[|any$|\*)/.test(only) ? `*${only}` : only;
      }
      return "any";
    }
    default:
      return "any";
  }
}

/** Types a pointer adds nothing to: nil already means absent. */
const nilable = (goTypeText: string) => /^(\[\]|map\[|any$|\*|json\.RawMessage$)/.test(goTypeText);

export interface GoField {
  name: string;
  type: string;
  tag: string;
  doc?: string;
}

export interface GoDeclaration {
  name: string;
  doc?: string;
  kind: "struct" | "opaque" | "enum";
  fields?: GoField[];
  /** For enums: the underlying type and one constant per member. */
  base?: string;
  members?: { name: string; value: string }[];
  /** The struct's fields or the enum's constants, laid out as gofmt does. */
  lines: string[];
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ");

/** Every type the generated routes use: each model shape, then each enum. */
export function goDeclarations(api: ApiModel, shapes: { name: string; variant: Variant }[]): GoDeclaration[] {
  const out: GoDeclaration[] = [];
  const seen = new Set<string>();
  for (const { name, variant } of shapes) {
    const goName = goModelName(api, name, variant);
    if (seen.has(goName)) continue;
    seen.add(goName);
    const model = api.models[name];
    if (!model) continue;
    if (isOpaque(api, name)) {
      out.push({ name: goName, kind: "opaque", doc: model.doc, lines: [] });
      continue;
    }
    const fieldNames = new Set<string>();
    const fields = visibleProperties(model, variant).map((p): GoField => {
      let field = goExported(p.name);
      while (fieldNames.has(field)) field = `${field}_`;
      fieldNames.add(field);
      const base = goType(api, p.type, variant);
      const type = p.optional && !nilable(base) ? `*${base}` : base;
      return { name: field, type, tag: `\`json:${goString(p.optional ? `${p.jsonName},omitempty` : p.jsonName)}\``, doc: p.doc };
    });
    const lines = goAligned(
      fields.map((f) => ({ comment: f.doc === undefined ? undefined : oneLine(f.doc), cells: [f.name, f.type, f.tag] })),
    );
    out.push({ name: goName, kind: "struct", fields, doc: model.doc, lines });
  }
  for (const e of Object.values(api.enums)) {
    const strings = e.members.every((m) => typeof m.value === "string");
    const integers = e.members.every((m) => Number.isInteger(m.value));
    const name = goTypeName(e.name);
    const memberNames = new Set<string>();
    const members = e.members.map((m) => {
      let member = `${name}${goExported(m.name)}`;
      while (memberNames.has(member)) member = `${member}_`;
      memberNames.add(member);
      return { name: member, value: typeof m.value === "string" ? goString(m.value) : String(m.value) };
    });
    out.push({
      name,
      doc: e.doc,
      kind: "enum",
      base: strings ? "string" : integers ? "int64" : "float64",
      members,
      lines: goAligned(members.map((m) => ({ cells: [m.name, name, "=", m.value] }))),
    });
  }
  return out;
}

/** Whether any declaration or route type needs the time package. */
export function usesTime(texts: string[]): boolean {
  return texts.some((t) => t.includes("time.Time"));
}

/** A Go zero value of a type as package handlers writes it, for the commented examples. */
export function goZero(type: string): string {
  if (/^(\[\]|map\[|\*|any$)/.test(type)) return "nil";
  if (/^(u?int(8|16|32|64)?|float(32|64))$/.test(type)) return "0";
  if (type === "string") return '""';
  if (type === "bool") return "false";
  return `${qualifiedGoType(type)}{}`;
}

/** A type of package api as package handlers writes it: `[]Pet` -> `[]api.Pet`. */
export function qualifiedGoType(type: string): string {
  return type.replace(/(^|\[\]|\*|map\[string\])([A-Z]\w*)/g, "$1api.$2");
}
