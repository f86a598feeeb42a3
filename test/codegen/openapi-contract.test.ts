/**
 * docs/openapi.yaml describes the server that answers it: the security the `auth` answer enforces,
 * every status the server can answer with the body it sends, integer bounds the server holds, and
 * request bodies without the read-only key the server assigns. Checked on the bundled petstore.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { scaffold } from "../../src/index.ts";
import { specs } from "../e2e/cli-helpers.ts";

const target = fs.mkdtempSync(path.join(os.tmpdir(), "cts-contract-"));
afterAll(() => fs.rmSync(target, { recursive: true, force: true }));

type Json = Record<string, any>;
async function documentOf(answers: Record<string, unknown>): Promise<Json> {
  const { tree } = await scaffold({
    target: path.join(target, "p"),
    answers: { name: "p", spec: specs.petstore, install: false, git: false, port: 3000, ...answers },
    dryRun: true,
  });
  return parse(String(tree.get("docs/openapi.yaml")?.content ?? "")) as Json;
}
const operations = (doc: Json) => Object.values(doc.paths as Json).flatMap((item) => Object.values(item as Json)) as Json[];
const errorRef = { $ref: "#/components/schemas/ApiError" };

describe("the published document", () => {
  it("declares the scheme --auth enforces, on every operation, with its 401", async () => {
    const plain = await documentOf({ auth: "none" });
    expect(plain.security).toBeUndefined();
    expect(plain.components.securitySchemes).toBeUndefined();
    for (const [auth, scheme] of [
      ["jwt", { BearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } }],
      ["api-key", { ApiKeyAuth: { type: "apiKey", in: "header", name: "x-api-key" } }],
    ] as const) {
      const doc = await documentOf({ auth });
      expect(doc.components.securitySchemes).toEqual(scheme);
      expect(doc.security).toEqual([{ [Object.keys(scheme)[0]]: [] }]);
      for (const op of operations(doc)) expect(op.responses["401"].content["application/json"].schema).toEqual(errorRef);
    }
    for (const op of operations(plain)) expect(op.responses["401"]).toBeUndefined();
  });

  it("lists the 400, 404, 413 and 415 the server answers, in the spec's error model, beside what the spec declares", async () => {
    const doc = await documentOf({});
    const read = doc.paths["/pets/{id}"].get;
    expect(Object.keys(read.responses).sort()).toEqual(["200", "400", "404"]);
    expect(read.responses["400"].content["application/json"].schema).toEqual(errorRef);
    const create = doc.paths["/pets"].post;
    expect(Object.keys(create.responses).sort()).toEqual(["201", "400", "413", "415"]);
  });

  it("bounds integers as the server does and asks no read-only key in a request body", async () => {
    const doc = await documentOf({});
    const id = doc.paths["/pets/{id}"].get.parameters[0].schema;
    expect(id).toMatchObject({ type: "integer", minimum: -2147483648, maximum: 2147483647 });
    expect(doc.components.schemas.Pet.properties.age).toMatchObject({ minimum: 0, maximum: 60 });
    const [limit, offset] = doc.paths["/pets"].get.parameters;
    expect([limit.schema.minimum, offset.schema.minimum]).toEqual([0, 0]);
    expect(doc.paths["/pets"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/PetRequest" });
    const request = doc.components.schemas.PetRequest;
    expect(request.properties.id).toBeUndefined();
    expect(request.required).toEqual(["name", "species"]);
    // Answers still carry the key.
    expect(doc.components.schemas.Pet.required).toContain("id");
  });
});

describe("the published document of the shapes fixture", () => {
  it("gives tuples their fixed length and documents the 501 of a query parameter the list does not honour", async () => {
    const doc = await documentOf({ spec: path.join(path.dirname(specs.bookstore), "shapes") });
    const account = doc.components.schemas.Account.properties;
    expect(account.spot).toMatchObject({
      type: "array",
      prefixItems: [{ type: "string" }, { type: "integer", format: "int32" }],
      items: false,
      minItems: 2,
      maxItems: 2,
    });
    expect(account.path.items).toMatchObject({
      prefixItems: [{ type: "number" }, { type: "number" }],
      items: false,
      minItems: 2,
      maxItems: 2,
    });
    // implicitOptionality: the update body requires nothing, nested models included.
    expect(doc.components.schemas.AccountUpdate.required).toBeUndefined();
    expect(doc.components.schemas.ProfileUpdate.required).toBeUndefined();
    const list = doc.paths["/accounts"].get;
    expect(list.responses["501"].description).toMatch(/does not honour the query parameter `q`/);
    expect(doc.paths["/accounts/{id}"].get.responses["501"]).toBeUndefined();
  });
});
