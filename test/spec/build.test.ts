import { afterAll, describe, expect, it } from "@jest/globals";
import { dirname } from "node:path";
import { loadApiModel } from "../../src/spec/index.ts";
import type { ApiModel, Model, Operation, Property } from "../../src/spec/model.ts";
import { BOOKSTORE, PETSTORE, failure, removeSpecs, service, writeSpec } from "./tmp-spec.ts";

afterAll(removeSpecs);

const ALL = ["Create", "Read", "Update", "Delete", "Query"];

function op(api: ApiModel, id: string): Operation {
  const found = api.services.flatMap((s) => s.operations).find((o) => o.id === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
}

function prop(model: Model, name: string): Property {
  const found = model.properties.find((p) => p.name === name);
  if (!found) throw new Error(`no property ${model.name}.${name}`);
  return found;
}

describe("ApiModel of the bookstore spec", () => {
  const load = loadApiModel(BOOKSTORE, dirname(dirname(dirname(BOOKSTORE))));

  it("describes the service and its operations", async () => {
    const api = await load;
    expect(api.specPath).toBe("specs/bookstore/main.tsp");
    expect(api.services).toHaveLength(1);
    const [svc] = api.services;
    expect(svc.namespace).toBe("Bookstore");
    expect(svc.title).toBe("Bookstore");
    expect(svc.doc).toContain("A bookstore");
    expect(svc.operations.map((o) => `${o.id} ${o.verb.toUpperCase()} ${o.path}`)).toEqual([
      "Authors_list GET /authors",
      "Authors_read GET /authors/{id}",
      "Authors_create POST /authors",
      "Books_list GET /books",
      "Books_read GET /books/{id}",
      "Books_create POST /books",
      "Books_update PATCH /books/{id}",
      "Books_delete DELETE /books/{id}",
      "Books_restock POST /books/{id}/restock",
    ]);
    const restock = op(api, "Books_restock");
    expect(restock).toMatchObject({ name: "restock", group: "Books", tags: ["books"], doc: expect.stringContaining("Not CRUD") });
    expect(restock.location).toEqual({ file: "specs/bookstore/main.tsp", line: expect.any(Number), column: expect.any(Number) });
  });

  it("records parameters by location with wire names", async () => {
    const api = await load;
    expect(op(api, "Books_list").parameters.map((p) => [p.in, p.wireName, p.optional])).toEqual([
      ["query", "authorId", true],
      ["query", "format", true],
      ["query", "inStock", true],
      ["query", "offset", true],
      ["query", "limit", true],
    ]);
    expect(op(api, "Books_list").parameters[1].type).toEqual({ kind: "enum", name: "Format" });
    expect(op(api, "Books_read").parameters).toEqual([
      { name: "id", wireName: "id", in: "path", type: { kind: "scalar", name: "string" }, optional: false, constraints: {} },
    ]);
    expect(op(api, "Books_update").parameters[1]).toMatchObject({
      in: "header",
      wireName: "Content-Type",
      type: { kind: "literal", value: "application/merge-patch+json" },
    });
  });

  it("records bodies and responses, with anonymous models named after their operation", async () => {
    const api = await load;
    expect(op(api, "Authors_create").body).toEqual({
      type: { kind: "model", name: "Author" },
      contentTypes: ["application/json"],
      optional: false,
      format: "json",
    });
    expect(op(api, "Authors_create").responses).toEqual([
      expect.objectContaining({ status: 201, body: { kind: "model", name: "Author" }, isError: false }),
      expect.objectContaining({ status: 401, body: { kind: "model", name: "Problem" }, isError: true }),
    ]);
    expect(op(api, "Books_delete").responses.map((r) => [r.status, r.body, r.isError])).toEqual([
      [204, undefined, false],
      [404, { kind: "model", name: "Problem" }, true],
    ]);
    expect(op(api, "Books_restock").body?.type).toEqual({ kind: "model", name: "BooksRestockBody" });
    expect(api.models.BooksRestockBody.properties).toEqual([
      expect.objectContaining({ name: "quantity", type: { kind: "scalar", name: "int32" }, constraints: { minValue: 1 } }),
    ]);
    expect(op(api, "Authors_list").responses[0].body).toEqual({ kind: "model", name: "PageAuthor" });
    expect(prop(api.models.PageAuthor, "items").type).toEqual({ kind: "array", items: { kind: "model", name: "Author" } });
    expect(api.models.Problem.isError).toBe(true);
  });

  it("keeps constraints, formats, defaults, keys and visibility", async () => {
    const api = await load;
    const book = api.models.Book;
    expect(prop(book, "title").constraints).toEqual({ minLength: 1, maxLength: 200 });
    expect(prop(book, "isbn").constraints).toEqual({ pattern: "^[0-9]{13}$" });
    expect(prop(book, "price")).toMatchObject({ type: { kind: "scalar", name: "decimal" }, constraints: { minValue: 0 } });
    expect(prop(book, "publishedOn")).toMatchObject({ type: { kind: "scalar", name: "plainDate" }, optional: true });
    expect(prop(book, "inStock")).toMatchObject({ default: true, optional: false });
    expect(prop(book, "id")).toMatchObject({ key: true, visibility: ["Read"] });
    expect(prop(book, "title").visibility).toEqual(ALL);
    expect(prop(api.models.Author, "email")).toMatchObject({ optional: true, constraints: { format: "email" } });
    expect(prop(api.models.Author, "createdAt")).toMatchObject({ type: { kind: "scalar", name: "utcDateTime" }, visibility: ["Read"] });
    expect(api.enums.Format.members.map((m) => m.value)).toEqual(["hardcover", "paperback", "ebook"]);
  });

  it("names MergePatchUpdate<Book> and makes every property optional (nullable where Book's was optional)", async () => {
    const api = await load;
    expect(op(api, "Books_update").body).toEqual({
      type: { kind: "model", name: "BookMergePatchUpdate" },
      contentTypes: ["application/merge-patch+json"],
      optional: false,
      format: "json",
    });
    const patch = api.models.BookMergePatchUpdate;
    expect(patch.properties.every((p) => p.optional)).toBe(true);
    expect(patch.properties.map((p) => p.name)).not.toContain("id");
    expect(prop(patch, "title").constraints).toEqual({ minLength: 1, maxLength: 200 });
    expect(prop(patch, "publishedOn").type).toEqual({ kind: "union", variants: [{ kind: "scalar", name: "plainDate" }, { kind: "null" }] });
  });

  it("records bearer auth on writes and NoAuth on reads", async () => {
    const api = await load;
    expect(api.authSchemes).toEqual({
      BearerAuth: { id: "BearerAuth", type: "http", scheme: "Bearer" },
      NoAuth: { id: "NoAuth", type: "noAuth" },
    });
    expect(op(api, "Books_read").auth).toEqual({ options: [{ schemes: [{ id: "NoAuth", scopes: [] }] }] });
    expect(op(api, "Books_create").auth).toEqual({ options: [{ schemes: [{ id: "BearerAuth", scopes: [] }] }] });
    expect(op(api, "Books_restock").auth).toEqual({ options: [{ schemes: [{ id: "BearerAuth", scopes: [] }] }] });
  });

  it("is plain JSON", async () => {
    const api = await load;
    expect(JSON.parse(JSON.stringify(api))).toStrictEqual(api);
  });
});

describe("ApiModel of the petstore spec", () => {
  const load = loadApiModel(PETSTORE);

  it("describes operations, the array list body, defaults and the NotFound envelope", async () => {
    const api = await load;
    const [svc] = api.services;
    expect(svc).toMatchObject({ namespace: "PetStore", title: "Pet Store" });
    expect(svc.operations.map((o) => `${o.verb} ${o.path}`)).toEqual([
      "get /pets",
      "get /pets/{id}",
      "post /pets",
      "put /pets/{id}",
      "delete /pets/{id}",
    ]);
    const list = op(api, "Pets_list");
    expect(list.parameters.map((p) => [p.name, p.default])).toEqual([
      ["limit", 50],
      ["offset", 0],
      ["species", undefined],
    ]);
    expect(list.responses[0].body).toEqual({ kind: "array", items: { kind: "model", name: "Pet" } });
    expect(op(api, "Pets_read").responses[1]).toMatchObject({ status: 404, body: { kind: "model", name: "ApiError" }, isError: true });
    expect(op(api, "Pets_update").body?.type).toEqual({ kind: "model", name: "Pet" });
    expect(op(api, "Pets_read").auth).toBeUndefined();
    expect(api.authSchemes).toEqual({});
    const pet = api.models.Pet;
    expect(prop(pet, "age")).toMatchObject({ optional: true, constraints: { minValue: 0, maxValue: 60 } });
    expect(prop(pet, "tags").type).toEqual({ kind: "array", items: { kind: "scalar", name: "string" } });
    expect(api.enums.Species.members).toEqual([
      { name: "dog", value: "dog" },
      { name: "cat", value: "cat" },
      { name: "bird", value: "bird" },
    ]);
    expect(Object.keys(api.models).sort()).toEqual(["ApiError", "Pet"]);
    expect(JSON.parse(JSON.stringify(api))).toStrictEqual(api);
  });
});

describe("ApiModel of inline specs (compiled from a folder without node_modules)", () => {
  const load = loadApiModel(
    writeSpec(
      service(`
@maxLength(13) @pattern("^[0-9]+$")
scalar Isbn extends string;
scalar Code extends Isbn;
enum Color { red: "r", green: "g" }
union Shape { circle: Circle, square: Square }
model Circle { radius: float64 }
model Square { side: float64 }
model Base { @key id: int64; }
model Thing extends Base {
  @encodedName("application/json", "display_name") displayName: string;
  isbn: Isbn;
  code?: Code = "123";
  color: Color = Color.green;
  nickname: string | null;
  labels: Record<string>;
  shape: Shape;
  nested: { depth: int32 };
  @visibility(Lifecycle.Create, Lifecycle.Update) secret: string;
  @encode(DateTimeKnownEncoding.unixTimestamp, int64) when: utcDateTime;
  ...Extra;
}
model Extra { note?: string }
model Wrapper<T> { value: T }
@route("/things") interface Things {
  @get list(@query(#{ explode: true }) tags?: string[], @query ids?: int32[]): Wrapper<Thing[]>;
  @post create(...Thing): Thing;
  @get @route("{id}") read(@path id: int64): { @header etag: string; @body body: Thing } | { @statusCode _: 404 };
}
@route("/ping") op ping(): { @statusCode _: 200; ok: boolean };
namespace Admin { @route("/admin/reset") @post op reset(): void; }
`),
    ),
  );

  it("names template instances, nested anonymous models and ops outside interfaces", async () => {
    const api = await load;
    expect(api.services[0].operations.map((o) => [o.id, o.group])).toEqual([
      ["ping", ""],
      ["Admin_reset", "Admin"],
      ["Things_list", "Things"],
      ["Things_create", "Things"],
      ["Things_read", "Things"],
    ]);
    expect(op(api, "Things_list").responses[0].body).toEqual({ kind: "model", name: "WrapperThingArray" });
    expect(op(api, "ping").responses[0].body).toEqual({ kind: "model", name: "PingResponse200" });
    expect(prop(api.models.Thing, "nested").type).toEqual({ kind: "model", name: "ThingNested" });
    expect(Object.keys(api.models).sort()).toEqual([
      "Base",
      "Circle",
      "PingResponse200",
      "Square",
      "Thing",
      "ThingNested",
      "WrapperThingArray",
    ]);
  });

  it("flattens base models and spreads, and maps a spread request body back to its model", async () => {
    const api = await load;
    const thing = api.models.Thing;
    expect(thing.baseModel).toBe("Base");
    expect(thing.properties.map((p) => p.name)).toEqual([
      "id",
      "displayName",
      "isbn",
      "code",
      "color",
      "nickname",
      "labels",
      "shape",
      "nested",
      "secret",
      "when",
      "note",
    ]);
    expect(op(api, "Things_create").body?.type).toEqual({ kind: "model", name: "Thing" });
  });

  it("walks custom scalars to std scalars and their constraints", async () => {
    const api = await load;
    const thing = api.models.Thing;
    expect(prop(thing, "isbn")).toMatchObject({
      type: { kind: "scalar", name: "string" },
      constraints: { maxLength: 13, pattern: "^[0-9]+$" },
    });
    expect(prop(thing, "code")).toMatchObject({ type: { kind: "scalar", name: "string" }, constraints: { maxLength: 13 }, default: "123" });
    expect(prop(thing, "when").type).toEqual({ kind: "scalar", name: "int64" });
  });

  it("keeps json names, enums, nullable unions, records, named unions and visibility", async () => {
    const api = await load;
    const thing = api.models.Thing;
    expect(prop(thing, "displayName").jsonName).toBe("display_name");
    expect(prop(thing, "color")).toMatchObject({ type: { kind: "enum", name: "Color" }, default: "g" });
    expect(api.enums.Color.members).toEqual([
      { name: "red", value: "r" },
      { name: "green", value: "g" },
    ]);
    expect(prop(thing, "nickname").type).toEqual({ kind: "union", variants: [{ kind: "scalar", name: "string" }, { kind: "null" }] });
    expect(prop(thing, "labels").type).toEqual({ kind: "record", values: { kind: "scalar", name: "string" } });
    expect(prop(thing, "shape").type).toEqual({
      kind: "union",
      name: "Shape",
      variants: [
        { kind: "model", name: "Circle" },
        { kind: "model", name: "Square" },
      ],
    });
    expect(api.unions.Shape.variants.map((v) => v.name)).toEqual(["circle", "square"]);
    expect(prop(thing, "secret").visibility).toEqual(["Create", "Update"]);
    expect(prop(thing, "id")).toMatchObject({ key: true, visibility: ALL });
  });

  it("records response headers, bodiless responses and array query formats", async () => {
    const api = await load;
    const read = op(api, "Things_read");
    expect(read.responses[0]).toMatchObject({
      status: 200,
      headers: [{ name: "etag", type: { kind: "scalar", name: "string" }, optional: false }],
    });
    expect(read.responses[1]).toEqual(expect.objectContaining({ status: 404, contentTypes: [], headers: [], isError: false }));
    expect(read.responses[1].body).toBeUndefined();
    expect(op(api, "Things_list").parameters.map((p) => [p.name, p.collectionFormat])).toEqual([
      ["tags", "multi"],
      ["ids", "csv"],
    ]);
    expect(op(api, "Admin_reset").responses).toEqual([expect.objectContaining({ status: 204, contentTypes: [] })]);
  });

  it("records discriminated models with every derived model", async () => {
    const api = await loadApiModel(
      writeSpec(
        service(`
@discriminator("kind") model Fish { age: int32 }
model Shark extends Fish { kind: "shark"; teeth: int32 }
model Salmon extends Fish { kind: "salmon" }
@route("/fish") op get(): Fish;`),
      ),
    );
    expect(api.models.Fish.discriminator).toEqual({ property: "kind", mapping: { shark: "Shark", salmon: "Salmon" } });
    expect(api.models.Shark).toMatchObject({ baseModel: "Fish" });
    expect(api.models.Shark.properties.map((p) => p.name)).toEqual(["age", "kind", "teeth"]);
  });

  it("rejects constructs it cannot generate, naming each with its location", async () => {
    const dir = writeSpec(
      service(`
@route("/upload") @post op upload(@header contentType: "multipart/form-data", @multipartBody body: { file: HttpPart<bytes> }): void;
@route("/pair") @get op pair(): { @encodedName("application/json", "__proto__") a: string };
@route("/pair2") @get op pair2(): { @encodedName("application/json", "__proto__") b: int32 };`),
    );
    const error = await failure(loadApiModel(dir, dir));
    expect(error.code).toBe("spec-unsupported");
    expect(error.message).toMatch(
      /^main\.tsp uses constructs this tool cannot generate yet: main\.tsp:\d+:\d+ - property named "__proto__"/,
    );
    expect(error.details).toEqual([
      expect.stringMatching(/^main\.tsp:7:\d+ - property named "__proto__"/),
      expect.stringMatching(/^main\.tsp:8:\d+ - property named "__proto__"/),
    ]);
  });

  it("records a tuple as a fixed-length array of its item types", async () => {
    const api = await loadApiModel(
      writeSpec(
        service(`
model Point { label: string }
@route("/pair") @get op pair(): { spot: [string, int32, Point]; path?: [float64, float64][] };`),
      ),
    );
    const body = op(api, "pair").responses[0].body;
    const model = api.models[(body as { name: string }).name];
    expect(model.properties.map((p) => [p.name, p.type])).toEqual([
      [
        "spot",
        {
          kind: "tuple",
          items: [
            { kind: "scalar", name: "string" },
            { kind: "scalar", name: "int32" },
            { kind: "model", name: "Point" },
          ],
        },
      ],
      [
        "path",
        {
          kind: "array",
          items: {
            kind: "tuple",
            items: [
              { kind: "scalar", name: "float64" },
              { kind: "scalar", name: "float64" },
            ],
          },
        },
      ],
    ]);
  });

  it("takes non-JSON bodies raw and warns at each one's location", async () => {
    const dir = writeSpec(
      service(`
@route("/upload") @post op upload(@header contentType: "multipart/form-data", @multipartBody body: { file: HttpPart<bytes>; note?: HttpPart<string>; tags: HttpPart<string>[] }): void;
@route("/text") @get op text(): { @header contentType: "text/plain"; @body body: string };
@route("/image") @put op image(@header contentType: "image/png", @body body: bytes): void;
@route("/form") @post op form(@header contentType: "application/x-www-form-urlencoded", @body body: { name: string }): void;
@route("/file") @post op file(@bodyRoot file: File): void;
@route("/files{/path*}") @get op files(path: string[]): void;`),
    );
    const api = await loadApiModel(dir, dir);
    expect(op(api, "upload").body).toEqual({
      type: { kind: "unknown" },
      contentTypes: ["multipart/form-data"],
      optional: false,
      format: "multipart",
      parts: [
        { name: "file", file: true, multi: false, optional: false },
        { name: "note", file: false, multi: false, optional: true },
        { name: "tags", file: false, multi: true, optional: false },
      ],
    });
    expect(op(api, "text").responses[0]).toMatchObject({ rawBody: true, contentTypes: ["text/plain"] });
    expect(op(api, "image").body).toMatchObject({ format: "binary", contentTypes: ["image/png"] });
    expect(op(api, "form").body).toMatchObject({ format: "form" });
    expect(op(api, "file").body).toMatchObject({ format: "binary" });
    expect(op(api, "files").parameters[0].pathStyle).toEqual({ style: "path", explode: true, reserved: false });
    expect(api.warnings).toEqual([
      expect.stringMatching(/^main\.tsp:6:\d+ - request body with content type multipart\/form-data: taken as its parts/),
      expect.stringMatching(
        /^main\.tsp:7:\d+ - response body \(200\) with content type text\/plain: sent as the string the handler returns/,
      ),
      expect.stringMatching(/^main\.tsp:8:\d+ - request body with content type image\/png: taken as a Buffer/),
      expect.stringMatching(/^main\.tsp:9:\d+ - request body with content type application\/x-www-form-urlencoded/),
      expect.stringMatching(/^main\.tsp:10:\d+ - file request body with content type \*\/\*: taken as a Buffer/),
    ]);
  });

  it("generates a @versioned service at its latest version, mounted under its @server path", async () => {
    const dir = writeSpec(`import "@typespec/http";
import "@typespec/versioning";
using Http;
using Versioning;
@service
@versioned(Versions)
@server("{endpoint}/shop/api-version:{version}", "Shop", { endpoint: url, version: Versions })
namespace Shop;
enum Versions { v1, v2 }
model Item {
  name: string;
  @removed(Versions.v2) legacyCode?: string;
  @added(Versions.v2) sku?: string;
}
@route("/items") @get op list(): Item[];
@removed(Versions.v2) @route("/old") @get op old(): void;
@added(Versions.v2) @route("/new") @post op create(@body item: Item): Item;
`);
    const api = await loadApiModel(dir, dir);
    expect(api.services[0].operations.map((o) => `${o.verb} ${o.path}`)).toEqual([
      "get /shop/api-version:v2/items",
      "post /shop/api-version:v2/new",
    ]);
    expect(api.models.Item.properties.map((p) => p.name)).toEqual(["name", "sku"]);
  });

  it("serves a spec without @service from the namespace that holds its routes, as tsp compile does", async () => {
    const dir = writeSpec(
      `import "@typespec/http";\nusing Http;\nnamespace Shop.Api;\nmodel Item { @key id: string; name: string; }\n` +
        `@route("/items") interface Items { @get list(): Item[]; @get read(@path id: string): Item; }\n@route("/ping") op ping(): void;\n`,
    );
    const api = await loadApiModel(dir, dir);
    expect(api.services.map((s) => [s.namespace, s.title])).toEqual([["Shop.Api", "Api"]]);
    expect(api.services[0].operations.map((o) => `${o.id} ${o.verb} ${o.path}`)).toEqual([
      "ping get /ping",
      "Items_list get /items",
      "Items_read get /items/{id}",
    ]);
    const global = writeSpec(`import "@typespec/http";\nusing Http;\n@route("/x") op x(): void;\n`);
    expect((await loadApiModel(global, global)).services.map((s) => [s.namespace, s.title, s.operations.length])).toEqual([["", "API", 1]]);
  });

  it("types a parameter declared as a property reference (`@path id: Widget.id`) like the property", async () => {
    const dir = writeSpec(
      service(`model Widget { @key @visibility(Lifecycle.Read) id: int64; name: string; }
@route("/widgets") interface Widgets {
  @get read(@path id: Widget.id): Widget;
  @delete delete(@path id: Widget.id): void;
  @get list(@query name?: Widget.name): Widget[];
}`),
    );
    const api = await loadApiModel(dir, dir);
    expect(op(api, "Widgets_read").parameters.map((p) => [p.name, p.type])).toEqual([["id", { kind: "scalar", name: "int64" }]]);
    expect(op(api, "Widgets_list").parameters.map((p) => [p.name, p.type])).toEqual([["name", { kind: "scalar", name: "string" }]]);
  });

  it("gives operations distinct ids across services, and stops on a route two services both declare", async () => {
    const twoServices = (route: string) =>
      `import "@typespec/http";\nusing Http;\n@service(#{ title: "A" }) namespace A { @route("/one") op one(): void; }\n` +
      `@service(#{ title: "B" }) namespace B { @route("${route}") op one(): void; }\n`;
    const apart = writeSpec(twoServices("/other"));
    const api = await loadApiModel(apart, apart);
    expect(api.services.map((s) => s.operations.map((o) => o.id))).toEqual([["one"], ["one2"]]);
    const clash = writeSpec(twoServices("/one"));
    const error = await failure(loadApiModel(clash, clash));
    expect(error.code).toBe("spec-unsupported");
    // Both places, why a router cannot serve both, and what to change.
    expect(error.details).toEqual([
      expect.stringMatching(
        /^main\.tsp:4:\d+ - operations "one" \(main\.tsp:3:\d+\) and "one2" share the route GET \/one, but they are in two @service namespaces \(A, B\).*Fix: give one namespace a path prefix \(@route\("\/b"\) on namespace B\), or pass --spec the file of the one service/,
      ),
    ]);
  });

  it("rejects a spec with no operations", async () => {
    const noService = writeSpec(`import "@typespec/http";\nusing Http;\nnamespace Nope;\nmodel X { a: string }\n`);
    expect((await failure(loadApiModel(noService))).code).toBe("spec-no-service");
    const noOps = writeSpec(service(`model Lonely { a: string }`));
    const error = await failure(loadApiModel(noOps, noOps));
    expect(error.code).toBe("spec-no-service");
    expect(error.message).toContain("main.tsp");
  });

  it("reports a missing spec as spec-not-found", async () => {
    expect((await failure(loadApiModel("/nowhere/main.tsp"))).code).toBe("spec-not-found");
  });
});
