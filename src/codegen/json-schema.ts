/**
 * JSON Schemas from the ApiModel. Fastify validates requests and serialises responses with them,
 * so every TypeSpec constraint (lengths, ranges, patterns, formats, required) is enforced at the
 * edge. Models become shared schemas (`$id`), referenced as `{ $ref: "Name#" }`.
 */
import type { ApiModel, Constraints, Model, TypeRef } from "../spec/model.ts";
import { safeTypeName } from "../names.ts";
import { type Variant, discriminatedModels, modelReferences, referencedModels, variantName, visibleProperties } from "./variants.ts";
import { isIntegerScalar } from "./scalars.ts";

export type JsonSchema = Record<string, unknown>;

/** Formats Fastify's ajv (with ajv-formats) knows; any other format would fail schema compilation. */
const KNOWN_FORMATS = new Set([
  "date",
  "time",
  "date-time",
  "duration",
  "uri",
  "uri-reference",
  "uri-template",
  "url",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "regex",
  "uuid",
  "json-pointer",
  "relative-json-pointer",
  "byte",
  "int32",
  "int64",
  "float",
  "double",
  "password",
  "binary",
  "iso-time",
  "iso-date-time",
]);

/**
 * ISO 8601 durations as TypeSpec writes them, fractions included (`PT1.5S`, `P1.5D`); ajv-formats'
 * "duration" refuses any fraction.
 */
const ISO_DURATION =
  "^-?P(?!$)(\\d+(\\.\\d+)?Y)?(\\d+(\\.\\d+)?M)?(\\d+(\\.\\d+)?W)?(\\d+(\\.\\d+)?D)?(T(?=\\d)(\\d+(\\.\\d+)?H)?(\\d+(\\.\\d+)?M)?(\\d+(\\.\\d+)?S)?)?$";

/**
 * Each integer scalar's range. 64-bit integers (and `integer`, `safeint`) stop at 2^53 - 1: JSON
 * parsing turns a larger number into the nearest double before any check runs, so 2^53 + 1 would
 * arrive silently rounded; refusing every unsafe integer with a 400 is the only honest answer.
 * A spec that needs the full range says `@encode(string)` on the property, and the value then
 * travels as a string.
 */
const SAFE = Number.MAX_SAFE_INTEGER;
const INTEGER_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  int64: [-SAFE, SAFE],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  uint64: [0, SAFE],
  safeint: [-SAFE, SAFE],
  integer: [-SAFE, SAFE],
};

/** The range the server holds an integer to: by its TypeSpec scalar, which is also its OpenAPI `format`. */
/** MySQL's exact column, DECIMAL(65, 30), holds 35 digits before the point: every dialect holds decimals to it alike. */
export const DECIMAL_LIMIT = 1e35;

export function integerRange(name: string | undefined): [number, number] {
  return name !== undefined && Object.hasOwn(INTEGER_RANGES, name) ? INTEGER_RANGES[name] : [-SAFE, SAFE];
}

function scalarSchema(name: string): JsonSchema {
  if (isIntegerScalar(name)) {
    const [minimum, maximum] = integerRange(name);
    return { type: "integer", minimum, maximum };
  }
  switch (name) {
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "float":
    case "float32":
    case "float64":
    case "numeric":
      return { type: "number" };
    case "decimal":
    case "decimal128":
      return { type: "number", exclusiveMinimum: -DECIMAL_LIMIT, exclusiveMaximum: DECIMAL_LIMIT };
    case "utcDateTime":
    case "offsetDateTime":
      return { type: "string", format: "date-time" };
    case "plainDate":
      return { type: "string", format: "date" };
    case "plainTime":
      // ajv-formats' "time" demands a zone offset; a plain time has none ("10:00:00").
      return { type: "string", format: "iso-time" };
    case "duration":
      return { type: "string", pattern: ISO_DURATION };
    case "url":
      return { type: "string", format: "uri" };
    case "bytes":
      return { type: "string", format: "byte" };
    default:
      return {};
  }
}

export function constraintKeywords(c: Constraints): JsonSchema {
  const out: JsonSchema = {};
  if (c.minLength !== undefined) out.minLength = c.minLength;
  if (c.maxLength !== undefined) out.maxLength = c.maxLength;
  if (c.minValue !== undefined) out.minimum = c.minValue;
  if (c.maxValue !== undefined) out.maximum = c.maxValue;
  if (c.minValueExclusive !== undefined) out.exclusiveMinimum = c.minValueExclusive;
  if (c.maxValueExclusive !== undefined) out.exclusiveMaximum = c.maxValueExclusive;
  if (c.minItems !== undefined) out.minItems = c.minItems;
  if (c.maxItems !== undefined) out.maxItems = c.maxItems;
  if (c.pattern !== undefined) out.pattern = c.pattern;
  if (c.format !== undefined && KNOWN_FORMATS.has(c.format)) out.format = c.format;
  return out;
}

/** The `$id` of a model's shared schema in one variant. */
export function schemaId(api: ApiModel, model: string, variant: Variant): string {
  return safeTypeName(variantName(api, model, variant));
}

export function typeSchema(api: ApiModel, type: TypeRef, variant: Variant): JsonSchema {
  switch (type.kind) {
    case "scalar":
      return scalarSchema(type.name);
    case "model":
      return { $ref: `${schemaId(api, type.name, variant)}#` };
    case "enum": {
      const values = api.enums[type.name]?.members.map((m) => m.value) ?? [];
      const allStrings = values.every((v) => typeof v === "string");
      return { type: allStrings ? "string" : "number", enum: values };
    }
    case "union": {
      const nonNull = type.variants.filter((v) => v.kind !== "null");
      const nullable = nonNull.length < type.variants.length;
      const literals = nonNull.every((v) => v.kind === "literal");
      let schema: JsonSchema;
      if (literals && nonNull.length > 0) {
        const values = nonNull.map((v) => (v as { value: string | number | boolean }).value);
        const kinds = new Set(values.map((v) => typeof v));
        schema = kinds.size === 1 ? { type: [...kinds][0], enum: values } : { enum: values };
      } else if (nonNull.length === 1) {
        schema = typeSchema(api, nonNull[0], variant);
      } else {
        // Fastify serialises a union with the first alternative the value matches and drops the
        // properties that alternative lacks; trying models with more properties first means a
        // `Dog` (Cat + bark) is never written out as a `Cat`.
        const size = (v: TypeRef) => (v.kind === "model" ? (api.models[v.name]?.properties.length ?? 0) : -1);
        const ordered = nonNull.map((v, i) => ({ v, i })).sort((a, b) => size(b.v) - size(a.v) || a.i - b.i);
        schema = { anyOf: ordered.map(({ v }) => typeSchema(api, v, variant)) };
      }
      return nullable ? { anyOf: [schema, { type: "null" }] } : schema;
    }
    case "array":
      return { type: "array", items: typeSchema(api, type.items, variant) };
    case "tuple":
      // Draft-07, as Fastify's Ajv and fast-json-stringify read it: `items` as a list, nothing after.
      return {
        type: "array",
        items: type.items.map((item) => typeSchema(api, item, variant)),
        additionalItems: false,
        minItems: type.items.length,
        maxItems: type.items.length,
      };
    case "record":
      return { type: "object", additionalProperties: typeSchema(api, type.values, variant) };
    case "literal":
      return { type: typeof type.value, enum: [type.value] };
    case "null":
      return { type: "null" };
    default:
      return {};
  }
}

function orNull(schema: JsonSchema): JsonSchema {
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (schema.type === "null" || anyOf?.some((s) => s.type === "null")) return schema;
  return { anyOf: [schema, { type: "null" }] };
}

/** How a PATCH body departs from the model: `null` removes (merge patch), every property optional (implicitOptionality). */
export interface PatchRules {
  mergePatch: boolean;
  allOptional: boolean;
}

/**
 * A PATCH body of `type`. A JSON merge patch (RFC 7396): `null` removes a member, so every optional
 * property and every map entry may be null, in nested objects too; arrays are replaced whole.
 * With implicitOptionality, no property is required, nested models included but not array items
 * (as @typespec/http's document says). Inline, because the shared schemas describe whole values;
 * a model met again deeper (recursion) keeps its shared one.
 */
export function patchSchema(api: ApiModel, type: TypeRef, variant: Variant, rules: PatchRules, seen: Set<string> = new Set()): JsonSchema {
  const nullable = (schema: JsonSchema) => (rules.mergePatch ? orNull(schema) : schema);
  if (type.kind === "record")
    return { type: "object", additionalProperties: nullable(patchSchema(api, type.values, variant, rules, seen)) };
  if (type.kind === "union") {
    const nonNull = type.variants.filter((v) => v.kind !== "null");
    if (nonNull.length === 1) {
      const inner = patchSchema(api, nonNull[0], variant, rules, seen);
      return nonNull.length < type.variants.length || rules.mergePatch ? orNull(inner) : inner;
    }
  }
  const model = type.kind === "model" ? api.models[type.name] : undefined;
  if (!model || model.discriminator || seen.has(model.name)) return typeSchema(api, type, variant);
  const inner = new Set([...seen, model.name]);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const p of visibleProperties(model, variant)) {
    const schema: JsonSchema = { ...patchSchema(api, p.type, variant, rules, inner), ...constraintKeywords(p.constraints) };
    // TypeSpec's MergePatchUpdate<T> says which properties null may erase; otherwise every optional one.
    properties[p.jsonName] = (p.mergePatch?.erasable ?? p.optional) ? nullable(schema) : schema;
    if (!p.optional && !rules.allOptional) required.push(p.jsonName);
  }
  const out: JsonSchema = { type: "object", properties };
  if (required.length > 0) out.required = required;
  if (model.additionalProperties) out.additionalProperties = nullable(patchSchema(api, model.additionalProperties, variant, rules, inner));
  return out;
}

/** The shared schema of one model in one variant. */
export function modelSchema(api: ApiModel, model: Model, variant: Variant): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const p of visibleProperties(model, variant)) {
    const schema: JsonSchema = { ...typeSchema(api, p.type, variant), ...constraintKeywords(p.constraints) };
    if (p.default !== undefined && p.default !== null) schema.default = p.default;
    if (p.doc) schema.description = p.doc;
    properties[p.jsonName] = schema;
    if (!p.optional) required.push(p.jsonName);
  }
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  if (model.additionalProperties) schema.additionalProperties = typeSchema(api, model.additionalProperties, variant);
  const derived = discriminatedModels(model);
  if (!model.discriminator || derived.length === 0) {
    return { $id: schemaId(api, model.name, variant), ...schema, ...(model.doc ? { description: model.doc } : {}) };
  }
  // A discriminated base: the value is one of the derived models, chosen by the discriminator, or
  // the base shape itself with a value no derived model claims. Without this, validation would
  // skip the derived models' own rules and serialisation would drop their own properties.
  const values = Object.keys(model.discriminator.mapping);
  const own = (properties[model.discriminator.property] ?? {}) as JsonSchema;
  properties[model.discriminator.property] = { ...own, not: { enum: values } };
  const out: JsonSchema = {
    $id: schemaId(api, model.name, variant),
    anyOf: [...derived.map((name) => ({ $ref: `${schemaId(api, name, variant)}#` })), schema],
  };
  if (model.doc) out.description = model.doc;
  return out;
}

/** Each (model, variant) reachable from `roots`, following nested references in the same variant. */
export function reachableModels(api: ApiModel, roots: { type: TypeRef; variant: Variant }[]): { name: string; variant: Variant }[] {
  const out: { name: string; variant: Variant }[] = [];
  const seen = new Set<string>();
  const queue = roots.flatMap((r) => referencedModels(r.type).map((name) => ({ name, variant: r.variant })));
  // An index, not queue.shift(): shifting a long array is linear, which made this quadratic.
  for (let head = 0; head < queue.length; head++) {
    const next = queue[head];
    const model = api.models[next.name];
    const id = `${next.name}/${next.variant}`;
    if (!model || seen.has(id)) continue;
    seen.add(id);
    out.push(next);
    const visible = { ...model, properties: visibleProperties(model, next.variant) };
    for (const name of modelReferences(visible)) queue.push({ name, variant: next.variant });
  }
  return out;
}

/** Every shared schema the routes need, keyed by `$id`, in a stable order. */
export function collectSchemas(api: ApiModel, roots: { type: TypeRef; variant: Variant }[]): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const { name, variant } of reachableModels(api, roots)) {
    out[schemaId(api, name, variant)] ??= modelSchema(api, api.models[name], variant);
  }
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}
