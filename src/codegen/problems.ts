/**
 * Error bodies in the spec's own shape. When the spec says a 404 answers with `Problem { status,
 * title, detail? }` or `ApiError { code, message }`, the generated error handler must produce
 * exactly that; each field is filled from what the server knows: the status, its reason phrase,
 * a short code, or the message. A required field that means none of these still gets a value its
 * schema accepts (an enum member, the time, a nested object filled the same way), so no error
 * answer fails its own serialisation and turns into a 500.
 */
import type { ApiModel, Property, TypeRef } from "../spec/model.ts";
import { safeTypeName } from "../names.ts";
import { isNumericScalar } from "./scalars.ts";
import { sampleValue } from "./samples.ts";

/**
 * How the runtime fills one property: from the answer (status, reason phrase, code, message), the
 * time of the answer, the member of `oneOf` that spells the status (else the first), a constant
 * its schema accepts, or a nested object filled field by field.
 */
export type ProblemFill =
  | "status"
  | "title"
  | "code"
  | "message"
  | "now"
  | { oneOf: (string | number)[] }
  | { value: unknown }
  | { fields: [string, ProblemFill][] };

/** error shape name -> [json property, fill] */
export type ProblemShapes = Record<string, [string, ProblemFill][]>;

/** Names that carry the explanation (the validation errors name every failing field in it). */
const MESSAGE_NAME = /message|detail|description/i;
const TITLE_NAME = /^(title|error|reason)$/i;
const CODE_NAME = /code|type|kind/i;

/** A string the runtime may write any text into: no format or pattern to satisfy. */
const freeText = (p: Property) => p.type.kind === "scalar" && p.type.name === "string" && !p.constraints.pattern && !p.constraints.format;

/** The literal values a property can take (an enum's members, a union of literals), when it can take only those. */
function choices(api: ApiModel, type: TypeRef): (string | number)[] | undefined {
  if (type.kind === "enum") return api.enums[type.name]?.members.map((m) => m.value);
  if (type.kind === "union" && type.variants.every((v) => v.kind === "literal" && typeof v.value !== "boolean")) {
    return type.variants.map((v) => (v as { value: string | number }).value);
  }
  return undefined;
}

function fieldsOf(api: ApiModel, properties: Property[], depth: number): [string, ProblemFill][] {
  const texts = properties.filter(freeText);
  // The message goes where the model explains; with no such name, into its reason or title
  // (`{ errorCode, reason }`), so the failing fields are always somewhere in the answer.
  const messageSlot = texts.find((p) => MESSAGE_NAME.test(p.name)) ?? texts.find((p) => TITLE_NAME.test(p.name));
  return properties.flatMap((p): [string, ProblemFill][] => {
    const t = p.type;
    if (freeText(p)) {
      if (p === messageSlot) return [[p.jsonName, "message"]];
      if (TITLE_NAME.test(p.name)) return [[p.jsonName, "title"]];
      if (CODE_NAME.test(p.name)) return [[p.jsonName, "code"]];
      return p.optional ? [] : [[p.jsonName, "message"]];
    }
    if (t.kind === "scalar" && isNumericScalar(t.name) && (!p.optional || /status/i.test(p.name))) return [[p.jsonName, "status"]];
    if (p.optional) return [];
    if (t.kind === "scalar" && (t.name === "utcDateTime" || t.name === "offsetDateTime")) return [[p.jsonName, "now"]];
    const members = choices(api, t);
    if (members && members.length > 0) return [[p.jsonName, { oneOf: members }]];
    if (t.kind === "model" && depth < 4) {
      const nested = api.models[t.name];
      if (nested && !nested.discriminator) return [[p.jsonName, { fields: fieldsOf(api, nested.properties, depth + 1) }]];
    }
    if (t.kind === "scalar" && t.name === "boolean") return [[p.jsonName, { value: false }]];
    if (t.kind === "array" && !p.constraints.minItems) return [[p.jsonName, { value: [] }]];
    if (t.kind === "record" || t.kind === "unknown") return [[p.jsonName, { value: {} }]];
    return [[p.jsonName, { value: sampleValue(api, t, "Read", p.constraints, p.name) ?? null }]];
  });
}

export function problemShapes(api: ApiModel, shapeNames: Iterable<string>): ProblemShapes {
  const out: ProblemShapes = {};
  const byTypeName = new Map(Object.values(api.models).map((m) => [safeTypeName(m.name), m]));
  for (const name of [...new Set(shapeNames)].sort()) {
    const model = byTypeName.get(name);
    if (model) out[name] = fieldsOf(api, model.properties, 0);
  }
  return out;
}

/**
 * The spec's error model for answers no route declares (a validation 400 on an operation that lists
 * no error, a request no route matches): the error shape the routes use most, else the spec's only
 * @error model. Undefined when the spec has neither: the documented default shape answers then.
 */
export function serviceErrorShape(api: ApiModel, used: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const name of used) counts.set(name, (counts.get(name) ?? 0) + 1);
  const most = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  if (most !== undefined) return most;
  const errors = Object.values(api.models).filter((m) => m.isError);
  return errors.length === 1 ? safeTypeName(errors[0].name) : undefined;
}

/** The error shape an answer with `status` takes (same lookup as the generated runtime's shapeFor). */
export function problemShapeOf(
  shapes: ProblemShapes,
  errorShapes: Record<string, string>,
  status: number,
  serviceShape: string | undefined,
): ProblemShapes[string] | undefined {
  const keys = Object.keys(errorShapes);
  const fallback = keys.find((key) => key.startsWith("4")) ?? keys[0];
  const name =
    errorShapes[String(status)] ??
    errorShapes[`${Math.floor(status / 100)}xx`] ??
    errorShapes.default ??
    (fallback === undefined ? serviceShape : errorShapes[fallback]);
  return name === undefined ? undefined : shapes[name];
}
