/**
 * `--target go`: the same specs as the TypeScript target, generated as Go modules. Every project
 * is gofmt-clean, its go.mod and go.sum are complete (`go mod tidy` changes nothing), and `go vet`
 * and its own `go test ./...` pass (the generated test calls every route through net/http). The
 * built server boots, answers like the TypeScript server for the same bad requests (status and body,
 * in the spec's error model), and `update` keeps a hand edit and a handler.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { type ServedProject, repoRoot, run, runCli, servedProject, startGoServer, tempDir } from "./cli-helpers.ts";

const CORPUS = path.join(repoRoot, "test", "fixtures", "corpus");
/** The two corpus specs the TypeScript target fails too (see corpus.test.ts), for the same reasons. */
const KNOWN_FAILURES: Record<string, string> = {
  authentication: "scaffold: two @service namespaces declare the same routes",
  "website-hero-http": "go test: a model-typed path parameter (`@path id: Store`) has no valid segment",
};
const SPECS: [string, string][] = [
  ["petstore", path.join(repoRoot, "examples", "petstore")],
  ["orders", path.join(repoRoot, "examples", "orders")],
  ...["bookstore", "shapes", "routing", "error-models", "inventory", "uploads"].map((name): [string, string] => [
    name,
    path.join(repoRoot, "test", "fixtures", "specs", name),
  ]),
  ...fs
    .readdirSync(CORPUS)
    .filter((name) => fs.existsSync(path.join(CORPUS, name, "main.tsp")))
    .map((name): [string, string] => [`corpus/${name}`, path.join(CORPUS, name)]),
];

let work: string;
beforeAll(() => {
  work = tempDir("go-target");
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const go = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) => run("go", args, cwd, 300_000, env);

/** Where a Go project fails first: "" when gofmt, tidy, vet and its own tests all pass. */
function firstFailure(project: string): string {
  const unformatted = run("gofmt", ["-l", "cmd", "internal"], project);
  if (unformatted.code !== 0 || unformatted.stdout.trim() !== "") return `gofmt: ${unformatted.stdout}${unformatted.stderr}`;
  const before = ["go.mod", "go.sum"].map((f) => fs.readFileSync(path.join(project, f), "utf8"));
  const tidy = go(["mod", "tidy"], project);
  const after = ["go.mod", "go.sum"].map((f) => fs.readFileSync(path.join(project, f), "utf8"));
  if (tidy.code !== 0 || before.join() !== after.join()) return `go mod tidy changed go.mod/go.sum: ${tidy.stderr}`;
  const vet = go(["vet", "./..."], project);
  if (vet.code !== 0) return `go vet: ${vet.stderr}`;
  const test = go(["test", "./..."], project);
  if (test.code !== 0)
    return `go test: ${test.stdout
      .split("\n")
      .filter((l) => /FAIL|want|\.go:\d+/.test(l))
      .slice(0, 6)
      .join(" | ")}`;
  return "";
}

// The server layer alone (--db none); go-database.test.ts runs the specs with each database.
describe("Go projects of the example specs and the corpus", () => {
  it("are gofmt-clean, tidy, vet-clean and pass their own tests; only the known specs fail", () => {
    const outcomes: Record<string, string> = {};
    for (const [name, spec] of SPECS) {
      const project = path.join(work, name.replace("/", "-"));
      const generated = runCli([project, "--target", "go", "--db", "none", "--spec", spec, "--yes", "--no-install", "--no-git"], {
        cwd: work,
      });
      outcomes[name] = generated.code !== 0 ? `scaffold: ${generated.stderr.split("\n")[0]}` : firstFailure(project);
    }
    const failed = Object.fromEntries(Object.entries(outcomes).filter(([, why]) => why !== ""));
    const passed = Object.keys(outcomes).length - Object.keys(failed).length;
    process.stdout.write(`Go target: ${passed} of ${SPECS.length} specs pass gofmt, tidy, vet and go test\n`);
    expect(Object.keys(failed).sort()).toEqual(
      Object.keys(KNOWN_FAILURES)
        .map((n) => `corpus/${n}`)
        .sort(),
    );
    expect(passed).toBeGreaterThanOrEqual(SPECS.length - 2);
  }, 1_800_000);
});

describe("a Go petstore server", () => {
  let project: string;
  let goUrl: string;
  let stopGo: () => void;
  let typescript: ServedProject;

  beforeAll(async () => {
    project = path.join(work, "served");
    // No database: this server shows the 501 of an operation without a handler (go-database.test.ts covers CRUD).
    const generated = runCli([project, "--target", "go", "--db", "none", "--yes", "--no-install", "--no-git"], { cwd: work });
    expect(generated.code).toBe(0);
    const server = await startGoServer(project);
    stopGo = server.stop;
    goUrl = server.url;
    typescript = await servedProject("ts-petstore", ["--deploy", "none"]);
  }, 300_000);

  afterAll(async () => {
    stopGo?.();
    await typescript?.close();
  });

  /** Bad requests neither server may store, each answered before any handler runs. */
  // Four values a row, always: jest hands a test function with more parameters than values a `done` callback.
  const refused: [string, string, Record<string, string>, string | undefined][] = [
    ["GET", "/pets/abc", {}, undefined],
    ["GET", "/pets/7.5", {}, undefined],
    ["GET", "/pets/0x10", {}, undefined],
    ["GET", "/pets?limit=x&offset=1e999&species=cow", {}, undefined],
    ["POST", "/pets", { "content-type": "application/json" }, JSON.stringify({ name: "", species: "cow", age: "x" })],
    ["POST", "/pets", { "content-type": "application/json" }, JSON.stringify({ species: "dog" })],
    ["POST", "/pets", { "content-type": "text/plain" }, "x"],
    ["POST", "/pets", { "content-type": "application/xml" }, "<pet/>"],
    ["POST", "/pets", { "content-type": "application/json" }, "{bad"],
    ["POST", "/pets", { "content-type": "application/json" }, ""],
    ["POST", "/pets", { "content-type": "application/json" }, JSON.stringify({ name: "a\u0000", tags: ["\ud800"], extra: "\u0000" })],
    ["PUT", "/pets/1", { "content-type": "application/json" }, JSON.stringify({ name: "x".repeat(200), species: "dog", age: 1.5 })],
    ["PATCH", "/pets", {}, undefined],
    ["GET", "/no-such-route?x=1", {}, undefined],
  ];

  it.each(refused)("answers %s %s as the TypeScript server does", async (method, url, headers, body) => {
    const ask = async (base: string) => {
      const response = await fetch(base + url, { method, headers, body });
      return { status: response.status, allow: response.headers.get("allow"), body: await response.json() };
    };
    const [fromGo, fromTypescript] = [await ask(goUrl), await ask(typescript.url)];
    expect(fromGo).toEqual(fromTypescript);
    expect(fromGo.status).toBeGreaterThanOrEqual(400);
  });

  it("says where to write an operation that has no handler (501), and keeps a handler and an edit on update", async () => {
    const answer = await fetch(`${goUrl}/pets/1`);
    expect([answer.status, await answer.json()]).toEqual([
      501,
      { code: "NOT_IMPLEMENTED", message: "Pets_read is not implemented yet: write it in internal/handlers/pets.go" },
    ]);
    const handlers = path.join(project, "internal", "handlers", "pets.go");
    fs.appendFileSync(
      handlers,
      '\nfunc (h *Pets) Read(ctx context.Context, in *api.PetsReadInput) (api.Pet, error) {\n\treturn api.Pet{ID: in.ID, Name: "Rex", Species: api.SpeciesDog}, nil\n}\n',
    );
    fs.writeFileSync(
      handlers,
      fs.readFileSync(handlers, "utf8").replace('import "served/internal/api"', 'import (\n\t"context"\n\n\t"served/internal/api"\n)'),
    );
    const main = path.join(project, "cmd", "server", "main.go");
    fs.appendFileSync(main, "\n// kept across updates\n");
    const update = runCli(["update"], { cwd: project });
    expect(update.code).toBe(0);
    expect(fs.readFileSync(main, "utf8")).toMatch(/\/\/ kept across updates\n$/);
    expect(fs.readFileSync(handlers, "utf8")).toContain('Name: "Rex"');
    expect(runCli(["update", "--check"], { cwd: project }).code).toBe(0);
    const test = go(["test", "./..."], project);
    // The written handler answers now, so the generated "reaches its handler" test sees 200, not 501.
    expect(test.stdout).toMatch(/GET \/pets\/1: got 200/);
  }, 300_000);
});

describe("flags on a Go project", () => {
  it("refuse a layer the Go target does not have yet, naming the target", () => {
    const result = runCli([path.join(work, "refused"), "--target", "go", "--cache", "redis", "--yes"], { cwd: work });
    expect([result.code, result.stderr.split("\n")[0]]).toEqual([
      2,
      "error flag-invalid: --cache does not apply to a go project: that target has no cache layer (cache-redis) yet",
    ]);
    expect(fs.existsSync(path.join(work, "refused"))).toBe(false);
  });
});
