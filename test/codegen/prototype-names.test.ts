/**
 * Spec names that Object.prototype also has (`constructor`, `toString`, `valueOf`, ...) in the
 * generator itself: a plain-object lookup of one finds the prototype's function, so the generator
 * looks up own keys only, tells the generated routes which request fields need the same care, and
 * refuses `__proto__`, which no JavaScript object holds as an ordinary key.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { join } from "node:path";
import { asyncApiDocument } from "../../src/codegen/asyncapi.ts";
import { crudResources } from "../../src/codegen/crud-view.ts";
import { routeView } from "../../src/codegen/routes.ts";
import { loadSpec } from "../../src/index.ts";
import { own } from "../../src/names.ts";
import type { ApiModel, Model, Operation, Parameter } from "../../src/spec/model.ts";
import { failure, removeSpecs, service, writeSpec } from "../spec/tmp-spec.ts";

afterAll(removeSpecs);

const STRING = { kind: "scalar", name: "string" } as const;

function api(extra: Partial<ApiModel> = {}): ApiModel {
  return { specPath: "main.tsp", services: [], models: {}, enums: {}, unions: {}, authSchemes: {}, ...extra };
}
function param(name: string, where: Parameter["in"]): Parameter {
  return { name, wireName: name, in: where, type: STRING, optional: true, constraints: {} };
}

describe("names Object.prototype also has", () => {
  it("a nested collection scoped by a read-only `constructor` gets the sample's value in its test paths", async () => {
    const dir = writeSpec(
      service(`model Job {
  @key @visibility(Lifecycle.Read) id: string;
  @visibility(Lifecycle.Read) constructor: string;
  title: string;
}
@route("/sites/{constructor}/jobs")
interface Jobs {
  @get list(@path constructor: string): Job[];
  @post create(@path constructor: string, @body job: Job): { @statusCode _: 201; @body job: Job };
}`),
    );
    const { api: model } = await loadSpec(join(dir, "main.tsp"), dir);
    const [jobs] = crudResources(model);
    // The create sample has no `constructor` (read-only): the Read sample's value, not Object's function.
    expect(Object.values(jobs.operations).map((op) => op.path)).toEqual([
      "/sites/sample%20constructor/jobs",
      "/sites/sample%20constructor/jobs",
    ]);
    expect(jobs.inherited).toEqual(["constructor"]);
  });

  it("tells a route which of its body, query and header fields are named like Object.prototype's members", () => {
    const thing: Model = {
      name: "Thing",
      isError: false,
      properties: ["title", "toString", "isPrototypeOf"].map((name) => ({
        name,
        jsonName: name,
        type: STRING,
        optional: true,
        key: false,
        visibility: ["Create", "Read", "Update"],
        constraints: {},
      })),
    };
    const op: Operation = {
      id: "make",
      name: "make",
      group: "",
      verb: "post",
      path: "/things",
      parameters: [param("valueOf", "query"), param("limit", "query"), param("Constructor", "header"), param("valueOf", "header")],
      body: { type: { kind: "model", name: "Thing" }, contentTypes: ["application/json"], format: "json", optional: false },
      responses: [],
      tags: [],
    };
    const view = routeView(api({ models: { Thing: thing } }), op);
    // Header names are matched lower-cased, as Node gives them: `valueof` is no member, `constructor` is.
    expect(view.inheritedFields).toEqual([
      ["body", ["toString", "isPrototypeOf"]],
      ["query", ["valueOf"]],
      ["headers", ["constructor"]],
    ]);
    expect(routeView(api(), { ...op, parameters: [param("limit", "query")], body: undefined }).inheritedFields).toEqual([]);
  });

  it("an event channel called `constructor` is a channel of its own in the AsyncAPI document", () => {
    const model = api({
      models: { Built: { name: "Built", isError: false, properties: [] } },
      events: [
        { id: "built", name: "built", group: "Builds", action: "publish", channel: "constructor", parameters: [], message: "Built" },
      ],
    });
    const doc = asyncApiDocument(model, { title: "Builds", version: "0.1.0", broker: "nats", host: "localhost:4222" }) as {
      channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    };
    expect(own(doc.channels, "constructor")).toEqual({
      address: "constructor",
      messages: { Built: { $ref: "#/components/messages/Built" } },
    });
  });

  it("refuses `__proto__` as a property or parameter name, naming each place", async () => {
    const dir = writeSpec(
      service(`model Thing {
  @key id: string;
  __proto__?: string;
}
@route("/things") @get op list(@query __proto__?: string): Thing[];`),
    );
    const error = await failure(loadSpec(join(dir, "main.tsp"), dir));
    expect(error.code).toBe("spec-unsupported");
    expect([...error.details].sort()).toEqual([
      'main.tsp:7:3 - property named "__proto__", which JavaScript objects take for their prototype (rename it, or its wire name)',
      'main.tsp:9:39 - query parameter named "__proto__", which JavaScript objects take for their prototype (rename it, or its wire name)',
    ]);
  });
});
