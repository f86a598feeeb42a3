/** How TypeSpec's standard scalars travel in JSON: as integers, as other numbers, or as strings. */
import type { ScalarName } from "../spec/model.ts";

const INTEGER_SCALARS: ReadonlySet<string> = new Set<ScalarName>([
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "safeint",
  "integer",
]);

const FRACTIONAL_SCALARS: ReadonlySet<string> = new Set<ScalarName>(["float", "float32", "float64", "numeric", "decimal", "decimal128"]);

export function isIntegerScalar(name: string): boolean {
  return INTEGER_SCALARS.has(name);
}

/** Any scalar carried as a JSON number (integers included). */
export function isNumericScalar(name: string): boolean {
  return INTEGER_SCALARS.has(name) || FRACTIONAL_SCALARS.has(name);
}
