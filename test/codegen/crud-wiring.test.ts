/**
 * How CRUD-shaped operations are wired into the generated project, from inline specs: which handler
 * each group's CRUD factory fills in, and what the generated repositories do with keys and parents.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaffold } from "../../src/index.ts";
import { loadApiModel } from "../../src/spec/index.ts";
import type { ApiModel, CrudBinding } from "../../src/spec/model.ts";
import { removeSpecs, service, writeSpec } from "../spec/tmp-spec.ts";

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
  const { tree } = await scaffold({ target: join(target, "p"), answers: { name: "crud", spec: dir, install: false, git: false, port: 3000 }, dryRun: true, cwd: dir });
  return (path) => {
    const file = tree.get(path);
    if (!file) throw new Error(`no ${path} generated`);
    return typeof file.content === "string" ? file.content : new TextDecoder().decode(file.content);
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
  @get list(): Form[];
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
    expect(crud.Search_crossSearch).toMatchObject({ kind: "list", resource: "Form", listShape: { kind: "page", itemsProperty: "forms", totalProperty: "total" } });
    expect(crud.Search_everything).toBeUndefined();
  });

  it("each group's CRUD factory names only its own handlers, even when another group lists the same resource", async () => {
    const file = await generate(spec);
    const crud = file("src/generated/crud.ts");
    const forms = crud.slice(crud.indexOf("export function formsCrud"));
    expect(forms.slice(0, forms.indexOf("\n")).match(/"[A-Za-z]+"/g)).toEqual(['"list"', '"read"', '"create"']);
    const search = crud.slice(crud.indexOf("export function searchCrud"));
    expect(search.slice(0, search.indexOf("\n")).match(/"[A-Za-z]+"/g)).toEqual(['"crossSearch"']);
  });
});
