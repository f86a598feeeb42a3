import { compileSpec } from "../src/spec/compile.ts";
import { getAllHttpServices, resolveAuthentication } from "@typespec/http";
import { getTypeName } from "@typespec/compiler";
const { program } = await compileSpec(process.argv[2]);
const [services, diags] = getAllHttpServices(program);
console.log("diags", diags.map(d => d.code));
for (const s of services) {
  console.log("service", s.namespace.name);
  for (const op of s.operations) {
    console.log(op.verb, op.path, op.uriTemplate, op.container.kind, op.container.name, op.operation.name);
    for (const p of op.parameters.parameters) console.log("  param", p.type, p.name, p.param.name, p.param.optional, (p.param.type as any).kind, getTypeName(p.param.type));
    const b = op.parameters.body;
    if (b) console.log("  body", b.bodyKind, b.contentTypes, b.type.kind, getTypeName(b.type), (b.type as any).name, "prop", b.property?.name, "explicit", (b as any).isExplicit, b.property?.type === b.type, "optional", b.property?.optional);
    for (const r of op.responses) {
      console.log("  resp", JSON.stringify(r.statusCodes), r.type.kind, getTypeName(r.type), r.description);
      for (const c of r.responses) console.log("     content", c.body?.bodyKind, c.body?.contentTypes, c.body && getTypeName(c.body.type), Object.keys(c.headers ?? {}));
    }
  }
  const auth = resolveAuthentication(s);
  console.log("auth schemes", auth.schemes.map(a => a.id + ":" + a.type));
  for (const [o, a] of auth.operationsAuth) console.log("  opauth", o.name, JSON.stringify(a.options.map(x => x.all.map(r => r.kind + ":" + r.auth.id))));
  console.log("  default", JSON.stringify(auth.defaultAuth.options.map(x => x.all.map(r => r.kind + ":" + r.auth.id))));
}
