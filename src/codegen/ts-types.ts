/**
 * TypeScript type expressions for the wire shapes: what JSON.parse gives a handler and what it
 * must return. Dates stay ISO strings and decimals plain numbers, exactly as they travel.
 */
import type { ApiModel, TypeRef } from "../spec/model.ts";
import { freshName, propertyKey, safeTypeName } from "../names.ts";
import { type Variant, discriminatedModels, variantName, visibleProperties } from "./variants.ts";
import { isNumericScalar } from "./scalars.ts";

function scalarType(name: string): string {
  if (isNumericScalar(name)) return "number";
  if (name === "boolean") return "boolean";
  if (name === "unknown") return "unknown";
  return "string";
}

export function tsType(api: ApiModel, type: TypeRef, variant: Variant = "Read"): string {
  switch (type.kind) {
    case "scalar":
      return scalarType(type.name);
    case "model":
      return safeTypeName(variantName(api, type.name, variant));
    case "enum":
      return safeTypeName(type.name);
    case "union":
      if (type.name && api.unions[type.name]) return safeTypeName(type.name);
      return type.variants.map((v) => tsType(api, v, variant)).join(" | ") || "never";
    case "array": {
      const item = tsType(api, type.items, variant);
      return /[|&]/.test(item) ? `Array<${item}>` : `${item}[]`;
    }
    case "tuple":
      return `[${type.items.map((item) => tsType(api, item, variant)).join(", ")}]`;
    case "record":
      return `Record<string, ${tsType(api, type.values, variant)}>`;
    case "literal":
      return JSON.stringify(type.value);
    case "null":
      return "null";
    default:
      return "unknown";
  }
}

export interface TsProperty {
  key: string;
  type: string;
  optional: boolean;
  doc?: string;
}

export interface TsDeclaration {
  kind: "interface" | "alias";
  name: string;
  doc?: string;
  properties?: TsProperty[];
  /** For an interface with additional properties: the index signature's value type. */
  indexType?: string;
  /** For an alias. */
  type?: string;
}

/** Declarations for the given (model, variant) pairs, plus every enum and named union. */
export function declarations(api: ApiModel, models: { name: string; variant: Variant }[]): TsDeclaration[] {
  const out: TsDeclaration[] = [];
  const seen = new Set<string>();
  // Every name a model, enum or union may claim, so a helper declaration never takes one of them.
  const taken = new Set([
    ...models.map(({ name, variant }) => safeTypeName(variantName(api, name, variant))),
    ...Object.keys(api.enums).map(safeTypeName),
    ...Object.keys(api.unions).map(safeTypeName),
  ]);
  for (const { name, variant } of models) {
    const model = api.models[name];
    let declName = safeTypeName(variantName(api, name, variant));
    if (!model || seen.has(declName)) continue;
    seen.add(declName);
    let doc = model.doc;
    const derived = model.discriminator ? discriminatedModels(model) : [];
    if (model.discriminator && derived.length > 0) {
      // A discriminated base is a union of its derived models (so a handler may return an Eagle
      // where a Bird is expected, and narrow on the discriminator), plus the base shape itself for
      // discriminator values no derived model claims.
      const baseName = freshName(`${declName}Base`, taken);
      const arms = derived.map((d) => safeTypeName(variantName(api, d, variant)));
      out.push({ kind: "alias", name: declName, doc: model.doc, type: [...arms, baseName].join(" | ") });
      doc = `A ${declName} whose \`${model.discriminator.property}\` no derived model claims: the base shape alone.`;
      declName = baseName;
    }
    const properties = visibleProperties(model, variant).map((p) => ({
      key: propertyKey(p.jsonName),
      type: tsType(api, p.type, variant),
      optional: p.optional,
      doc: p.doc,
    }));
    const indexType = model.additionalProperties
      ? ["unknown", tsType(api, model.additionalProperties, variant)].includes("unknown")
        ? "unknown"
        : `${tsType(api, model.additionalProperties, variant)} | ${properties.map((p) => p.type).join(" | ") || "never"}`
      : undefined;
    out.push({ kind: "interface", name: declName, doc, properties, indexType });
  }
  for (const e of Object.values(api.enums)) {
    out.push({
      kind: "alias",
      name: safeTypeName(e.name),
      doc: e.doc,
      type: e.members.map((m) => JSON.stringify(m.value)).join(" | ") || "never",
    });
  }
  for (const u of Object.values(api.unions)) {
    out.push({
      kind: "alias",
      name: safeTypeName(u.name),
      doc: u.doc,
      type: u.variants.map((v) => tsType(api, v.type)).join(" | ") || "never",
    });
  }
  return out;
}
