/** Validation constraints and std scalar names, read from a property and the scalars under it. */
import {
  getFormat,
  getMaxItems,
  getMaxLength,
  getMaxValue,
  getMaxValueExclusive,
  getMinItems,
  getMinLength,
  getMinValue,
  getMinValueExclusive,
  getNamespaceFullName,
  getPattern,
} from "@typespec/compiler";
import type { Program, Scalar, Type } from "@typespec/compiler";
import { type Constraints, type ScalarName, STD_SCALAR_NAMES } from "./model.ts";

const STD_SCALARS: ReadonlySet<string> = new Set(STD_SCALAR_NAMES);

function isStd(scalar: Scalar): boolean {
  return scalar.namespace !== undefined && getNamespaceFullName(scalar.namespace) === "TypeSpec" && STD_SCALARS.has(scalar.name);
}

/** The std scalar a (possibly user-defined) scalar builds on: `scalar Isbn extends string` → "string". */
export function scalarName(scalar: Scalar): ScalarName {
  for (let s: Scalar | undefined = scalar; s; s = s.baseScalar) {
    if (isStd(s)) return s.name as ScalarName;
  }
  return "unknown";
}

const readers: { [K in keyof Constraints]-?: (program: Program, target: Type) => Constraints[K] } = {
  minLength: getMinLength,
  maxLength: getMaxLength,
  minValue: getMinValue,
  maxValue: getMaxValue,
  minValueExclusive: getMinValueExclusive,
  maxValueExclusive: getMaxValueExclusive,
  minItems: getMinItems,
  maxItems: getMaxItems,
  pattern: getPattern,
  format: getFormat,
};

/**
 * Constraints on `target` (a property or parameter), then on each scalar its type extends;
 * the nearest declaration wins, as in TypeSpec itself.
 */
export function constraintsOf(program: Program, target: Type): Constraints {
  const chain: Type[] = [target];
  let scalar =
    target.kind === "ModelProperty" && target.type.kind === "Scalar"
      ? target.type
      : target.kind === "Scalar"
        ? target.baseScalar
        : undefined;
  for (; scalar; scalar = scalar.baseScalar) chain.push(scalar);
  const out: Constraints = {};
  for (const key of Object.keys(readers) as (keyof Constraints)[]) {
    for (const type of chain) {
      const value = readers[key](program, type);
      if (value !== undefined) {
        (out as Record<string, unknown>)[key] = value;
        break;
      }
    }
  }
  return out;
}
