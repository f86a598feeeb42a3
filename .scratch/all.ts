import { loadApiModel } from "../src/spec/index.ts";
import { globSync } from "node:fs";
const files = globSync("node_modules/@typespec/http-specs/specs/**/main.tsp").sort();
const counts: Record<string, number> = {};
const t0 = Date.now();
for (const f of files) {
  try {
    const m = await loadApiModel(f);
    counts.built = (counts.built ?? 0) + 1;
    console.log("BUILT", f.replace("node_modules/@typespec/http-specs/specs/", ""), m.services.reduce((a, s) => a + s.operations.length, 0), Object.keys(m.models).length);
  } catch (e: any) {
    const k = e.code ?? "CRASH";
    counts[k] = (counts[k] ?? 0) + 1;
    console.log(k, f.replace("node_modules/@typespec/http-specs/specs/", ""), e.message, "\n    " + (e.details ?? [e.stack]).slice(0, 6).join("\n    "));
  }
}
console.log(files.length, counts, Date.now() - t0, "ms");
