/** TypeSpec spec on disk → ApiModel with CRUD bindings: the one entry point the rest of the tool uses. */
import { buildApiModel } from "./build.ts";
import { compileSpec } from "./compile.ts";
import { classifyCrud } from "./crud.ts";
import type { ApiModel } from "./model.ts";

export async function loadApiModel(specPath: string, cwd: string = process.cwd()): Promise<ApiModel> {
  const { program, entry } = await compileSpec(specPath, { cwd });
  return classifyCrud(buildApiModel(program, entry, cwd));
}

export { buildApiModel } from "./build.ts";
export { compileSpec } from "./compile.ts";
export type { CompiledSpec } from "./compile.ts";
export { classifyCrud } from "./crud.ts";
export type * from "./model.ts";
