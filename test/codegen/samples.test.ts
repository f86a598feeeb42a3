/**
 * Samples of constrained values must be values the generated server accepts: its generated tests
 * send them as path, query and header parameters and expect the handler (501), not a 400.
 */
import { describe, expect, it } from "@jest/globals";
import { sampleValue } from "../../src/codegen/samples.ts";
import type { ApiModel, Constraints, TypeRef } from "../../src/spec/model.ts";

const api = { specPath: "main.tsp", services: [], models: {}, enums: {}, unions: {}, authSchemes: {} } as unknown as ApiModel;
const STRING: TypeRef = { kind: "scalar", name: "string" };
const sample = (type: TypeRef, c: Constraints, name = "p") => sampleValue(api, type, "Read", c, name);

describe("string samples", () => {
  it.each([
    ["^\\p{Lu}\\p{Ll}+$", {}],
    ["^[\\p{L}\\p{N}_]{3,6}(?<tail>-[a-z])?$", {}],
    ["^[a-z]+$", { minLength: 5, maxLength: 5 }],
    ["^[A-Z]{2}[0-9]{3}$", {}],
    ["^(?=.*[0-9])[a-z0-9]{4,8}$", {}],
  ])("match %s within the length bounds", (pattern, lengths: Constraints) => {
    const value = sample(STRING, { pattern, ...lengths });
    expect(value).toEqual(expect.any(String));
    expect(new RegExp(pattern, "u").test(value as string)).toBe(true);
    expect((value as string).length).toBeGreaterThanOrEqual(lengths.minLength ?? 0);
    expect((value as string).length).toBeLessThanOrEqual(lengths.maxLength ?? Infinity);
  });

  it("are the same on every run", () => {
    expect(sample(STRING, { pattern: "^\\p{Lu}\\p{Ll}+$" }, "title")).toBe(sample(STRING, { pattern: "^\\p{Lu}\\p{Ll}+$" }, "title"));
  });
});

describe("number samples", () => {
  const FLOAT: TypeRef = { kind: "scalar", name: "float64" };
  const INT: TypeRef = { kind: "scalar", name: "int32" };
  it("lie strictly inside exclusive bounds", () => {
    expect(sample(FLOAT, { minValueExclusive: 0, maxValueExclusive: 1 })).toBe(0.5);
    expect(sample(INT, { minValueExclusive: 0, maxValueExclusive: 3 })).toBe(1);
    expect(sample(INT, { minValueExclusive: 1, maxValueExclusive: 3 })).toBe(2);
    expect(sample(FLOAT, { minValueExclusive: 1 })).toBe(2);
  });

  it("keep 1 or the nearest inclusive bound", () => {
    expect(sample(INT, {})).toBe(1);
    expect(sample(INT, { minValue: 10 })).toBe(10);
    expect(sample(INT, { minValue: -5, maxValue: -2 })).toBe(-2);
    expect(sample(FLOAT, { minValue: 0.5, maxValue: 0.75 })).toBe(0.75);
    expect(sample(INT, { minValue: 1.5, maxValue: 2.5 })).toBe(2);
  });
});
