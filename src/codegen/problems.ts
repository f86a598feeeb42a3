/**
 * Error bodies in the spec's own shape. When the spec says a 404 answers with `Problem { status,
 * title, detail? }` or `ApiError { code, message }`, the generated error handler must produce
 * exactly that; each field is filled from what the server knows: the status, its reason phrase,
 * a short code, or the message.
 */
import type { ApiModel } from "../spec/model.ts";
import { safeTypeName } from "../names.ts";
import { isNumericScalar } from "./scalars.ts";

export type ProblemFill = "status" | "title" | "code" | "message" | "false" | "empty-array" | "empty-object";

/** error shape name -> [json property, fill] */
export type ProblemShapes = Record<string, [string, ProblemFill][]>;

export function problemShapes(api: ApiModel, shapeNames: Iterable<string>): ProblemShapes {
  const out: ProblemShapes = {};
  const byTypeName = new Map(Object.values(api.models).map((m) => [safeTypeName(m.name), m]));
  for (const name of [...new Set(shapeNames)].sort()) {
    const model = byTypeName.get(name);
    if (!model) continue;
    out[name] = model.properties.flatMap((p): [string, ProblemFill][] => {
      const t = p.type;
      if (t.kind === "scalar" && isNumericScalar(t.name)) return [[p.jsonName, "status"]];
      if (t.kind === "scalar" && t.name === "string") {
        if (/^(title|error|reason)$/i.test(p.name)) return [[p.jsonName, "title"]];
        if (/code|type|kind/i.test(p.name)) return [[p.jsonName, "code"]];
        return [[p.jsonName, "message"]];
      }
      if (p.optional) return [];
      if (t.kind === "scalar" && t.name === "boolean") return [[p.jsonName, "false"]];
      if (t.kind === "array") return [[p.jsonName, "empty-array"]];
      return [[p.jsonName, "empty-object"]];
    });
  }
  return out;
}
