/**
 * TypeSpec visibility gives one model several shapes on the wire: what a client sends to create
 * (Create), to replace or patch (Update), to delete (Delete), and what it reads back (Read). A variant is one of those
 * shapes; its name is the model's name plus a suffix, except Read which keeps the model's name.
 */
import type { ApiModel, Lifecycle, Model, Property } from "../spec/model.ts";

export type Variant = "Read" | "Create" | "Update" | "Delete";

export function visibleProperties(model: Model, variant: Variant): Property[] {
  return model.properties.filter((p) => p.visibility.includes(variant as Lifecycle));
}

/** True when the variant differs from the Read shape, so it needs a type and schema of its own. */
export function variantDiffers(api: ApiModel, modelName: string, variant: Variant, seen = new Set<string>()): boolean {
  if (variant === "Read") return false;
  const model = api.models[modelName];
  if (!model || seen.has(modelName)) return false;
  seen.add(modelName);
  const read = visibleProperties(model, "Read")
    .map((p) => p.name)
    .join(",");
  const other = visibleProperties(model, variant)
    .map((p) => p.name)
    .join(",");
  if (read !== other) return true;
  return modelReferences(model).some((m) => variantDiffers(api, m, variant, seen));
}

/**
 * The models a model's own shape depends on: its properties' and additional properties' types,
 * and, for a discriminated base, every derived model it stands for (a `Bird` on the wire may be
 * an `Eagle`, so the Eagle's shape is part of what a `Bird` schema or type must describe).
 */
export function modelReferences(model: Model): string[] {
  const types = model.properties.map((p) => p.type);
  if (model.additionalProperties) types.push(model.additionalProperties);
  return [...types.flatMap(referencedModels), ...discriminatedModels(model)];
}

/** For a base marked @discriminator: its derived models, in mapping order, each once. */
export function discriminatedModels(model: Model): string[] {
  return [...new Set(Object.values(model.discriminator?.mapping ?? {}))].filter((name) => name !== model.name);
}

export function variantName(api: ApiModel, modelName: string, variant: Variant): string {
  if (variant === "Read" || !variantDiffers(api, modelName, variant)) return modelName;
  const candidate = `${modelName}${variant}`;
  return api.models[candidate] ? `${candidate}Input` : candidate;
}

export function referencedModels(type: import("../spec/model.ts").TypeRef): string[] {
  switch (type.kind) {
    case "model":
      return [type.name];
    case "array":
      return referencedModels(type.items);
    case "tuple":
      return type.items.flatMap(referencedModels);
    case "record":
      return referencedModels(type.values);
    case "union":
      return type.variants.flatMap(referencedModels);
    default:
      return [];
  }
}
