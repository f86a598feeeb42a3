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
import { beforeAll, describe } from "@jest/globals";
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaffold } from "../../src/index.ts";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import {
  type Auth,
  type FuzzStack,
  type Started,
  contractChecks,
  databaseUrl,
  fuzzAll,
  fuzzBench,
  fuzzMatrix,
  untilListening,
  writeRowsScript,
} from "../helpers/contract-fuzz.ts";
import { typeCheckProjects } from "../helpers/project-batch.ts";
import { schemathesisCommand } from "../helpers/schemathesis.ts";
import { requireServices } from "../helpers/services.ts";
import { freePort, repoRoot } from "./cli-helpers.ts";

/** Two stacks at once: each is one Python and one Node process, and the machine has two cores. */
const PARALLEL = 2;

interface Stack extends FuzzStack {
  spec: string;
  auth: Auth;
  emitted?: string;
}

const stacks: Stack[] = [];
const bench = fuzzBench("fuzz");

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

async function serve(stack: Stack): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(bench.root, "serve.mjs"), stack.emitted!], {
    cwd: stack.dir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl(bench, stack),
      MIGRATE_ON_START: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await untilListening(child, url, () => output);
  const token = /^token (\S+)$/m.exec(output)?.[1];
  if (!token) throw new Error(`the server printed no test token:\n${output}`);
  return { child, url, headers: token === "-" ? {} : { Authorization: `Bearer ${token}` } };
}

beforeAll(
  async () => {
    schemathesisCommand(); // fails first, naming the install command, when it is missing
    await requireServices("postgres", "mysql");
    const nodeModules = await sharedNodeModules();
    const root = (bench.root = await mkdtemp(join(tmpdir(), "tss-contract-fuzz-")));
    await linkNodeModules(root, nodeModules);
    await writeFile(join(root, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);
    await writeFile(join(root, "serve.mjs"), SERVE);
    await writeRowsScript(root);
    for (const { name, spec, db, auth } of fuzzMatrix()) {
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
    await fuzzAll(bench, stacks, { parallel: PARALLEL, serve, servers: "generated servers" });
  },
  40 * 60 * 1000,
);

describe("schemathesis against the generated servers", () => {
  contractChecks(bench, stacks);
});
