/**
 * The generator's answers to constructs the @typespec/http-specs scenarios exercise: each case
 * here once produced code that did not compile, did not start, or lost data at run time.
 * ApiModels are written by hand (plain data), so these run without the TypeSpec compiler.
 */
import { describe, expect, it } from "@jest/globals";
import { collectSchemas, typeSchema } from "../../src/codegen/json-schema.ts";
import { fastifyUrl, routeView, routerParamNames } from "../../src/codegen/routes.ts";
import { sampleValue } from "../../src/codegen/samples.ts";
import { tableViews } from "../../src/codegen/sql-view.ts";
import { sampleRequest } from "../../src/codegen/test-view.ts";
import { declarations } from "../../src/codegen/ts-types.ts";
import { freshName } from "../../src/names.ts";
import type { ApiModel, Lifecycle, Model, Operation, Parameter, Property, TypeRef } from "../../src/spec/model.ts";

const ALL: Lifecycle[] = ["Create", "Read", "Update", "Delete", "Query"];
const STRING: TypeRef = { kind: "scalar", name: "string" };

function prop(name: string, type: TypeRef = STRING, extra: Partial<Property> = {}): Property {
  return { name, jsonName: name, type, optional: false, key: false, visibility: ALL, constraints: {}, ...extra };
}
function model(name: string, properties: Property[], extra: Partial<Model> = {}): Model {
  return { name, properties, isError: false, ...extra };
}
function op(name: string, extra: Partial<Operation> = {}): Operation {
  return { id: name, name, group: "", verb: "get", path: `/${name}`, parameters: [], responses: [], tags: [], ...extra };
}
function param(name: string, where: Parameter["in"], type: TypeRef = STRING, extra: Partial<Parameter> = {}): Parameter {
  return { name, wireName: name, in: where, type, optional: false, constraints: {}, ...extra };
}
function api(models: Model[], operations: Operation[] = []): ApiModel {
  return {
    specPath: "main.tsp",
    services: [{ namespace: "Test", title: "Test", operations }],
    models: Object.fromEntries(models.map((m) => [m.name, m])),
    enums: {},
    unions: {},
    authSchemes: {},
  };
}

describe("discriminated models", () => {
  const bird = model("Bird", [prop("kind"), prop("wingspan", { kind: "scalar", name: "int32" })], {
    discriminator: { property: "kind", mapping: { seagull: "SeaGull", eagle: "Eagle" } },
  });
  const seagull = model(
    "SeaGull",
    [prop("kind", { kind: "literal", value: "seagull" }), prop("wingspan", { kind: "scalar", name: "int32" })],
    { baseModel: "Bird" },
  );
  const eagle = model(
    "Eagle",
    [
      prop("kind", { kind: "literal", value: "eagle" }),
      prop("wingspan", { kind: "scalar", name: "int32" }),
      prop("partner", { kind: "model", name: "Bird" }, { optional: true }),
    ],
    { baseModel: "Bird" },
  );
  const birds = api([bird, seagull, eagle]);

  it("a base's schema is one of its derived models, or the base with an unclaimed discriminator", () => {
    const schemas = collectSchemas(birds, [{ type: { kind: "model", name: "Bird" }, variant: "Read" }]);
    expect(Object.keys(schemas)).toEqual(["Bird", "Eagle", "SeaGull"]);
    const anyOf = schemas.Bird.anyOf as Record<string, unknown>[];
    expect(anyOf.slice(0, 2)).toEqual([{ $ref: "SeaGull#" }, { $ref: "Eagle#" }]);
    expect((anyOf[2].properties as Record<string, unknown>).kind).toEqual({ type: "string", not: { enum: ["seagull", "eagle"] } });
  });

  it("a base's type is the union of its derived models and the base shape", () => {
    const decls = declarations(
      birds,
      Object.keys(birds.models).map((name) => ({ name, variant: "Read" as const })),
    );
    expect(decls.find((d) => d.name === "Bird")).toMatchObject({ kind: "alias", type: "SeaGull | Eagle | BirdBase" });
    expect(decls.find((d) => d.name === "BirdBase")).toMatchObject({ kind: "interface" });
  });

  it("a sample of the base is a sample of a derived model", () => {
    expect(sampleValue(birds, { kind: "model", name: "Bird" }, "Read")).toMatchObject({ kind: "seagull" });
  });
});

describe("unions of models", () => {
  it("tries the model with more properties first, so serialising never drops a superset's properties", () => {
    const cat = model("Cat", [prop("name")]);
    const dog = model("Dog", [prop("name"), prop("bark", { kind: "scalar", name: "boolean" })]);
    const schema = typeSchema(
      api([cat, dog]),
      {
        kind: "union",
        variants: [
          { kind: "model", name: "Cat" },
          { kind: "model", name: "Dog" },
        ],
      },
      "Read",
    );
    expect(schema).toEqual({ anyOf: [{ $ref: "Dog#" }, { $ref: "Cat#" }] });
  });
});

describe("routes", () => {
  it("keeps tags only beside other schema keys: a schema of nothing but tags does not type-check as a FastifySchema", () => {
    const tagged = (extra: Partial<Operation>) => routeView(api([]), op("health", { tags: ["Health"], ...extra })).schema;
    expect(tagged({})).toEqual({});
    const withQuery = tagged({ parameters: [param("verbose", "query", { kind: "scalar", name: "boolean" }, { optional: true })] });
    expect(withQuery.tags).toEqual(["Health"]);
  });

  it("gives operations of one group distinct handler keys", () => {
    const first = op("get", { id: "Default_get", group: "Default", path: "/a" });
    const second = op("get", { id: "Default_get2", group: "Default", path: "/b" });
    const spec = api([], [first, second]);
    expect([routeView(spec, first).handlerKey, routeView(spec, second).handlerKey]).toEqual(["get", "get2"]);
  });

  it("registers path parameters under names the router can read, and escapes literal colons", () => {
    const o = op("getItem", { path: "/items/{item-id}:archive", parameters: [param("item-id", "path")] });
    expect(fastifyUrl(o.path, routerParamNames(o))).toBe("/items/:item_id(^[^/:]+)::archive");
    expect(fastifyUrl("/files/{name}.json")).toBe("/files/:name.json");
    expect(fastifyUrl("/books:batch")).toBe("/books::batch");
    const view = routeView(api([]), o);
    expect(view.paramRenames).toEqual({ item_id: "item-id" });
    expect(Object.keys((view.schema.params as { properties: object }).properties)).toEqual(["item_id"]);
  });

  it("puts no body schema on GET (Fastify refuses one) and accepts a missing optional body", () => {
    const body = {
      type: { kind: "model", name: "Thing" } as TypeRef,
      contentTypes: ["application/json"],
      optional: true,
      format: "json" as const,
    };
    const spec = api([model("Thing", [prop("a")])]);
    expect(routeView(spec, op("find", { verb: "get", body })).schema.body).toBeUndefined();
    expect(routeView(spec, op("make", { verb: "post", body })).schema.body).toEqual({ anyOf: [{ $ref: "Thing#" }, { type: "null" }] });
  });

  it("splits delimited array parameters and samples them with their own separator", () => {
    const colors = param("colors", "query", { kind: "array", items: STRING }, { collectionFormat: "pipes" });
    const o = op("list", { parameters: [colors] });
    expect(routeView(api([]), o).delimited).toEqual([["query", "colors", "|"]]);
    expect(sampleRequest(api([]), o).url).toBe(`/list?colors=${encodeURIComponent("sample colors")}`);
    const multi = op("list", { parameters: [{ ...colors, collectionFormat: "multi" }] });
    expect(routeView(api([]), multi).delimited).toEqual([]);
  });

  it("hands cookies to the handler and requires the required ones", () => {
    const o = op("me", { parameters: [param("session", "cookie"), param("theme", "cookie", STRING, { optional: true })] });
    const view = routeView(api([]), o);
    expect(view.requiredCookies).toEqual(["session"]);
    expect(view.inputType).toContain("cookies: { session: string; theme?: string }");
    expect(sampleRequest(api([]), o).headers.cookie).toBe(`session=${encodeURIComponent("sample session")}`);
  });
});

describe("names at scale", () => {
  it("numbers a clashing name past the numbered ones already taken", () => {
    const taken = new Set(["Item", "Item2", "Item3"]);
    expect([freshName("Item", taken), freshName("Item", taken), freshName("Other", taken)]).toEqual(["Item4", "Item5", "Other"]);
    taken.add("Item6");
    expect(freshName("Item", taken)).toBe("Item7");
  });

  it("keys thousands of same-named operations of one group in order, in linear time", () => {
    // One scan of the whole API per operation made this quadratic: 5,000 operations took minutes.
    const ops = Array.from({ length: 5000 }, (_, i) => op("get", { id: `Default_get${i}`, group: "Default", path: `/r${i}` }));
    const spec = api([], ops);
    const start = performance.now();
    const keys = ops.map((o) => routeView(spec, o).handlerKey);
    expect(keys.slice(0, 3)).toEqual(["get", "get2", "get3"]);
    expect(keys.at(-1)).toBe("get5000");
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

describe("samples of patterned strings", () => {
  it("a pattern randexp cannot parse (lookbehind) falls back instead of stopping the scaffold", () => {
    const thing = model("Thing", [prop("code", STRING, { constraints: { pattern: "(?<=a)b" } })]);
    expect(() => sampleValue(api([thing]), { kind: "model", name: "Thing" }, "Read")).not.toThrow();
  });

  it("a drawn sample matches the pattern as the server's validator reads it (u flag)", () => {
    const thing = model("Thing", [prop("code", STRING, { constraints: { pattern: "^[A-Z]{2}-\\d{3}$" } })]);
    const sample = sampleValue(api([thing]), { kind: "model", name: "Thing" }, "Read") as { code: string };
    expect(sample.code).toMatch(new RegExp("^[A-Z]{2}-\\d{3}$", "u"));
  });
});

describe("what the spec fuzz test found", () => {
  it("columns and tables whose snake_case names fold together get distinct names", () => {
    const pet = model("Pet", [
      prop("id", { kind: "scalar", name: "int32" }, { key: true }),
      prop("tags"),
      prop("TAGS"),
      prop("name"),
      prop("name_"),
      prop("ownerId"),
      prop("owner_id"),
    ]);
    const lower = model("pet", [prop("id", { kind: "scalar", name: "int32" }, { key: true })]);
    const resource = (m: Model) => ({
      model: m.name,
      typeName: m.name,
      repoKey: m.name,
      keyProperty: "id",
      keyKind: "integer" as const,
      fills: [],
      keyFromClient: false,
      missingKey: 987654,
      keepOnReplace: [],
      inherited: [],
      operations: {},
    });
    const [petTable, lowerTable] = tableViews(api([pet, lower]), [resource(pet), resource(lower)], "postgres");
    expect(petTable.columns.map((c) => c.name)).toEqual(["id", "tags", "tags2", "name", "name2", "owner_id", "owner_id2"]);
    expect(petTable.indexes).toEqual([{ name: "pet_owner_id_idx", column: "owner_id" }]);
    expect([petTable.name, lowerTable.name]).toEqual(["pet", "pet2"]);
  });

  it("a route whose schema would hold only tags gets no schema keys (Fastify's types refuse tags alone)", () => {
    const head = op("ping", { verb: "head", tags: ["pets"] });
    expect(routeView(api([]), head).schema).toEqual({});
    expect(routeView(api([]), op("find", { parameters: [param("q", "query")], tags: ["pets"] })).schema.tags).toEqual(["pets"]);
  });
});

describe("numbers, merge patches and styled paths", () => {
  const int = (name: string): TypeRef => ({ kind: "scalar", name: name as "int8" });

  it("bounds each integer scalar by its type, 64-bit ones at the safe-integer limit", () => {
    const none = api([]);
    expect(typeSchema(none, int("int8"), "Read")).toEqual({ type: "integer", minimum: -128, maximum: 127 });
    expect(typeSchema(none, int("uint32"), "Read")).toEqual({ type: "integer", minimum: 0, maximum: 4294967295 });
    expect(typeSchema(none, int("int64"), "Read")).toEqual({
      type: "integer",
      minimum: -Number.MAX_SAFE_INTEGER,
      maximum: Number.MAX_SAFE_INTEGER,
    });
    expect(typeSchema(none, int("uint64"), "Read")).toMatchObject({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
  });

  it("lets a merge-patch body null any optional property and any map entry, nested too", () => {
    const inner = model("Inner", [prop("name", STRING, { optional: true })]);
    const patch = model("Patch", [
      prop("map", { kind: "record", values: { kind: "model", name: "Inner" } }, { optional: true }),
      prop("inner", { kind: "model", name: "Inner" }, { optional: true }),
    ]);
    const body = {
      type: { kind: "model", name: "Patch" } as TypeRef,
      contentTypes: ["application/merge-patch+json"],
      optional: false,
      format: "json" as const,
    };
    const schema = routeView(api([inner, patch]), op("update", { verb: "patch", body })).schema.body as Record<string, any>;
    const nullable = {
      anyOf: [{ type: "object", properties: { name: { anyOf: [{ type: "string" }, { type: "null" }] } } }, { type: "null" }],
    };
    expect(schema.properties.map).toEqual({ anyOf: [{ type: "object", additionalProperties: nullable }, { type: "null" }] });
    expect(schema.properties.inner).toEqual(nullable);
  });

  it("routes styled path parameters: the last one as a wildcard, earlier ones with their lead", () => {
    const styled = (style: "path" | "label" | "matrix" | "simple", explode = false, reserved = false) => ({ style, explode, reserved });
    const files = op("files", {
      path: "/files{path}",
      parameters: [param("path", "path", { kind: "array", items: STRING }, { pathStyle: styled("path", true) })],
    });
    expect(routeView(api([]), files)).toMatchObject({ url: "/files*", pathDecoders: [["*", "path", "path", "path", true, "array"]] });
    const matrix = op("m", { path: "/m{id}/x", parameters: [param("id", "path", STRING, { pathStyle: styled("matrix") })] });
    expect(routeView(api([]), matrix).url).toBe("/m;id=:id/x");
    const continuation = op("q", { path: "/list?fixed=true", parameters: [] });
    expect(fastifyUrl(continuation.path)).toBe("/list");
  });
});
