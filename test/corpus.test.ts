/**
 * The real-world corpus: public TypeSpec specs nobody here wrote (test/fixtures/corpus/<name>/, each
 * with a SOURCE.md naming its repository, commit and licence). For every spec, as a new user would:
 * scaffold a project, type-check it, boot its server on a free port with a temporary SQLite
 * database, and send one request to every route. The requests are the ones the generated tests send
 * (sampleRequest: valid path parameters, required query values and bodies), with the credentials the
 * project's own test/support/credentials.ts gives, so auth-protected routes are reached too.
 *
 * A spec passes when it scaffolds, builds, boots and no route answers 5xx, except an honest 501 from
 * a handler nobody has written yet. The suite prints a table per spec and asserts the pass rate.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readdirSync, existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sampleRequest, type SampleRequest } from "../src/codegen/test-view.ts";
import { StackError } from "../src/diagnostics.ts";
import { scaffold } from "../src/index.ts";
import { linkNodeModules, sharedNodeModules } from "./helpers/generated-deps.ts";
import { type Served, serveProjects, typeCheckProjects } from "./helpers/project-batch.ts";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = join(repo, "test", "fixtures", "corpus");
const MIN_PASS_RATIO = 0.9;

interface Entry {
  name: string;
  dir: string;
  requests: SampleRequest[];
  scaffold?: string;
  build?: string;
  emitted?: string;
  served?: Served;
}

const entries: Entry[] = [];
let root: string;

/** 501 is the generated "write this handler" answer; any other 5xx is a defect. */
const serverErrors = (e: Entry) => (e.served?.routes ?? []).filter((r) => r.status === 0 || (r.status >= 500 && r.status !== 501));
const passed = (e: Entry) =>
  e.scaffold === undefined &&
  e.build === undefined &&
  e.served !== undefined &&
  e.served.boot === undefined &&
  serverErrors(e).length === 0;

/** Creates go first, so reads, changes and deletes meet rows; within a verb the spec's order. */
const VERB_ORDER = ["POST", "PUT", "GET", "HEAD", "PATCH", "DELETE"];

async function serveAll(projects: Entry[]): Promise<void> {
  const results = await serveProjects(
    root,
    projects.map((p) => ({ name: p.name, emitted: p.emitted!, requests: p.requests })),
  );
  for (const p of projects) p.served = results.get(p.name);
}

function report(): string {
  const width = Math.max(...entries.map((e) => e.name.length));
  const mark = (ok: boolean | undefined) => (ok === undefined ? "-" : ok ? "ok" : "FAIL");
  const rows = entries.map((e) => {
    const scaffolded = e.scaffold === undefined;
    const built = scaffolded ? e.build === undefined : undefined;
    const booted = built ? e.served !== undefined && e.served.boot === undefined : undefined;
    const routes = booted ? `${e.served!.routes.length - serverErrors(e).length}/${e.served!.routes.length}` : "-";
    const why =
      e.scaffold ??
      e.build?.split("\n")[0] ??
      e.served?.boot?.split("\n")[0] ??
      serverErrors(e)
        .map((r) => `${r.status} ${r.method} ${r.url}`)
        .join(", ");
    return `${e.name.padEnd(width)}  ${mark(scaffolded).padEnd(8)}  ${mark(built).padEnd(5)}  ${mark(booted).padEnd(4)}  ${routes.padEnd(6)}  ${passed(e) ? "PASS" : "FAIL"}  ${why.slice(0, 240)}`;
  });
  const count = entries.filter(passed).length;
  const header = `${"spec".padEnd(width)}  scaffold  build  boot  routes  result  scaffold error / tsc error / boot error / 5xx answers`;
  return `Real-world corpus: ${entries.length} specs\n${header}\n${rows.join("\n")}\n\npassed ${count}/${entries.length} (${Math.round((100 * count) / entries.length)}%)`;
}

beforeAll(
  async () => {
    const nodeModules = await sharedNodeModules();
    const tsc = join(nodeModules, "typescript", "bin", "tsc");
    root = await mkdtemp(join(tmpdir(), "tss-corpus-"));
    await linkNodeModules(root, nodeModules);
    await writeFile(join(root, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);

    const names = readdirSync(CORPUS)
      .filter((name) => existsSync(join(CORPUS, name, "main.tsp")))
      .sort();
    for (const name of names) {
      const entry: Entry = { name, dir: join(root, name), requests: [] };
      entries.push(entry);
      try {
        const { api } = await scaffold({
          target: entry.dir,
          answers: { name: `corpus-${name}`, spec: join(CORPUS, name, "main.tsp"), install: false, git: false, port: 3000 },
          cwd: repo,
        });
        await linkNodeModules(entry.dir, nodeModules);
        const ops = api.services.flatMap((s) => s.operations);
        entry.requests = ops
          .map((op) => sampleRequest(api, op))
          .sort((a, b) => VERB_ORDER.indexOf(a.method) - VERB_ORDER.indexOf(b.method));
      } catch (error) {
        entry.scaffold =
          error instanceof StackError
            ? `${error.code}: ${error.details[0] ?? error.message}`
            : `crash: ${String((error as Error)?.stack ?? error)}`;
      }
    }

    const scaffolded = entries.filter((e) => e.scaffold === undefined);
    const checks = await typeCheckProjects(root, tsc, scaffolded);
    for (const e of scaffolded) {
      const check = checks.get(e.name)!;
      e.emitted = check.emitted;
      if (check.errors !== undefined) e.build = check.errors;
    }
    await serveAll(scaffolded.filter((e) => e.build === undefined));
    console.log(report());
  },
  10 * 60 * 1000,
);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("the real-world corpus", () => {
  it("holds at least 20 specs, each with its source", () => {
    expect(entries.length).toBeGreaterThanOrEqual(20);
    expect(entries.filter((e) => !existsSync(join(CORPUS, e.name, "SOURCE.md"))).map((e) => e.name)).toEqual([]);
  });

  it("never crashes the scaffold: every stop is a StackError", () => {
    expect(entries.filter((e) => e.scaffold?.startsWith("crash")).map((e) => `${e.name}: ${e.scaffold}`)).toEqual([]);
  });

  it("every scaffolded project type-checks", () => {
    expect(entries.filter((e) => e.build !== undefined).map((e) => `${e.name}:\n${e.build}`)).toEqual([]);
  });

  it("every built project boots", () => {
    expect(entries.filter((e) => e.served?.boot !== undefined).map((e) => `${e.name}:\n${e.served!.boot}`)).toEqual([]);
  });

  it("no route of a booted project answers 5xx (501 from an unwritten handler aside)", () => {
    const failures = entries.flatMap((e) =>
      serverErrors(e).map((r) => `${e.name}: ${r.status} ${r.method} ${r.url} ${r.body.slice(0, 300)}`),
    );
    expect(failures).toEqual([]);
  });

  it(`at least ${MIN_PASS_RATIO * 100}% of the corpus scaffolds, builds, boots and answers every route without a 5xx`, () => {
    expect(entries.filter(passed).length / entries.length).toBeGreaterThanOrEqual(MIN_PASS_RATIO);
  });
});
