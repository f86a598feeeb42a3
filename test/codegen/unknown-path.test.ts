/**
 * The path the generated 404 test asks for must be one no route of the spec takes: a root `/{id}`
 * route answers `/no-such-route` itself (a 501 or its handler's answer), which failed that test.
 */
import { describe, expect, it } from "@jest/globals";
import { unknownPath } from "../../src/codegen/builtin-routes.ts";
import type { ApiModel, Operation } from "../../src/spec/model.ts";

function apiWith(...paths: string[]): ApiModel {
  const operations = paths.map((path) => ({ path, verb: "get", parameters: [], responses: [] }) as unknown as Operation);
  return { specPath: "main.tsp", services: [{ operations }], models: {}, enums: {}, unions: {}, authSchemes: {} } as unknown as ApiModel;
}

describe("unknownPath", () => {
  it("is /no-such-route when no route takes it", () => {
    expect(unknownPath(apiWith("/pets", "/pets/{id}"))).toBe("/no-such-route");
  });

  it("has more segments than a root /{id} or /{a}/{b} route takes", () => {
    expect(unknownPath(apiWith("/{id}"))).toBe("/no-such-route/at-all");
    expect(unknownPath(apiWith("/{id}", "/{a}/{b}", "/{a}/x/{c}"))).toBe("/no-such-route/at-all/at-all");
    // Constant query text and a trailing slash change nothing.
    expect(unknownPath(apiWith("/{id}?kind=a", "/{a}/{b}/"))).toBe("/no-such-route/at-all/at-all");
  });

  it("is undefined when a wildcard route takes every path", () => {
    expect(unknownPath(apiWith("/{+path}"))).toBeUndefined();
    expect(unknownPath(apiWith("/files{/path*}"))).toBe("/no-such-route");
    expect(unknownPath(apiWith("{/path*}"))).toBeUndefined();
  });
});
