import { compileSpec } from "../src/spec/compile.ts";
import { getEncode } from "@typespec/compiler";
import { getAllHttpServices } from "@typespec/http";
const { program } = await compileSpec("/tmp/enc");
const [s] = getAllHttpServices(program);
const op = s[0].operations[0];
for (const p of op.parameters.parameters) { const e: any = getEncode(program, p.param); console.log(p.name, JSON.stringify({...p, param: undefined}), e?.encoding, e?.type?.name); }
for (const p of (op.parameters.body!.type as any).properties.values()) { const e: any = getEncode(program, p); console.log(p.name, e?.encoding, e?.type?.name, e?.type?.kind); }
