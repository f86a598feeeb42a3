import { loadApiModel } from "../src/spec/index.ts";
const m = await loadApiModel(process.argv[2]);
function walk(v: any, path: string) {
  if (v === undefined) console.log("undefined at", path);
  if (v && typeof v === "object") {
    if (Object.getPrototypeOf(v) !== Object.prototype && !Array.isArray(v)) console.log("proto at", path, Object.getPrototypeOf(v));
    for (const k of Object.keys(v)) walk(v[k], path + "." + k);
  }
}
walk(m, "");
