/**
 * How CRUD-shaped operations are wired into the generated project, from inline specs: which handler
 * each group's CRUD factory fills in, and what the generated repositories do with keys and parents.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaffold } from "../../src/index.ts";
import { loadApiModel } from "../../src/spec/index.ts";
import type { ApiModel, CrudBinding } from "../../src/spec/model.ts";
import { removeSpecs, service, writeSpec } from "../spec/tmp-spec.ts";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { type ProjectRequest, serveProjects, typeCheckProjects } from "../helpers/project-batch.ts";

const targets: string[] = [];
afterAll(() => {
  removeSpecs();
  for (const dir of targets) rmSync(dir, { recursive: true, force: true });
});

/** The generated files of a project scaffolded (dry run) from an inline spec. */
async function generate(spec: string): Promise<(path: string) => string> {
  const dir = writeSpec(spec);
  const target = mkdtempSync(join(tmpdir(), "tss-crud-"));
  targets.push(target);
  const { tree } = await scaffold({
    target: join(target, "p"),
    answers: { name: "crud", spec: dir, install: false, git: false, port: 3000 },
    dryRun: true,
    cwd: dir,
  });
  return (path) => {
    const file = tree.get(path);
    if (!file) throw new Error(`no ${path} generated`);
    return typeof file.content === "string" ? file.content : new TextDecoder().decode(file.content);
  };
}

/** Scaffolds `spec` for real, type-checks the project and sends `requests` to its running server. */
async function serveSpec(
  name: string,
  spec: string,
  requests: ProjectRequest[],
): Promise<{ calls: { status: number; body: any }[]; file: (path: string) => string }> {
  const nodeModules = await sharedNodeModules();
  const root = mkdtempSync(join(tmpdir(), "tss-crud-serve-"));
  targets.push(root);
  await linkNodeModules(root, nodeModules);
  writeFileSync(join(root, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);
  const dir = join(root, name);
  const { tree } = await scaffold({
    target: dir,
    answers: { name, spec: writeSpec(spec), install: false, git: false, port: 3000 },
    cwd: root,
  });
  const [check] = [...(await typeCheckProjects(root, join(nodeModules, "typescript", "bin", "tsc"), [{ name, dir }])).values()];
  expect(check.errors).toBeUndefined();
  const served = (await serveProjects(root, [{ name, emitted: check.emitted, requests }])).get(name)!;
  expect(served.boot).toBeUndefined();
  return {
    calls: served.routes.map((r) => ({ status: r.status, body: r.body ? JSON.parse(r.body) : undefined })),
    file: (path) => String(tree.get(path)?.content),
  };
}

function crudOf(api: ApiModel): Record<string, CrudBinding | undefined> {
  return Object.fromEntries(api.services.flatMap((s) => s.operations).map((o) => [o.id, o.crud]));
}

describe("CRUD classification stays inside one interface or namespace", () => {
  const spec = service(`
model Form { @key id: string; title: string; }
model SearchResult { forms: Form[]; total: int32; }
@route("/forms") interface Forms {
  @get read(@path id: string): Form;
  @post create(@body body: Form): Form;
}
model Everything { forms: Form[]; authors: string[]; }
@route("/search") interface Search {
  @get crossSearch(@query q?: string): SearchResult;
  @route("/all") @get everything(): Everything;
}
@route("/forms") interface Admin {
  @delete purge(@path id: string): void;
}`);

  it("a delete learns its resource only from a sibling in its own group", async () => {
    const dir = writeSpec(spec);
    const crud = crudOf(await loadApiModel(dir, dir));
    expect(crud.Forms_read).toEqual({ kind: "read", resource: "Form" });
    expect(crud.Admin_purge).toBeUndefined();
  });

  it("a page is a list only when the handler can fill every required property", async () => {
    const dir = writeSpec(spec);
    const crud = crudOf(await loadApiModel(dir, dir));
    expect(crud.Search_crossSearch).toMatchObject({
      kind: "list",
      resource: "Form",
      listShape: { kind: "page", itemsProperty: "forms", totalProperty: "total" },
    });
    expect(crud.Search_everything).toBeUndefined();
  });

  it("each group's CRUD factory names only its own handlers, even when another group serves the same resource", async () => {
    const file = await generate(spec);
    const crud = file("src/generated/crud.ts");
    const forms = crud.slice(crud.indexOf("export function formsCrud"));
    expect(forms.slice(0, forms.indexOf("\n")).match(/"[A-Za-z]+"/g)).toEqual(['"read"', '"create"']);
    const search = crud.slice(crud.indexOf("export function searchCrud"));
    expect(search.slice(0, search.indexOf("\n")).match(/"[A-Za-z]+"/g)).toEqual(['"crossSearch"']);
  });
});

describe("@typespec/rest resource operations", () => {
  it("ResourceOperations<T> is wired as CRUD, its create (whose body is a derived model) included", async () => {
    const dir = writeSpec(`import "@typespec/http";
import "@typespec/rest";
using Http;
using Rest;
@service(#{ title: "Pets" })
namespace PetStore;
@resource("pets") model Pet { @key("petId") @visibility(Lifecycle.Read) id: int32; name: string; tag?: string; }
@error model ApiError { code: int32; message: string; }
interface Pets extends Resource.ResourceOperations<Pet, ApiError> {}
`);
    const api = await loadApiModel(dir, dir);
    const kinds = Object.fromEntries(Object.entries(crudOf(api)).map(([id, crud]) => [id, crud && `${crud.kind} ${crud.resource}`]));
    expect(kinds).toEqual({
      Pets_get: "read Pet",
      Pets_update: "patch Pet",
      Pets_delete: "delete Pet",
      Pets_create: "create Pet",
      Pets_list: "list Pet",
    });
    expect(api.services[0].operations.find((o) => o.id === "Pets_create")?.resourceOperation).toEqual({ kind: "create", resource: "Pet" });
  });
});

describe("query parameters of a list", () => {
  it("an optional one the list cannot honour is recorded; a required one leaves the operation to its handler", async () => {
    const dir = writeSpec(
      service(`model Form { @key id: string; title: string; }
@route("/forms") interface Forms { @get list(@query title?: string, @query q?: string, @query limit?: int32): Form[]; }
@route("/local") interface Local { @get list(@query locale: string): Form[]; }`),
    );
    const crud = crudOf(await loadApiModel(dir, dir));
    expect(crud.Forms_list).toMatchObject({
      kind: "list",
      filters: [{ param: "title", property: "title" }],
      limitParam: "limit",
      unhandledQuery: ["q"],
    });
    expect(crud.Local_list).toBeUndefined();
  });

  it("a filter matches the property by wire name, and only with a value of the property's kind", async () => {
    const dir = writeSpec(
      service(`enum Kind { a, b }
model Form { @key id: string; @encodedName("application/json", "full_title") title: string; count: int32; ratio: float64; kind: Kind; tags: string[]; }
@route("/forms") interface Forms { @get list(@query("full_title") fullTitle?: string, @query count?: string, @query ratio?: int32, @query kind?: string, @query tags?: string): Form[]; }`),
    );
    const crud = crudOf(await loadApiModel(dir, dir));
    expect(crud.Forms_list).toMatchObject({
      filters: [
        { param: "full_title", property: "full_title" },
        { param: "ratio", property: "ratio" },
        { param: "kind", property: "kind" },
      ],
      // A text `count` on an integer property, or a `tags` value on a list, is no equality filter.
      unhandledQuery: ["count", "tags"],
    });
  });
});

describe("a generated project's CRUD routes, served for real", () => {
  const spec = service(`
/** The client names each tag: the key is visible on create. */
model Tag { @key name: string; colour?: string; }
model Settings { theme: "dark" | "light"; alerts: boolean; }
/** The server assigns note ids; settings are read-only on create and must still be stored. */
model Note {
  @key @visibility(Lifecycle.Read) id: string;
  title: string;
  body?: string;
  @visibility(Lifecycle.Read, Lifecycle.Update) settings: Settings;
  @visibility(Lifecycle.Read) createdAt: utcDateTime;
}
@route("/tags") interface Tags {
  @post create(@body body: Tag): { @statusCode _: 201; @body body: Tag };
  @get read(@path name: string): Tag;
}
@route("/notes") interface Notes {
  @get list(@query title?: string, @query search?: string): Note[];
  @post create(@body body: Note): { @statusCode _: 201; @body body: Note };
  @get read(@path id: string): Note;
  @put replace(@path id: string, @body body: Note): Note;
  @patch update(@path id: string, @body body: MergePatchUpdate<Note>): Note;
}`);
  let calls: { status: number; body: any }[] = [];

  beforeAll(async () => {
    const json = { "content-type": "application/json" };
    const requests: ProjectRequest[] = [
      { method: "POST", url: "/tags", headers: json, body: { name: "urgent", colour: "red" } },
      { method: "GET", url: "/tags/urgent", headers: {} },
      { method: "POST", url: "/tags", headers: json, body: { name: "urgent" } },
      { method: "POST", url: "/notes", headers: json, body: { id: "mine", title: "first", body: "text" } },
      { method: "PUT", url: "/notes/{3.id}", headers: json, body: { title: "second", settings: { theme: "light", alerts: true } } },
      { method: "GET", url: "/notes/{3.id}", headers: {} },
      { method: "PATCH", url: "/notes/{3.id}", headers: { "content-type": "application/merge-patch+json" }, body: { body: "patched" } },
      { method: "GET", url: "/notes?title=second", headers: {} },
      { method: "GET", url: "/notes?search=sec", headers: {} },
    ];
    ({ calls } = await serveSpec("notes", spec, requests));
  }, 300_000);

  it("keeps a client-supplied key and answers 409 for a taken one", () => {
    expect(calls[0]).toEqual({ status: 201, body: { name: "urgent", colour: "red" } });
    expect(calls[1]).toEqual({ status: 200, body: { name: "urgent", colour: "red" } });
    expect(calls[2].status).toBe(400);
  });

  it("PUT replaces the row: an omitted optional field is cleared, read-only fields keep their values; PATCH merges", () => {
    const created = calls[3].body;
    expect(calls[4]).toEqual({
      status: 200,
      body: { id: created.id, title: "second", settings: { theme: "light", alerts: true }, createdAt: created.createdAt },
    });
    expect(calls[5]).toEqual(calls[4]);
    expect(calls[6]).toEqual({ status: 200, body: { ...calls[4].body, body: "patched" } });
  });

  it("a list filters by the query parameters it can honour and answers 501 naming the handler file for the others", () => {
    expect(calls[7]).toEqual({ status: 200, body: [calls[6].body] });
    expect(calls[8].status).toBe(501);
    expect(calls[8].body.message).toMatch(/"search".*src\/handlers\/notes\.ts/);
  });

  it("assigns a read-only key itself, whatever the body says, and fills required read-only fields", () => {
    expect(calls[3].status).toBe(201);
    expect(calls[3].body.id).not.toBe("mine");
    expect(calls[3].body).toMatchObject({ title: "first", body: "text", settings: { theme: "dark", alerts: false } });
    expect(typeof calls[3].body.createdAt).toBe("string");
  });
});

describe("names that collide once cased or separated", () => {
  const spec = service(`
model Pet { @key @visibility(Lifecycle.Read) id: string; name: string; Name?: string; foo_bar?: string; fooBar?: string; }
model pet { @key @visibility(Lifecycle.Read) id: string; label: string; }
@route("/Pets") interface Pets { @post create(@body body: Pet): Pet; @get read(@path id: string): Pet; }
@route("/lower") interface lowerPets { @post create(@body body: pet): pet; @get read(@path id: string): pet; }
@route("/ops") interface Ops {
  @get @route("/a") toString(): void;
  @get @route("/b") constructor(): void;
  @get @route("/c") __proto__(): void;
  @get @route("/d") hasOwnProperty(): void;
}`);
  let calls: { status: number; body: any }[] = [];
  let tables = "";

  beforeAll(async () => {
    const json = { "content-type": "application/json" };
    const requests: ProjectRequest[] = [
      { method: "POST", url: "/Pets", headers: json, body: { name: "a", Name: "B", foo_bar: "c", fooBar: "D" } },
      { method: "GET", url: "/Pets/{0.id}", headers: {} },
      { method: "POST", url: "/lower", headers: json, body: { label: "small" } },
      { method: "GET", url: "/lower/{2.id}", headers: {} },
      ...["a", "b", "c", "d"].map((path) => ({ method: "GET", url: `/ops/${path}`, headers: {} })),
    ];
    const served = await serveSpec("names", spec, requests);
    calls = served.calls;
    tables = served.file("src/db/tables.ts");
  }, 300_000);

  it("models Pet and pet get their own tables and repositories; name/Name and foo_bar/fooBar their own columns", () => {
    expect(tables).toMatch(/pet: \{/);
    expect(tables).toMatch(/pet2: \{/);
    expect(tables).toMatch(/"name2"/);
    expect(tables).toMatch(/"foo_bar2"/);
  });

  it("stores and returns every one of the colliding fields, each in its own row type", () => {
    expect(calls[0].status).toBe(200);
    expect(calls[1]).toEqual({ status: 200, body: { id: calls[0].body.id, name: "a", Name: "B", foo_bar: "c", fooBar: "D" } });
    expect(calls[3]).toEqual({ status: 200, body: { id: calls[2].body.id, label: "small" } });
  });

  it("operations named toString, constructor, __proto__ and hasOwnProperty each reach their own handler", () => {
    expect(calls.slice(4).map((c) => c.status)).toEqual([501, 501, 501, 501]);
  });
});

describe("nested collections", () => {
  const spec = service(`
model Owner { @key @visibility(Lifecycle.Read) id: int32; name: string; }
model Animal { @key @visibility(Lifecycle.Read) id: int32; ownerId: int32; name: string; }
model Note { @key @visibility(Lifecycle.Read) id: int32; text: string; }
@route("/owners") interface Owners { @post create(@body body: Owner): Owner; }
@route("/owners/{ownerId}/animals") interface Animals {
  @get list(@path ownerId: int32): Animal[];
  @post create(@path ownerId: int32, @body body: Animal): Animal;
  @get read(@path ownerId: int32, @path id: int32): Animal;
  @delete remove(@path ownerId: int32, @path id: int32): void;
}
@route("/owners/{ownerId}/notes") interface Notes { @get list(@path ownerId: int32): Note[]; }`);
  let calls: { status: number; body: any }[] = [];

  it("are bound with the parent path parameter as scope, when the resource stores the parent's key", async () => {
    const dir = writeSpec(spec);
    const crud = crudOf(await loadApiModel(dir, dir));
    const scope = [{ param: "ownerId", property: "ownerId" }];
    expect(crud.Animals_list).toMatchObject({ kind: "list", resource: "Animal", scope });
    expect(crud.Animals_create).toEqual({ kind: "create", resource: "Animal", scope });
    expect(crud.Animals_read).toEqual({ kind: "read", resource: "Animal", scope });
    expect(crud.Animals_remove).toEqual({ kind: "delete", resource: "Animal", scope });
    // A Note has nowhere to keep its owner: listing it by owner is left to a handler.
    expect(crud.Notes_list).toBeUndefined();
  });

  describe("served for real", () => {
    beforeAll(async () => {
      const json = { "content-type": "application/json" };
      const requests: ProjectRequest[] = [
        { method: "POST", url: "/owners/1/animals", headers: json, body: { ownerId: 99, name: "rex" } },
        { method: "POST", url: "/owners/2/animals", headers: json, body: { ownerId: 2, name: "tom" } },
        { method: "GET", url: "/owners/1/animals", headers: {} },
        { method: "GET", url: "/owners/1/animals/{0.id}", headers: {} },
        { method: "GET", url: "/owners/2/animals/{0.id}", headers: {} },
        { method: "DELETE", url: "/owners/2/animals/{0.id}", headers: {} },
        { method: "DELETE", url: "/owners/1/animals/{0.id}", headers: {} },
        { method: "GET", url: "/owners/2/animals", headers: {} },
      ];
      ({ calls } = await serveSpec("nested", spec, requests));
    }, 300_000);

    it("stores a row under the parent the path names and lists only that parent's rows", () => {
      expect(calls[0]).toEqual({ status: 200, body: { id: calls[0].body.id, ownerId: 1, name: "rex" } });
      expect(calls[2]).toEqual({ status: 200, body: [calls[0].body] });
      expect(calls[7]).toEqual({ status: 200, body: [calls[1].body] });
    });

    it("finds, and deletes, a row only under its own parent", () => {
      expect(calls[3]).toEqual({ status: 200, body: calls[0].body });
      expect(calls[4].status).toBe(404);
      expect(calls[5].status).toBe(404);
      expect(calls[6].status).toBe(204);
    });
  });
});

describe("@sharedRoute", () => {
  const spec = service(`
model Draft { name: string; }
model Change { name?: string; note?: string; }
@useAuth(BearerAuth)
@route("/things") interface Things {
  @sharedRoute @post createJson(@header contentType: "application/json", @body body: Draft): { @statusCode _: 202; @body body: Draft };
  @sharedRoute @post createPatch(@header contentType: "application/merge-patch+json", @body body: Change): { @statusCode _: 202; @body body: Change };
}
@route("/others") interface Others {
  @sharedRoute @get one(@query a?: string): void;
  @sharedRoute @get two(@query b?: string): void;
}`);

  it("operations told apart by their body's media type share the route; others are reported", async () => {
    const dir = writeSpec(spec);
    const error = await loadApiModel(dir, dir).then(
      () => undefined,
      (e: { code: string; details: string[] }) => e,
    );
    expect(error?.code).toBe("spec-unsupported");
    expect(error?.details).toEqual([
      expect.stringMatching(
        /operations "Others_one" \(main\.tsp:\d+:\d+\) and "Others_two" share the route GET \/others \(@sharedRoute\) and a router cannot tell them apart: their request bodies do not each have a media type of their own\. Fix: /,
      ),
    ]);
    const ok = writeSpec(spec.slice(0, spec.indexOf('@route("/others")')));
    const api = await loadApiModel(ok, ok);
    expect(api.services[0].operations.map((o) => [o.id, o.routeContentType])).toEqual([
      ["Things_createJson", "application/json"],
      ["Things_createPatch", "application/merge-patch+json"],
    ]);
  });

  it("operations sharing a route must share their auth requirement", async () => {
    const things = spec.slice(0, spec.indexOf('@route("/others")'));
    const mixed = writeSpec(things.replace("@sharedRoute @post createPatch", "@useAuth(NoAuth) @sharedRoute @post createPatch"));
    const error = await loadApiModel(mixed, mixed).then(
      () => undefined,
      (e: { details: string[] }) => e,
    );
    expect(error?.details).toContainEqual(
      expect.stringMatching(
        /"Things_createJson" \([^)]+\) and "Things_createPatch" share the route POST \/things .*: they have different auth requirements/,
      ),
    );
  });

  it("the request's media type picks the operation, whose own schema then validates the body", async () => {
    const { calls } = await serveSpec("shared", spec.slice(0, spec.indexOf('@route("/others")')), [
      { method: "POST", url: "/things", headers: { "content-type": "application/json" }, body: { name: "a" } },
      { method: "POST", url: "/things", headers: { "content-type": "application/merge-patch+json" }, body: { note: "b" } },
      { method: "POST", url: "/things", headers: { "content-type": "application/json" }, body: { note: "no name" } },
      { method: "POST", url: "/things", headers: { "content-type": "text/plain" }, body: "plain" },
    ]);
    expect(calls[0].status).toBe(501);
    expect(JSON.stringify(calls[0].body)).toMatch(/createJson/);
    expect(calls[1].status).toBe(501);
    expect(JSON.stringify(calls[1].body)).toMatch(/createPatch/);
    expect(calls[2].status).toBe(400);
    expect(calls[3].status).toBeGreaterThanOrEqual(400);
    expect(calls[3].status).toBeLessThan(500);
  }, 300_000);
});

describe("a delete that answers with the deleted row", () => {
  const spec = service(`
model Pet { @key @visibility(Lifecycle.Read) id: int32; name: string; }
@route("/pets") interface Pets {
  @post create(@body body: Pet): { @statusCode _: 201; @body body: Pet };
  @get read(@path id: int32): Pet;
  @delete remove(@path id: int32): Pet;
}`);

  it("is classified as a delete that returns the row", async () => {
    const dir = writeSpec(spec);
    expect(crudOf(await loadApiModel(dir, dir)).Pets_remove).toEqual({ kind: "delete", resource: "Pet", returnsRow: true });
  });

  it("type-checks, returns the stored row, then the row is gone (404 on read and on a second delete)", async () => {
    const json = { "content-type": "application/json" };
    const { calls } = await serveSpec("pets", spec, [
      { method: "POST", url: "/pets", headers: json, body: { name: "Rex" } },
      { method: "DELETE", url: "/pets/{0.id}", headers: {} },
      { method: "GET", url: "/pets/{0.id}", headers: {} },
      { method: "DELETE", url: "/pets/{0.id}", headers: {} },
    ]);
    expect(calls[1]).toEqual({ status: 200, body: calls[0].body });
    expect(calls[2].status).toBe(404);
    expect(calls[3].status).toBe(404);
  }, 300_000);
});
