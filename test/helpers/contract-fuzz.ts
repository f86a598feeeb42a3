/**
 * The contract checks every generated server faces, whatever its target: schemathesis' run over
 * the project's own document, then the rows the database holds. A stack passes with no 5xx but a
 * declared 501, no answer off the document, and no row that no successful write gave out.
 */
import { afterAll, expect, it } from "@jest/globals";
import type { ChildProcess } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "../e2e/cli-helpers.ts";
import { databaseServers } from "../e2e/database-servers.ts";
import { execNode } from "./project-batch.ts";
import { type FuzzRun, type StoredRow, rowsLeftBehind, runSchemathesis } from "./schemathesis.ts";

/** The specs every target is fuzzed with: the bundled example (""), the bookstore fixture, five corpus specs. */
export const FUZZ_SPECS: Record<string, string> = {
  example: "",
  bookstore: join(repoRoot, "test", "fixtures", "specs", "bookstore", "main.tsp"),
  ...Object.fromEntries(
    ["petstore", "rest-petstore", "param-decorators", "visibility", "tsp-init-rest"].map((name) => [
      name,
      join(repoRoot, "test", "fixtures", "corpus", name, "main.tsp"),
    ]),
  ),
};
export const DIALECTS = ["sqlite", "postgres", "mysql"] as const;
export type Dialect = (typeof DIALECTS)[number];
export const AUTHS = ["none", "jwt"] as const;
export type Auth = (typeof AUTHS)[number];
/** How many stacks a suite runs: every spec on every dialect with every auth answer. */
export const MATRIX_SIZE = Object.keys(FUZZ_SPECS).length * DIALECTS.length * AUTHS.length;

/** Every stack of the matrix, named spec-db-auth; TSS_FUZZ_ONLY (a regular expression) keeps some for a quick local look. */
export function fuzzMatrix(): { name: string; spec: string; db: Dialect; auth: Auth }[] {
  const only = process.env.TSS_FUZZ_ONLY ? new RegExp(process.env.TSS_FUZZ_ONLY) : undefined;
  return Object.entries(FUZZ_SPECS)
    .flatMap(([specName, spec]) => DIALECTS.flatMap((db) => AUTHS.map((auth) => ({ name: `${specName}-${db}-${auth}`, spec, db, auth }))))
    .filter((stack) => only === undefined || only.test(stack.name));
}

/** One generated server under the fuzzer, and what came of it. */
export interface FuzzStack {
  name: string;
  db: Dialect;
  /** The generated project: its docs/openapi.yaml is what schemathesis reads. */
  dir: string;
  failure?: string;
  run?: FuzzRun;
  rows?: StoredRow[];
  left?: StoredRow[];
  seconds?: number;
}

/** Prints each table's primary-key values as JSON lines: [table, [values...]]. */
export const ROWS_SCRIPT = `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const [dialect, url] = process.argv.slice(2);
const skip = (t) => t.startsWith("kysely_") || t.startsWith("sqlite_") || t === "schema_migrations";
const out = [];
if (dialect === "sqlite") {
  const db = new (require("better-sqlite3"))(url, { readonly: true });
  for (const { name } of db.prepare("select name from sqlite_master where type = 'table'").all()) {
    if (skip(name)) continue;
    const keys = db.prepare("select name from pragma_table_info(?) where pk > 0 order by pk").all(name).map((c) => c.name);
    for (const row of db.prepare("select * from " + JSON.stringify(name)).all()) out.push([name, keys.map((k) => String(row[k]))]);
  }
} else if (dialect === "postgres") {
  const client = new (require("pg").Client)({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("select kcu.table_name, kcu.column_name from information_schema.table_constraints tc join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = 'public' order by kcu.ordinal_position");
  const tables = new Map();
  for (const r of rows) if (!skip(r.table_name)) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r.column_name]);
  for (const [table, keys] of tables) {
    const result = await client.query({ text: "select " + keys.map((k) => '"' + k + '"::text').join(", ") + ' from "' + table + '"', rowMode: "array" });
    for (const row of result.rows) out.push([table, row.map(String)]);
  }
  await client.end();
} else {
  const connection = await require("mysql2/promise").createConnection(url);
  const [rows] = await connection.query("select table_name as t, column_name as c from information_schema.key_column_usage where constraint_name = 'PRIMARY' and table_schema = database() order by ordinal_position");
  const tables = new Map();
  for (const r of rows) if (!skip(r.t)) tables.set(r.t, [...(tables.get(r.t) ?? []), r.c]);
  for (const [table, keys] of tables) {
    const [result] = await connection.query({ sql: "select " + keys.map((k) => "\`" + k + "\`").join(", ") + " from \`" + table + "\`", rowsAsArray: true });
    for (const row of result) out.push([table, row.map(String)]);
  }
  await connection.end();
}
for (const row of out) console.log(JSON.stringify(row));
`;

/** Writes the rows script into `root` (whose node_modules has better-sqlite3, pg and mysql2). */
export const writeRowsScript = (root: string) => writeFile(join(root, "rows.mjs"), ROWS_SCRIPT);

/** Every row of the database at `url`, by table and primary key. */
export async function storedRows(root: string, stack: FuzzStack, url: string): Promise<StoredRow[]> {
  const { code, output } = await execNode(join(root, "rows.mjs"), [stack.db, url], root);
  if (code !== 0) throw new Error(`reading ${stack.name}'s rows failed:\n${output}`);
  return output
    .split("\n")
    .filter((line) => line.startsWith("["))
    .map((line) => {
      const [table, key] = JSON.parse(line) as [string, string[]];
      return { table, key };
    });
}

/** Where the fuzz runs keep their databases (SQLite files), rows script and reports. */
export interface FuzzBench {
  root: string;
  /** Begins each database name on the shared servers: suites running at once must not meet. */
  prefix: string;
  maxExamples: number;
  seed: number;
}

/** A bench before its folder exists; TSS_FUZZ_EXAMPLES raises the examples per operation. */
export const fuzzBench = (prefix: string): FuzzBench => ({
  root: "",
  prefix,
  maxExamples: Number(process.env.TSS_FUZZ_EXAMPLES ?? 15),
  seed: 1,
});

/** A started server: its child process, its URL and the headers every request carries. */
export interface Started {
  child: ChildProcess;
  url: string;
  headers: Record<string, string>;
}

const databaseName = (bench: FuzzBench, stack: FuzzStack) => `${bench.prefix}_${stack.name.replace(/[^a-z0-9]/g, "_")}`;

/** The stack's own database: a SQLite file under the bench, or a fresh database on the real server. */
export function databaseUrl(bench: FuzzBench, stack: FuzzStack): string {
  if (stack.db === "sqlite") return join(bench.root, `${stack.name}.db`);
  return databaseServers[stack.db].url(databaseName(bench, stack));
}

/** Resolves once the child answers any request on `url` (a spec's own /healthz may have moved the built-in one). */
export async function untilListening(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const listening = await fetch(url).then(
      () => true,
      () => false,
    );
    if (listening) return;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start (exit ${child.exitCode}):\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One stack's run: a fresh database, the server `serve` starts, schemathesis, then the rows left. */
export async function fuzz(bench: FuzzBench, stack: FuzzStack, serve: () => Promise<Started>): Promise<void> {
  const started = Date.now();
  if (stack.db !== "sqlite") databaseServers[stack.db].create(databaseName(bench, stack));
  try {
    const server = await serve();
    try {
      const reportDir = join(bench.root, "reports", stack.name);
      await mkdir(reportDir, { recursive: true });
      stack.run = await runSchemathesis({
        document: join(stack.dir, "docs", "openapi.yaml"),
        url: server.url,
        reportDir,
        headers: server.headers,
        maxExamples: bench.maxExamples,
        seed: bench.seed,
      });
    } finally {
      server.child.kill("SIGTERM");
      await new Promise((r) => server.child.once("exit", r));
    }
    stack.rows = await storedRows(bench.root, stack, databaseUrl(bench, stack));
    stack.left = rowsLeftBehind(stack.rows, stack.run.entries);
  } catch (error) {
    stack.failure = String((error as Error)?.stack ?? error);
  } finally {
    if (stack.db !== "sqlite") databaseServers[stack.db].drop(databaseName(bench, stack));
    stack.seconds = Math.round((Date.now() - started) / 1000);
  }
}

/** Fuzzes every stack without a failure, `parallel` at a time, then prints the table of `servers`. */
export async function fuzzAll<S extends FuzzStack>(
  bench: FuzzBench,
  stacks: S[],
  options: { parallel: number; serve: (stack: S) => Promise<Started>; servers: string },
): Promise<void> {
  const queue = stacks.filter((s) => s.failure === undefined);
  await Promise.all(
    Array.from({ length: options.parallel }, async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) await fuzz(bench, s, () => options.serve(s));
    }),
  );
  const title = `schemathesis against ${stacks.length} ${options.servers} (max ${bench.maxExamples} examples per operation, seed ${bench.seed})`;
  console.log(fuzzReport(title, stacks));
}

const serverErrors = (s: FuzzStack) => (s.run?.entries ?? []).filter((e) => e.response.status >= 500 && e.response.status !== 501);
const unimplemented = (s: FuzzStack) => (s.run?.entries ?? []).filter((e) => e.response.status === 501).length;

/** The table the closing note quotes: one line per stack. */
export function fuzzReport(title: string, stacks: FuzzStack[]): string {
  const width = Math.max(...stacks.map((s) => s.name.length));
  const header = `${"stack".padEnd(width)}  cases  requests  5xx  501  violations  errors  rows  left  seconds`;
  const rows = stacks.map((s) =>
    s.run === undefined
      ? `${s.name.padEnd(width)}  FAILED: ${s.failure?.split("\n")[0]}`
      : [
          s.name.padEnd(width),
          String(s.run.cases).padStart(5),
          String(s.run.entries.length).padStart(8),
          String(serverErrors(s).length).padStart(3),
          String(unimplemented(s)).padStart(3),
          String(s.run.violations.length).padStart(10),
          String(s.run.errors.length).padStart(6),
          String(s.rows?.length ?? "-").padStart(4),
          String(s.left?.length ?? "-").padStart(4),
          String(s.seconds).padStart(7),
        ].join("  "),
  );
  return `${title}\n${header}\n${rows.join("\n")}`;
}

/**
 * The four checks, as tests of the calling describe block (the first wants every stack of the
 * matrix); the bench's folder goes afterwards unless TSS_FUZZ_KEEP is set.
 */
export function contractChecks(bench: FuzzBench, stacks: FuzzStack[]): void {
  afterAll(async () => {
    if (bench.root && !process.env.TSS_FUZZ_KEEP) await rm(bench.root, { recursive: true, force: true });
  });

  it("covers every stack, and every stack ran", () => {
    expect(stacks).toHaveLength(MATRIX_SIZE);
    expect(stacks.filter((s) => s.failure !== undefined).map((s) => `${s.name}: ${s.failure}`)).toEqual([]);
    // A run that sent almost nothing proves nothing: each stack must have been exercised.
    expect(stacks.filter((s) => (s.run?.entries.length ?? 0) < 50).map((s) => s.name)).toEqual([]);
  });

  it("no server error but a declared 501", () => {
    const failures = stacks.flatMap((s) =>
      serverErrors(s).map(
        (e) => `${s.name}: ${e.response.status} ${e.request.method} ${e.request.url} ${e.response.content?.text?.slice(0, 300)}`,
      ),
    );
    expect(failures).toEqual([]);
  });

  it("no answer the document does not allow, and nothing schemathesis could not run", () => {
    const failures = stacks.flatMap((s) => [...(s.run?.violations ?? []), ...(s.run?.errors ?? [])].map((v) => `${s.name}: ${v}`));
    // What st said of the first failing stack (the requests that reproduce it), for whoever reads the failure.
    const first = stacks.find((s) => (s.run?.violations.length ?? 0) + (s.run?.errors.length ?? 0) > 0);
    expect({ failures, first: first?.run?.details.slice(0, 4000) }).toEqual({ failures: [], first: undefined });
  });

  it("every stored row was given out by a successful write: refused requests leave none", () => {
    const left = stacks.flatMap((s) => (s.left ?? []).map((r) => `${s.name}: ${r.table} ${r.key.join(",")}`));
    expect(left).toEqual([]);
    // The check can fail: forget the answers that gave out one stored row and it is reported.
    const witness = stacks.find((s) => (s.rows?.length ?? 0) > 0 && s.run !== undefined);
    expect(witness).toBeDefined();
    const row = witness!.rows![0];
    const forgotten = witness!.run!.entries.filter(
      (e) => !row.key.some((k) => e.response.content?.text?.includes(k) || e.request.url.includes(k)),
    );
    expect(rowsLeftBehind([row], forgotten)).toEqual([row]);
  });
}
