/**
 * The published document is the server's contract, checked by a fuzzer nobody here wrote:
 * schemathesis reads each generated project's docs/openapi.yaml and attacks its running server
 * (examples, coverage, fuzzing and stateful phases; every check). Stacks: the bundled example,
 * the bookstore fixture and five corpus specs, each on SQLite, PostgreSQL and MySQL, with no auth
 * and with `--auth jwt` (the token the project's own tests mint, sent on every request).
 *
 * Per stack it requires: no 5xx but a 501 (schemathesis checks that one is declared), no answer
 * the document does not allow, and no row that no successful write gave out (a refused request
 * that still stored something). The table printed at the end is the closing note's figure.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaffold } from "../../src/index.ts";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { execNode, typeCheckProjects } from "../helpers/project-batch.ts";
import { type FuzzRun, type StoredRow, rowsLeftBehind, runSchemathesis, schemathesisCommand } from "../helpers/schemathesis.ts";
import { requireServices } from "../helpers/services.ts";
import { databaseServers } from "./database-servers.ts";
import { freePort, repoRoot } from "./cli-helpers.ts";

const SPECS: Record<string, string> = {
  example: "",
  bookstore: join(repoRoot, "test", "fixtures", "specs", "bookstore", "main.tsp"),
  ...Object.fromEntries(
    ["petstore", "rest-petstore", "param-decorators", "visibility", "tsp-init-rest"].map((name) => [
      name,
      join(repoRoot, "test", "fixtures", "corpus", name, "main.tsp"),
    ]),
  ),
};
const DIALECTS = ["sqlite", "postgres", "mysql"] as const;
const AUTHS = ["none", "jwt"] as const;
const MAX_EXAMPLES = Number(process.env.TSS_FUZZ_EXAMPLES ?? 15);
const SEED = 1;
/** Two stacks at once: each is one Python and one Node process, and the machine has two cores. */
const PARALLEL = 2;

type Dialect = (typeof DIALECTS)[number];
interface Stack {
  name: string;
  spec: string;
  db: Dialect;
  auth: (typeof AUTHS)[number];
  dir: string;
  emitted?: string;
  failure?: string;
  run?: FuzzRun;
  rows?: StoredRow[];
  left?: StoredRow[];
  seconds?: number;
}

const stacks: Stack[] = [];
let root: string;

/** Starts the compiled server with the test credentials' secrets; resolves with its URL and the token. */
const SERVE = `import { join } from "node:path";
import { pathToFileURL } from "node:url";
const emitted = process.argv[2];
const credentials = await import(pathToFileURL(join(emitted, "test/support/credentials.js")).href);
await credentials.testCredentials();
// A spec with @useAuth is guarded whatever the auth answer: then its token goes out too.
process.stdout.write("token " + (credentials.mintToken ? await credentials.mintToken() : "-") + "\\n");
await import(pathToFileURL(join(emitted, "src/main.js")).href);
`;

/** Prints each table's primary-key values as JSON lines: [table, [values...]]. */
const ROWS = `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const [dialect, url] = process.argv.slice(2);
const skip = (t) => t.startsWith("kysely_") || t.startsWith("sqlite_");
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

const databaseName = (stack: Stack) => `fuzz_${stack.name.replace(/[^a-z0-9]/g, "_")}`;

function databaseUrl(stack: Stack): string {
  if (stack.db === "sqlite") return join(root, `${stack.name}.db`);
  return databaseServers[stack.db].url(databaseName(stack));
}

async function serve(stack: Stack): Promise<{ child: ChildProcess; url: string; token: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, "serve.mjs"), stack.emitted!], {
    cwd: stack.dir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl(stack),
      MIGRATE_ON_START: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    // Any answer means it listens (a spec's own /healthz may have moved the built-in one).
    const listening = await fetch(url).then(
      () => true,
      () => false,
    );
    if (listening) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const token = /^token (\S+)$/m.exec(output)?.[1];
  if (!token) throw new Error(`the server printed no test token:\n${output}`);
  return { child, url, token, output: () => output };
}

async function storedRows(stack: Stack): Promise<StoredRow[]> {
  const { code, output } = await execNode(join(root, "rows.mjs"), [stack.db, databaseUrl(stack)], root);
  if (code !== 0) throw new Error(`reading ${stack.name}'s rows failed:\n${output}`);
  return output
    .split("\n")
    .filter((line) => line.startsWith("["))
    .map((line) => {
      const [table, key] = JSON.parse(line) as [string, string[]];
      return { table, key };
    });
}

async function fuzz(stack: Stack): Promise<void> {
  const started = Date.now();
  if (stack.db !== "sqlite") databaseServers[stack.db].create(databaseName(stack));
  try {
    const server = await serve(stack);
    try {
      const reportDir = join(root, "reports", stack.name);
      await mkdir(reportDir, { recursive: true });
      stack.run = await runSchemathesis({
        document: join(stack.dir, "docs", "openapi.yaml"),
        url: server.url,
        reportDir,
        headers: server.token === "-" ? {} : { Authorization: `Bearer ${server.token}` },
        maxExamples: MAX_EXAMPLES,
        seed: SEED,
      });
    } finally {
      server.child.kill("SIGTERM");
      await new Promise((r) => server.child.once("exit", r));
    }
    stack.rows = await storedRows(stack);
    stack.left = rowsLeftBehind(stack.rows, stack.run.entries);
  } catch (error) {
    stack.failure = String((error as Error)?.stack ?? error);
  } finally {
    if (stack.db !== "sqlite") databaseServers[stack.db].drop(databaseName(stack));
    stack.seconds = Math.round((Date.now() - started) / 1000);
  }
}

const serverErrors = (s: Stack) => (s.run?.entries ?? []).filter((e) => e.response.status >= 500 && e.response.status !== 501);
const unimplemented = (s: Stack) => (s.run?.entries ?? []).filter((e) => e.response.status === 501).length;

function report(): string {
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
  return `schemathesis against ${stacks.length} generated servers (max ${MAX_EXAMPLES} examples per operation, seed ${SEED})\n${header}\n${rows.join("\n")}`;
}

beforeAll(
  async () => {
    schemathesisCommand(); // fails first, naming the install command, when it is missing
    await requireServices("postgres", "mysql");
    const nodeModules = await sharedNodeModules();
    root = await mkdtemp(join(tmpdir(), "tss-contract-fuzz-"));
    await linkNodeModules(root, nodeModules);
    await writeFile(join(root, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);
    await writeFile(join(root, "serve.mjs"), SERVE);
    await writeFile(join(root, "rows.mjs"), ROWS);
    for (const [specName, spec] of Object.entries(SPECS))
      for (const db of DIALECTS)
        for (const auth of AUTHS) {
          const name = `${specName}-${db}-${auth}`;
          // For a quick local look at some stacks; the suite runs them all (the first test checks).
          if (process.env.TSS_FUZZ_ONLY && !new RegExp(process.env.TSS_FUZZ_ONLY).test(name)) continue;
          const stack: Stack = { name, spec, db, auth, dir: join(root, name) };
          stacks.push(stack);
          try {
            await scaffold({
              target: stack.dir,
              answers: { name: `fuzz-${name}`, spec, db, auth, install: false, git: false, port: 3000 },
              cwd: repoRoot,
            });
            await linkNodeModules(stack.dir, nodeModules);
          } catch (error) {
            stack.failure = `scaffold: ${String((error as Error)?.message ?? error)}`;
          }
        }
    const built = stacks.filter((s) => s.failure === undefined);
    const checks = await typeCheckProjects(root, join(nodeModules, "typescript", "bin", "tsc"), built);
    for (const s of built) {
      const check = checks.get(s.name)!;
      s.emitted = check.emitted;
      if (check.errors !== undefined) s.failure = `tsc: ${check.errors}`;
    }
    const queue = stacks.filter((s) => s.failure === undefined);
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        for (let s = queue.shift(); s !== undefined; s = queue.shift()) await fuzz(s);
      }),
    );
    console.log(report());
  },
  40 * 60 * 1000,
);

afterAll(async () => {
  if (root) if (!process.env.TSS_FUZZ_KEEP) await rm(root, { recursive: true, force: true });
});

describe("schemathesis against the generated servers", () => {
  it("covers every spec on every dialect with and without auth, and every stack ran", () => {
    expect(stacks).toHaveLength(Object.keys(SPECS).length * DIALECTS.length * AUTHS.length);
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
});
