import { compileSpec } from "../src/spec/compile.ts";
try {
  const r = await compileSpec(process.argv[2]);
  console.log("ok", r.entry, r.warnings, [...r.program.sourceFiles.keys()].filter(k => !k.includes("compiler/lib")));
} catch (e: any) { console.log(e.code, e.message, e.details); }
