/**
 * Sample values for the generated tests: a value that satisfies every constraint of a type (so a
 * create request must succeed), and a mutation that breaks exactly one constraint (so it must be
 * rejected with 400). Deterministic, so regenerating an unchanged spec gives identical files.
 */
import randexpModule from "randexp";
import type { ApiModel, Constraints, Property, TypeRef } from "../spec/model.ts";
import { type Variant, discriminatedModels, visibleProperties } from "./variants.ts";
import { isIntegerScalar } from "./scalars.ts";

/**
 * The model a sample of `name` is built from: a discriminated base samples its first derived
 * model (recursively), so the sample carries a discriminator value the schema recognises.
 */
function concreteModel(api: ApiModel, name: string): string {
  const seen = new Set<string>();
  let current = name;
  for (;;) {
    const model = api.models[current];
    const next = model ? discriminatedModels(model)[0] : undefined;
    if (next === undefined || seen.has(next)) return current;
    seen.add(current);
    current = next;
  }
}

// randexp is CommonJS: at run time the default import is the class itself, while its types
// describe an ES module whose `default` is the class. Accept both.
type RandExpClass = typeof randexpModule.default;
const RandExp: RandExpClass =
  (randexpModule as unknown as { default?: RandExpClass }).default ?? (randexpModule as unknown as RandExpClass);

/** A small seeded generator so pattern samples are the same on every run. */
function seeded(seed: number): (a: number, b: number) => number {
  let state = seed >>> 0;
  return (a, b) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return a + (state % (b - a + 1));
  };
}

/**
 * Unicode classes randexp does not know, as ASCII ranges they include: a draw from these still
 * has to match the real pattern (checked with the u flag), so a wrong guess only costs the fallback.
 */
const UNICODE_CLASSES: [RegExp, string][] = [
  [/\\p\{(Lu|Uppercase_Letter)\}/g, "A-Z"],
  [/\\p\{(Ll|Lowercase_Letter)\}/g, "a-z"],
  [/\\p\{(L|Letter|Alphabetic)\}/g, "A-Za-z"],
  [/\\p\{(N|Nd|Number|Decimal_Number)\}/g, "0-9"],
];

/** The pattern in a form randexp parses: Unicode classes as ranges (inside a class or not), named groups plain. */
function randexpSource(pattern: string): string {
  let source = pattern.replace(/\(\?<([A-Za-z_]\w*)>/g, "(");
  for (const [from, to] of UNICODE_CLASSES) {
    // `[\p{L}_]` becomes `[A-Za-z_]`; a bare `\p{L}` becomes `[A-Za-z]`.
    const inClass = new RegExp(`(\\[[^\\]]*?)${from.source}`);
    while (inClass.test(source)) source = source.replace(inClass, `$1${to}`);
    source = source.replace(from, `[${to}]`);
  }
  return source;
}

/**
 * A string matching `pattern` as the generated server's validator reads it (the u flag) and within
 * the length bounds, or undefined when randexp cannot parse the pattern or draws none that fits in
 * a few tries (each with its own seed, so the result is the same on every run).
 */
function patternSample(pattern: string, c: Constraints, name: string): string | undefined {
  let real: RegExp;
  let gen: InstanceType<RandExpClass>;
  try {
    real = new RegExp(pattern, "u");
    gen = new RandExp(randexpSource(pattern));
  } catch {
    return undefined;
  }
  const min = c.minLength ?? 0;
  const max = c.maxLength ?? Infinity;
  gen.max = Math.max(1, min, Math.min(max, 8));
  for (let attempt = 0; attempt < 20; attempt++) {
    gen.randInt = seeded(name.length * 7919 + pattern.length + attempt * 104729);
    try {
      const value = gen.gen();
      if (real.test(value) && value.length >= min && value.length <= max) return value;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function stringSample(c: Constraints, name: string): string {
  if (c.pattern) {
    const value = patternSample(c.pattern, c, name);
    if (value !== undefined) return value;
  }
  switch (c.format) {
    case "email":
      return "someone@example.com";
    case "uuid":
      return "3f1c2a4e-8b6d-4c1a-9e2f-5a7b8c9d0e1f";
    case "uri":
    case "url":
      return "https://example.com/";
    case "date":
      return "2024-05-17";
    case "date-time":
      return "2024-05-17T10:00:00.000Z";
  }
  const min = c.minLength ?? 1;
  const max = c.maxLength ?? Math.max(min, 24);
  let value = `sample ${name}`;
  while (value.length < min) value += "x";
  return value.slice(0, Math.max(min, Math.min(max, value.length)));
}

/**
 * A number within every bound: 1 when it fits, else the nearest inclusive bound (as before), else
 * a point strictly inside exclusive bounds (`0 < x < 1` gives 0.5 for a float); integers round inward.
 */
function numberSample(c: Constraints, integer: boolean): number {
  const fits = (v: number) =>
    (!integer || Number.isInteger(v)) &&
    (c.minValue === undefined || v >= c.minValue) &&
    (c.maxValue === undefined || v <= c.maxValue) &&
    (c.minValueExclusive === undefined || v > c.minValueExclusive) &&
    (c.maxValueExclusive === undefined || v < c.maxValueExclusive);
  const lo = c.minValue ?? c.minValueExclusive;
  const hi = c.maxValue ?? c.maxValueExclusive;
  const nearest = Math.min(Math.max(1, lo ?? -Infinity), hi ?? Infinity);
  const candidates = [
    nearest,
    lo !== undefined && hi !== undefined ? (lo + hi) / 2 : undefined,
    lo !== undefined ? lo + 1 : undefined,
    hi !== undefined ? hi - 1 : undefined,
  ];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    for (const v of integer ? [Math.ceil(candidate), Math.floor(candidate)] : [candidate]) if (fits(v)) return v;
  }
  // No value fits (`0 < x < 1` for an integer): the server refuses every one, so any will do.
  return integer ? Math.ceil(nearest) : nearest;
}

export function sampleValue(api: ApiModel, type: TypeRef, variant: Variant, c: Constraints = {}, name = "value", depth = 0): unknown {
  switch (type.kind) {
    case "scalar":
      switch (type.name) {
        case "boolean":
          return true;
        case "utcDateTime":
        case "offsetDateTime":
          return "2024-05-17T10:00:00.000Z";
        case "plainDate":
          return "2024-05-17";
        case "plainTime":
          return "10:00:00";
        case "duration":
          return "PT1H";
        case "url":
          return "https://example.com/";
        case "bytes":
          return "aGVsbG8=";
        case "unknown":
          return { sample: true };
        case "string":
          return stringSample(c, name);
        default:
          return numberSample(c, isIntegerScalar(type.name));
      }
    case "model":
      return depth > 4 ? undefined : sampleModel(api, type.name, variant, depth + 1);
    case "enum":
      return api.enums[type.name]?.members[0]?.value;
    case "union": {
      const first = type.variants.find((v) => v.kind !== "null") ?? type.variants[0];
      return first ? sampleValue(api, first, variant, c, name, depth) : null;
    }
    case "array": {
      const item = sampleValue(api, type.items, variant, {}, name, depth);
      const count = Math.max(c.minItems ?? 1, 1);
      return item === undefined ? [] : Array.from({ length: count }, () => item);
    }
    case "tuple": {
      const items = type.items.map((item) => sampleValue(api, item, variant, {}, name, depth));
      return items.includes(undefined) ? undefined : items;
    }
    case "record":
      return {};
    case "literal":
      return type.value;
    case "null":
      return null;
    default:
      return "sample";
  }
}

/** Required properties only (plus those with constraints worth exercising), visible in the variant. */
export function sampleModel(api: ApiModel, modelName: string, variant: Variant, depth = 0): Record<string, unknown> {
  const model = api.models[concreteModel(api, modelName)];
  const out: Record<string, unknown> = {};
  if (!model) return out;
  for (const p of visibleProperties(model, variant)) {
    const value = sampleValue(api, p.type, variant, p.constraints, p.name, depth);
    if (value !== undefined) out[p.jsonName] = value;
  }
  return out;
}

export interface InvalidSample {
  body: Record<string, unknown>;
  /** The property the server must name in its 400 answer. */
  field: string;
  why: string;
}

function violate(api: ApiModel, p: Property): { value: unknown; why: string } | undefined {
  const c = p.constraints;
  const t = p.type;
  if (t.kind === "scalar" && t.name === "string") {
    if (c.minLength !== undefined && c.minLength > 0) return { value: "", why: `shorter than minLength ${c.minLength}` };
    if (c.maxLength !== undefined) return { value: "x".repeat(c.maxLength + 1), why: `longer than maxLength ${c.maxLength}` };
    if (c.pattern && !new RegExp(c.pattern, "u").test("\u0000!")) return { value: "\u0000!", why: `not matching ${c.pattern}` };
    if (c.format === "email") return { value: "not-an-email", why: "not an email" };
  }
  if (t.kind === "scalar" && t.name !== "string" && t.name !== "boolean") {
    if (c.minValue !== undefined) return { value: c.minValue - 1, why: `below minValue ${c.minValue}` };
    if (c.maxValue !== undefined) return { value: c.maxValue + 1, why: `above maxValue ${c.maxValue}` };
  }
  if (t.kind === "enum") return { value: "__not_a_member__", why: "not a member of the enum" };
  return undefined;
}

/** One body that breaks exactly one rule of the model, or undefined when it has no rule to break. */
/** `allOptional`: the body requires nothing (a PATCH with implicitOptionality), so no missing property is wrong. */
export function invalidSample(api: ApiModel, modelName: string, variant: Variant, allOptional = false): InvalidSample | undefined {
  const model = api.models[concreteModel(api, modelName)];
  if (!model) return undefined;
  const valid = sampleModel(api, model.name, variant);
  const props = visibleProperties(model, variant);
  for (const p of props) {
    const broken = violate(api, p);
    if (broken) return { body: { ...valid, [p.jsonName]: broken.value }, field: p.jsonName, why: broken.why };
  }
  const required = allOptional ? undefined : props.find((p) => !p.optional && p.default === undefined);
  if (required) {
    const body = { ...valid };
    delete body[required.jsonName];
    return { body, field: required.jsonName, why: "required property missing" };
  }
  return undefined;
}
