import { afterAll, describe, expect, it } from "@jest/globals";
import { buildApiModel } from "../../src/spec/build.ts";
import { compileSpec } from "../../src/spec/compile.ts";
import { classifyCrud } from "../../src/spec/crud.ts";
import { loadApiModel } from "../../src/spec/index.ts";
import type { ApiModel, CrudBinding } from "../../src/spec/model.ts";
import { BOOKSTORE, PETSTORE, removeSpecs, service, writeSpec } from "./tmp-spec.ts";

afterAll(removeSpecs);

function crudOf(api: ApiModel): Record<string, CrudBinding | undefined> {
  return Object.fromEntries(api.services.flatMap((s) => s.operations).map((o) => [o.id, o.crud]));
}

describe("classifyCrud", () => {
  it("binds the bookstore's list/read/create/patch/delete, but not restock", async () => {
    const crud = crudOf(await loadApiModel(BOOKSTORE));
    const page = { kind: "page", itemsProperty: "items", totalProperty: "total", nextOffsetProperty: "nextOffset" };
    expect(crud).toEqual({
      Authors_list: { kind: "list", resource: "Author", filters: [], limitParam: "limit", offsetParam: "offset", listShape: page },
      Authors_read: { kind: "read", resource: "Author" },
      Authors_create: { kind: "create", resource: "Author" },
      Books_list: {
        kind: "list",
        resource: "Book",
        filters: ["authorId", "format", "inStock"].map((name) => ({ param: name, property: name })),
        limitParam: "limit",
        offsetParam: "offset",
        listShape: page,
      },
      Books_read: { kind: "read", resource: "Book" },
      Books_create: { kind: "create", resource: "Book" },
      Books_update: { kind: "patch", resource: "Book" },
      Books_delete: { kind: "delete", resource: "Book" },
      Books_restock: undefined,
    });
  });

  it("binds the petstore's array list, read, create, replace and delete", async () => {
    const crud = crudOf(await loadApiModel(PETSTORE));
    expect(crud).toEqual({
      Pets_list: {
        kind: "list",
        resource: "Pet",
        filters: [{ param: "species", property: "species" }],
        limitParam: "limit",
        offsetParam: "offset",
        listShape: { kind: "array" },
      },
      Pets_read: { kind: "read", resource: "Pet" },
      Pets_create: { kind: "create", resource: "Pet" },
      Pets_update: { kind: "replace", resource: "Pet" },
      Pets_delete: { kind: "delete", resource: "Pet" },
    });
  });

  it("is pure: the input model is left without bindings", async () => {
    const { program, entry } = await compileSpec(PETSTORE);
    const plain = buildApiModel(program, entry);
    const snapshot = JSON.stringify(plain);
    const classified = classifyCrud(plain);
    expect(JSON.stringify(plain)).toBe(snapshot);
    expect(classified).not.toBe(plain);
    expect(classified.services[0].operations[0].crud).toBeDefined();
  });

  it("leaves operations alone when the shape does not fit", async () => {
    const api = await loadApiModel(
      writeSpec(
        service(`
model Note { @key id: string; text: string }
model Tag { name: string }
model Pair { @key a: string; @key b: string }
@route("/notes") interface Notes {
  @get list(): Note;
  @get read(@path id: int32): Note;
  @post create(@path parent: string, @body note: Note): Note;
  @delete remove(@path id: string): void;
  @put replace(@path id: string, @body tag: Tag): Note;
}
@route("/tags") interface Tags { @get list(): Tag[]; @post create(@body tag: Tag): Tag; }
@route("/pairs") interface Pairs { @get list(): Pair[]; }
@route("/other") interface Other { @get @route("{id}") read(@path id: string): Note; @patch @route("{id}") change(@path id: string, @body body: { color: string }): Note; }
`),
      ),
    );
    expect(crudOf(api)).toEqual({
      Notes_list: undefined, // a single Note, not a list
      Notes_read: undefined, // path parameter type differs from the key
      Notes_create: undefined, // has a path parameter
      Notes_remove: undefined, // no read on the same item path to name the resource
      Notes_replace: undefined, // body is not the resource
      Tags_list: undefined, // Tag has no @key
      Tags_create: undefined,
      Pairs_list: undefined, // two @key properties
      Other_read: { kind: "read", resource: "Note" },
      Other_change: undefined, // `color` is not a Note property
    });
  });
  it("leaves a create or replace that answers with another model to its handler (the corpus's todo-app)", async () => {
    const api = await loadApiModel(
      writeSpec(
        service(`
model User { @key @visibility(Lifecycle.Read) id: int32; name: string }
model UserCreated { ...User; token: string }
@route("/users") interface Users {
  @get read(@path id: int32): User;
  @post create(@body user: User): UserCreated;
  @put replace(@path id: int32, @body user: User): { @statusCode _: 200; @body body: UserCreated };
  @post @route("plain") createPlain(@body user: User): User;
}
`),
      ),
    );
    expect(crudOf(api)).toEqual({
      Users_read: { kind: "read", resource: "User" },
      Users_create: undefined,
      Users_replace: undefined,
      Users_createPlain: { kind: "create", resource: "User" },
    });
  });
});

describe("classifyCrud on what the spec fuzz test found", () => {
  const pets = `
model Pet { @key @visibility(Lifecycle.Read) id: int32; name: string; }
model Page { items: Pet[]; total: int32; nextOffset: int32; }
model Counted { items: Pet[]; total: int32; note: string; }
@route("/pets") interface Pets {
  @get list(): Pet[];
  @get @route("/again") again(): Pet[];
  @get @route("/paged") paged(): Page;
  @get @route("/counted") counted(): Counted;
}`;

  it("wires one list per resource; another GET returning the resource stays a handler", async () => {
    const crud = crudOf(await loadApiModel(writeSpec(service(pets))));
    expect(crud.Pets_list?.kind).toBe("list");
    expect([crud.Pets_again, crud.Pets_paged, crud.Pets_counted]).toEqual([undefined, undefined, undefined]);
  });

  it("a page whose required properties the CRUD cannot fill (a required nextOffset, a note) is no CRUD list", async () => {
    const alone = pets.replace('  @get list(): Pet[];\n  @get @route("/again") again(): Pet[];\n', "");
    const crud = crudOf(await loadApiModel(writeSpec(service(alone))));
    expect([crud.Pets_paged, crud.Pets_counted]).toEqual([undefined, undefined]);
  });
});
