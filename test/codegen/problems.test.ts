/**
 * Error bodies in the spec's shape: which property carries the message (the text that names a
 * 400's failing fields) when the model has no `message`.
 */
import { describe, expect, it } from "@jest/globals";
import { problemShapes } from "../../src/codegen/problems.ts";
import { safeTypeName } from "../../src/names.ts";
import type { ApiModel, Model } from "../../src/spec/model.ts";

const STRING = { kind: "scalar", name: "string" } as const;

function apiWith(model: Model): ApiModel {
  return { specPath: "main.tsp", services: [], models: { [model.name]: model }, enums: {}, unions: {}, authSchemes: {} };
}
function prop(name: string) {
  return { name, jsonName: name, type: STRING, optional: false, constraints: {} } as unknown as Model["properties"][number];
}

describe("problemShapes", () => {
  it("`{ errorCode, reason }`: reason carries the message (failing fields), errorCode the short code", () => {
    const model = { name: "Error", isError: true, properties: [prop("errorCode"), prop("reason")] } as unknown as Model;
    expect(problemShapes(apiWith(model), [safeTypeName("Error")])).toEqual({
      [safeTypeName("Error")]: [
        ["errorCode", "code"],
        ["reason", "message"],
      ],
    });
  });

  it("`{ title, message }`: title stays the reason phrase when a message property exists", () => {
    const model = { name: "Problem", isError: true, properties: [prop("title"), prop("message")] } as unknown as Model;
    expect(problemShapes(apiWith(model), ["Problem"])).toEqual({
      Problem: [
        ["title", "title"],
        ["message", "message"],
      ],
    });
  });
});
