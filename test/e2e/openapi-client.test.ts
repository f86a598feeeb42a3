/**
 * The published document is the contract a client is built from: for generated projects this
 * runs openapi-typescript on docs/openapi.yaml, writes a consumer that calls every operation
 * through openapi-fetch as typed source (so tsc strict checks each request against the document's
 * types, in openapi-typescript's default mode), then runs it against the live server and checks
 * each answer's status is one the document declares for that operation.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { generateAndBuild, repoRoot, run, specs, startServer, tempDir } from "./cli-helpers.ts";

type Schema = Record<string, any>;
interface Doc {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
}

const methods = ["get", "put", "post", "delete", "patch"];

/** A value the schema accepts (from its example, enum, or type), following $ref. */
function sample(doc: Doc, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.$ref) return sample(doc, doc.components?.schemas?.[String(schema.$ref).split("/").pop()!], depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  // allOf beside a type only adds constraints (a pattern); without one it composes models.
  if (schema.allOf && schema.type === undefined) return Object.assign({}, ...schema.allOf.map((s: Schema) => sample(doc, s, depth + 1)));
  if (schema.anyOf ?? schema.oneOf) return sample(doc, (schema.anyOf ?? schema.oneOf)[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "integer" || type === "number") return Math.max(Number(schema.minimum ?? 1), 1);
  if (type === "boolean") return true;
  if (type === "array") return [sample(doc, schema.items, depth + 1)];
  if (type === "string") {
    if (schema.format === "date-time") return "2024-01-01T00:00:00Z";
    if (schema.format === "date") return "2024-01-01";
    if (schema.format === "uuid") return "00000000-0000-4000-8000-000000000001";
    return "sample".padEnd(Number(schema.minLength ?? 0), "x");
  }
  if (type === "object" || schema.properties) {
    const out: Record<string, unknown> = {};
    // The required properties, and those with a default: openapi-typescript's default mode types a
    // property with a default as always present, in requests too (the server fills it when absent).
    const defaulted = Object.entries(schema.properties ?? {})
      .filter(([, p]) => (p as Schema).default !== undefined)
      .map(([name]) => name);
    for (const name of new Set([...(schema.required ?? []), ...defaulted])) out[name] = sample(doc, schema.properties?.[name], depth + 1);
    return out;
  }
  return undefined;
}

/** The typed consumer: one openapi-fetch call per operation, printing `<method> <path> <status>`. */
function consumer(doc: Doc): { source: string; operations: string[] } {
  const calls: string[] = [];
  const operations: string[] = [];
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const method of methods.filter((m) => item[m])) {
      const op = item[method];
      const params: Record<string, Record<string, unknown>> = {};
      for (const ref of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        // A shared parameter is a $ref into components.parameters.
        const p = ref.$ref ? (doc.components as any)?.parameters?.[String(ref.$ref).split("/").pop()!] : ref;
        if (!p.required || !["path", "query", "header"].includes(p.in)) continue;
        (params[p.in] ??= {})[p.name] = sample(doc, p.schema);
      }
      const init: Record<string, unknown> = {};
      if (Object.keys(params).length > 0) init.params = params;
      // Any JSON type (a PATCH is application/merge-patch+json), sent with its own content type.
      const type = Object.keys(op.requestBody?.content ?? {}).find((t) => t.includes("json"));
      if (type) init.body = sample(doc, op.requestBody.content[type].schema);
      if (type && type !== "application/json") init.headers = { "content-type": type };
      const upper = method.toUpperCase();
      operations.push(`${upper} ${route}`);
      calls.push(
        `  {\n    const r = await client.${upper}(${JSON.stringify(route)}, ${JSON.stringify(init)});\n` +
          `    console.log(JSON.stringify([${JSON.stringify(`${upper} ${route}`)}, r.response.status]));\n  }`,
      );
    }
  }
  const source =
    `import createClient from "openapi-fetch";\nimport type { paths } from "./api.js";\n\n` +
    `const client = createClient<paths>({ baseUrl: process.argv[2] });\n\n` +
    `async function main(): Promise<void> {\n${calls.join("\n")}\n}\n\nawait main();\n`;
  return { source, operations };
}

const cases: [string, string][] = [
  ["petstore", specs.petstore],
  ["bookstore", specs.bookstore],
  // Corpus specs with path/query/header parameters, @useAuth and several resources.
  ...["param-decorators", "rest-petstore"].map((spec): [string, string] => [spec, path.join(repoRoot, "test/fixtures/corpus", spec)]),
];

describe.each(cases)("typed client from docs/openapi.yaml: %s", (name, spec) => {
  let work: string;
  let project: string;
  let doc: Doc;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const clientDir = () => path.join(project, "client-check");

  beforeAll(async () => {
    work = tempDir(`openapi-client-${name}-`);
    project = path.join(work, "app");
    await generateAndBuild(project, ["--spec", spec, "--yes", "--no-install", "--no-git"], work);
    doc = parse(fs.readFileSync(path.join(project, "docs/openapi.yaml"), "utf8")) as Doc;
    fs.mkdirSync(clientDir());
    // Resolved from this repository's node_modules (pinned devDependencies).
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(clientDir(), "node_modules"));
    fs.writeFileSync(path.join(clientDir(), "package.json"), JSON.stringify({ type: "module" }));
    server = await startServer(project);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("type-checks a call to every operation and each answer's status is declared", () => {
    const gen = run(
      process.execPath,
      [path.join(repoRoot, "node_modules/openapi-typescript/bin/cli.js"), "../docs/openapi.yaml", "-o", "api.d.ts"],
      clientDir(),
    );
    expect(gen.stderr).not.toMatch(/error/i);
    const { source, operations } = consumer(doc);
    expect(operations.length).toBeGreaterThan(0);
    fs.writeFileSync(path.join(clientDir(), "main.ts"), source);
    fs.writeFileSync(
      path.join(clientDir(), "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "nodenext", target: "es2022", outDir: "out", skipLibCheck: true },
        files: ["main.ts"],
      }),
    );
    const tsc = run(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "."], clientDir());
    expect(tsc.stdout + tsc.stderr).toBe("");
    const ran = run(process.execPath, ["out/main.js", server!.url], clientDir());
    expect(ran.stderr).toBe("");
    const answers = ran.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as [string, number]);
    expect(answers.map(([op]) => op)).toEqual(operations);
    const undeclared = answers.filter(([op, status]) => {
      const [method, route] = op.split(" ");
      const responses = doc.paths[route][method.toLowerCase()].responses ?? {};
      return !(String(status) in responses || `${String(status)[0]}XX` in responses || "default" in responses);
    });
    expect(undeclared).toEqual([]);
  }, 300_000);
});
