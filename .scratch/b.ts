import { loadApiModel } from "../src/spec/index.ts";
try {
  const m = await loadApiModel(process.argv[2]);
  console.log(JSON.stringify(m, null, 1));
} catch (e: any) { console.log(e.code, e.message, e.details); if (!e.code) console.log(e.stack); }
