/**
 * TypeSpec types → TypeRef, registering every named or anonymous model, enum and named union
 * it meets on the way, so ApiModel holds exactly what the operations reach.
 */
import {
  getDiscriminatedUnion,
  getDiscriminatedUnionFromInheritance,
  getDiscriminator,
  getDoc,
  getEncode,
  getFriendlyName,
  getLifecycleVisibilityEnum,
  getNamespaceFullName,
  getVisibilityForClass,
  isArrayModelType,
  isErrorModel,
  isKey,
  isTemplateInstance,
  resolveEncodedName,
  serializeValueAsJson,
  walkPropertiesInherited,
} from "@typespec/compiler";
import type {
  DiagnosticTarget,
  Enum as TspEnum,
  Model as TspModel,
  ModelProperty,
  Program,
  Scalar,
  Type,
  Union,
  Value,
} from "@typespec/compiler";
import { isCookieParam, isHeader, isPathParam, isQueryParam, isStatusCode } from "@typespec/http";
import { getMergePatchProperties } from "@typespec/http/experimental/merge-patch";
import { constraintsOf, scalarName } from "./constraints.ts";
import { locate } from "./location.ts";
import type { Enum, Lifecycle, Model, NamedUnion, Property, TypeRef } from "./model.ts";
import { NameRegistry, pascal } from "./names.ts";
import { InvalidPatterns } from "./patterns.ts";
import type { Unsupported } from "./unsupported.ts";

const LIFECYCLE: readonly Lifecycle[] = ["Create", "Read", "Update", "Delete", "Query"];

export class TypeCollector {
  readonly models: Record<string, Model> = {};
  readonly enums: Record<string, Enum> = {};
  readonly unions: Record<string, NamedUnion> = {};
  private readonly program: Program;
  private readonly unsupported: Unsupported;
  private readonly cwd: string;
  private readonly names = new NameRegistry();
  /** Invalid @pattern regexes met on the way; the build reports them all at once. */
  readonly patterns: InvalidPatterns;

  constructor(program: Program, unsupported: Unsupported, cwd: string) {
    this.program = program;
    this.unsupported = unsupported;
    this.cwd = cwd;
    this.patterns = new InvalidPatterns(cwd);
  }

  /**
   * `hint` names an anonymous model met here (e.g. "BooksRestockBody"); `site` is where to point
   * a user at when the type cannot be generated.
   */
  ref(type: Type, hint: string, site: DiagnosticTarget = type): TypeRef {
    switch (type.kind) {
      case "Scalar":
        return { kind: "scalar", name: scalarName(this.wireScalar(type)) };
      case "Model":
        if (isArrayModelType(type)) return { kind: "array", items: this.ref(type.indexer.value, `${hint}Item`, site) };
        if (isPureRecord(type)) return { kind: "record", values: this.ref(type.indexer!.value, `${hint}Value`, site) };
        return { kind: "model", name: this.model(type, hint) };
      case "Enum":
        return { kind: "enum", name: this.enumName(type) };
      case "EnumMember":
        return { kind: "literal", value: type.value ?? type.name };
      case "Union":
        return this.union(type, hint, site);
      case "String":
      case "Number":
      case "Boolean":
        return { kind: "literal", value: type.value };
      case "StringTemplate":
        return type.stringValue !== undefined ? { kind: "literal", value: type.stringValue } : { kind: "scalar", name: "string" };
      case "Intrinsic":
        return type.name === "null" ? { kind: "null" } : { kind: "unknown" };
      case "UnionVariant":
        return this.ref(type.type, hint, site);
      case "ModelProperty":
        // `@path id: Widget.id`: the referenced property's type, as it travels in JSON (as openapi3 does).
        return this.propertyType(type, hint);
      case "Tuple":
        return { kind: "tuple", items: type.values.map((value, i) => this.ref(value, `${hint}Item${i}`, site)) };
      default:
        this.unsupported.add(`${type.kind} used as a data type`, site);
        return { kind: "unknown" };
    }
  }

  /** Register a model (once) and return its name. */
  model(model: TspModel, hint: string): string {
    const known = this.names.get(model);
    if (known !== undefined) return known;
    // A copy the http library made by dropping metadata or invisible properties: name the original.
    const original = this.cloneSource(model);
    if (original) return this.model(original, hint);

    const name = this.names.claim(model, this.modelCandidates(model, hint));
    const entry: Model = { name, properties: [], isError: isErrorModel(this.program, model) };
    // Register before walking properties, so recursive models terminate.
    this.models[name] = entry;

    let base = model.baseModel;
    let indexerValue = model.indexer?.value;
    while (base && isPureRecord(base)) {
      indexerValue ??= base.indexer!.value;
      base = base.baseModel;
    }
    if (base) entry.baseModel = this.model(base, `${name}Base`);
    for (let b = base; b && indexerValue === undefined; b = b.baseModel) indexerValue = b.indexer?.value;
    for (const prop of payloadProperties(this.program, model)) entry.properties.push(this.property(prop, name));
    if (indexerValue !== undefined && model.indexer?.key.name !== "integer") {
      entry.additionalProperties = this.ref(indexerValue, `${name}Value`, model);
    }
    const discriminator = getDiscriminator(this.program, model);
    if (discriminator) {
      // Derived models are reachable through the base: a payload typed Bird may be a Sparrow.
      const [variants] = getDiscriminatedUnionFromInheritance(model, discriminator);
      const mapping: Record<string, string> = {};
      for (const [value, derived] of variants.variants) mapping[value] = this.model(derived, `${name}${pascal(value)}`);
      entry.discriminator = { property: discriminator.propertyName, mapping };
    }
    const doc = getDoc(this.program, model);
    if (doc !== undefined) entry.doc = doc;
    const location = locate(model, this.cwd);
    if (location) entry.location = location;
    return name;
  }

  property(prop: ModelProperty, owner: string): Property {
    const program = this.program;
    const out: Property = {
      name: prop.name,
      jsonName: resolveEncodedName(program, prop, "application/json"),
      type: this.propertyType(prop, `${owner}${pascal(prop.name)}`),
      optional: prop.optional,
      key: isKey(program, prop),
      visibility: this.visibility(prop),
      constraints: constraintsOf(program, prop),
    };
    this.patterns.check(program, prop, out.constraints.pattern);
    this.unsupported.wireName(out.jsonName, "property", prop);
    const value = this.defaultOf(prop);
    if (value !== undefined) out.default = value;
    const doc = getDoc(program, prop);
    if (doc !== undefined) out.doc = doc;
    const patch = getMergePatchProperties(program, prop);
    if (patch) {
      out.mergePatch = { erasable: patch.erasable };
      const source = patch.sourceProperty ? this.defaultOf(patch.sourceProperty) : undefined;
      if (source !== undefined) out.mergePatch.erasedValue = source;
    }
    return out;
  }

  /**
   * The type as it travels in JSON: @encode on the property changes it (utcDateTime sent as a unix
   * int64, string[] sent as one comma-joined string). Parameters keep arrays as arrays and say how
   * they are joined in Parameter.collectionFormat instead.
   */
  propertyType(prop: ModelProperty, hint: string, opts: { keepArrays?: boolean } = {}): TypeRef {
    const encode = changesWireType(getEncode(this.program, prop));
    const isArray = prop.type.kind === "Model" && isArrayModelType(prop.type);
    if (encode?.type && (prop.type.kind === "Scalar" || (isArray && !opts.keepArrays))) return this.ref(encode.type, hint, prop);
    return this.ref(prop.type, hint, prop);
  }

  /** A scalar, or the wire scalar an @encode on its declaration (or a base's) names. */
  private wireScalar(scalar: Scalar): Scalar {
    for (let s: Scalar | undefined = scalar; s; s = s.baseScalar) {
      const encode = changesWireType(getEncode(this.program, s));
      if (encode?.type) return encode.type;
    }
    return scalar;
  }

  visibility(prop: ModelProperty): Lifecycle[] {
    const visible = getVisibilityForClass(this.program, prop, getLifecycleVisibilityEnum(this.program));
    const names = new Set([...visible].map((member) => member.name));
    return LIFECYCLE.filter((phase) => names.has(phase));
  }

  /** The default as plain JSON, honouring @encode; undefined when there is none. */
  defaultOf(prop: ModelProperty): unknown {
    if (!prop.defaultValue) return undefined;
    try {
      return serializeValueAsJson(this.program, prop.defaultValue as Value, prop);
    } catch {
      this.unsupported.add(`default value of "${prop.name}" that cannot be written as JSON`, prop);
      return undefined;
    }
  }

  private union(union: Union, hint: string, site: DiagnosticTarget): TypeRef {
    const variants = [...union.variants.values()];
    const variantHint = (base: string, v: (typeof variants)[number], i: number) =>
      `${base}${typeof v.name === "string" ? pascal(v.name) : `Variant${i + 1}`}`;
    const named = union.name !== undefined && union.name !== "" && !union.expression;
    if (!named) return { kind: "union", variants: variants.map((v, i) => this.ref(v.type, variantHint(hint, v, i), site)) };

    const known = this.names.get(union);
    if (known !== undefined) {
      // Inside its own definition (a recursive union) the variants are not known yet: ApiModel.unions has them.
      const entry = this.unions[known];
      return { kind: "union", name: known, variants: entry ? entry.variants.map((v) => v.type) : [] };
    }
    const name = this.names.claim(union, this.declaredCandidates(union.name!, union.namespace));
    const [discriminated] = getDiscriminatedUnion(this.program, union);
    const refs = variants.map((v, i) =>
      discriminated && typeof v.name === "string"
        ? this.discriminatedVariant(discriminated.options, v.name, v.type, `${name}${pascal(v.name)}`, site)
        : this.ref(v.type, variantHint(name, v, i), site),
    );
    const entry: NamedUnion = {
      name,
      variants: variants.map((v, i) => (typeof v.name === "string" ? { name: v.name, type: refs[i] } : { type: refs[i] })),
    };
    const doc = getDoc(this.program, union);
    if (doc !== undefined) entry.doc = doc;
    this.unions[name] = entry;
    return { kind: "union", name, variants: refs };
  }

  /**
   * A @discriminated union variant as it looks on the wire: `{ kind: "cat", value: Cat }` with the
   * default envelope, or Cat's own properties plus `kind: "cat"` with `envelope: "none"`.
   */
  private discriminatedVariant(
    options: { envelope: "object" | "none"; discriminatorPropertyName: string; envelopePropertyName: string },
    key: string,
    type: Type,
    hint: string,
    site: DiagnosticTarget,
  ): TypeRef {
    const tag = options.discriminatorPropertyName;
    if (options.envelope === "none" && type.kind === "Model" && type.properties.has(tag)) return this.ref(type, hint, site);
    const inner = this.ref(type, `${hint}Value`, site);
    const synthetic = {}; // stands in for a TypeSpec type so the registry keeps the name unique
    const name = this.names.claim(synthetic, [hint]);
    const plain = (propName: string, propType: TypeRef): Property => ({
      name: propName,
      jsonName: propName,
      type: propType,
      optional: false,
      key: false,
      visibility: [...LIFECYCLE],
      constraints: {},
    });
    const entry: Model = { name, properties: [plain(tag, { kind: "literal", value: key })], isError: false };
    if (options.envelope === "object") {
      entry.properties.push(plain(options.envelopePropertyName, inner));
    } else if (inner.kind === "model") {
      entry.baseModel = inner.name;
      entry.properties.push(...this.models[inner.name].properties);
    } else {
      this.unsupported.add(`@discriminated union variant "${key}" with envelope "none" that is not a model`, site);
    }
    this.models[name] = entry;
    return { kind: "model", name };
  }

  private enumName(type: TspEnum): string {
    const known = this.names.get(type);
    if (known !== undefined) return known;
    const name = this.names.claim(type, this.declaredCandidates(type.name, type.namespace));
    const entry: Enum = {
      name,
      members: [...type.members.values()].map((m) => ({ name: m.name, value: m.value ?? m.name })),
    };
    const doc = getDoc(this.program, type);
    if (doc !== undefined) entry.doc = doc;
    this.enums[name] = entry;
    return name;
  }

  /** Declared name first; on a clash, the name qualified by its namespace. */
  private declaredCandidates(name: string, namespace: TspModel["namespace"]): string[] {
    const ns = namespace ? getNamespaceFullName(namespace) : "";
    return ns === "" ? [name] : [name, pascal(`${ns}.${name}`)];
  }

  private modelCandidates(model: TspModel, hint: string): string[] {
    if (model.name === "") return [pascal(hint)];
    const friendly = getFriendlyName(this.program, model);
    if (friendly) return this.declaredCandidates(friendly, model.namespace);
    if (isTemplateInstance(model)) {
      const args = model.templateMapper.args.map((a) => argName(a)).join("");
      return this.declaredCandidates(`${model.name}${args}`, model.namespace);
    }
    return this.declaredCandidates(model.name, model.namespace);
  }

  /**
   * A nameless model the http library built from a named one (spread parameters, a visibility
   * filter): the named model when it lost only properties that are not request metadata.
   */
  private cloneSource(model: TspModel): TspModel | undefined {
    if (model.name !== "" || model.properties.size === 0) return undefined;
    for (const candidate of namedSources(model)) {
      const payload = new Map(payloadProperties(this.program, candidate).map((p) => [p.name, p]));
      const own = [...model.properties.values()];
      const sameProps = own.every((p) => payload.has(p.name) && rootProperty(payload.get(p.name)!) === rootProperty(p));
      const missing = [...payload.values()].filter((p) => !model.properties.has(p.name));
      const onlyInvisibleMissing = missing.every((p) => !isPathParam(this.program, p) && !isQueryParam(this.program, p));
      if (sameProps && onlyInvisibleMissing) return candidate;
    }
    return undefined;
  }
}

/** The JSON defaults (RFC 3339 dates, ISO 8601 durations, base64 bytes) keep the scalar's own name. */
const DEFAULT_ENCODINGS = new Set(["rfc3339", "ISO8601", "base64"]);

function changesWireType<T extends { encoding?: string; type: Scalar }>(encode: T | undefined): T | undefined {
  return encode && !(encode.encoding !== undefined && DEFAULT_ENCODINGS.has(encode.encoding)) ? encode : undefined;
}

/** Properties that travel in a JSON body: inherited ones first, headers and status codes left out. */
export function payloadProperties(program: Program, model: TspModel): ModelProperty[] {
  const chain: TspModel[] = [];
  for (let m: TspModel | undefined = model; m; m = m.baseModel) chain.unshift(m);
  const byName = new Map<string, ModelProperty>();
  for (const m of chain) {
    for (const prop of m.properties.values()) {
      if (isStatusCode(program, prop) || isHeader(program, prop) || isCookieParam(program, prop)) continue;
      if (prop.type.kind === "Intrinsic" && prop.type.name === "never") continue;
      byName.set(prop.name, prop);
    }
  }
  return [...byName.values()];
}

/** `Record<T>` itself, or a model that is nothing but `...Record<T>`: no properties anywhere in its chain. */
function isPureRecord(model: TspModel): boolean {
  if (!model.indexer || model.indexer.key.name !== "string") return false;
  for (const _ of walkPropertiesInherited(model)) return false;
  return true;
}

function rootProperty(prop: ModelProperty): ModelProperty {
  let p = prop;
  while (p.sourceProperty) p = p.sourceProperty;
  return p;
}

/** Named models this model was spread from, following nameless intermediate copies. */
function namedSources(model: TspModel, seen = new Set<TspModel>()): TspModel[] {
  const out: TspModel[] = [];
  for (const source of model.sourceModels) {
    if (seen.has(source.model)) continue;
    seen.add(source.model);
    if (source.model.name !== "") out.push(source.model);
    else out.push(...namedSources(source.model, seen));
  }
  return out;
}

/** A template argument as a name fragment: Page<Author> → "Author", Page<string[]> → "StringArray". */
function argName(arg: unknown): string {
  const t = arg as Type | { entityKind: "Value"; valueKind: string; value?: unknown };
  if ("entityKind" in t && t.entityKind === "Value") return "value" in t ? pascal(String(t.value)) : "";
  const type = t as Type;
  switch (type.kind) {
    case "Model":
      if (isArrayModelType(type)) return `${argName(type.indexer.value)}Array`;
      if (type.name === "Record" && type.indexer) return `${argName(type.indexer.value)}Record`;
      if (type.name === "") return "Object";
      return isTemplateInstance(type) ? `${type.name}${type.templateMapper.args.map(argName).join("")}` : type.name;
    case "Scalar":
    case "Enum":
    case "Interface":
      return pascal(type.name);
    case "Union":
      return type.name ? pascal(type.name) : [...type.variants.values()].map((v) => argName(v.type)).join("Or");
    case "String":
    case "Number":
    case "Boolean":
      return pascal(String(type.value));
    case "EnumMember":
      return pascal(type.name);
    case "Intrinsic":
      return pascal(type.name);
    default:
      return "";
  }
}
