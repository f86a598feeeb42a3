/**
 * The Go target's published document is its server's contract too: schemathesis reads each Go
 * project's docs/openapi.yaml and attacks its running binary with the same phases and checks as
 * the TypeScript target faces (contract-fuzz.test.ts). Stacks: the bundled example, the bookstore
 * fixture and five corpus specs, each on SQLite, PostgreSQL and MySQL, with no auth and with
 * `--auth jwt` (the token the project's own cmd/token mints, sent on every request).
 *
 * Per stack it requires: no 5xx but a 501, no answer the document does not allow, and no row
 * that no successful write gave out. The table printed at the end is the closing note's figure.
 */
import { beforeAll, describe } from "@jest/globals";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
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
import { schemathesisCommand } from "../helpers/schemathesis.ts";
import { requireServices } from "../helpers/services.ts";
import { freePort, repoRoot, run } from "./cli-helpers.ts";

/** Two stacks at once: each is one Python process and one Go binary, and the machine has two cores. */
const PARALLEL = 2;
/** What the server and cmd/token sign and check tokens with (HS256 wants 32 bytes or more). */
const JWT_SECRET = "go-contract-fuzz-secret-of-forty-characters";

interface Stack extends FuzzStack {
  auth: Auth;
  token?: string;
}

const stacks: Stack[] = [];
const bench = fuzzBench("gofuzz");

const serverEnv = (stack: Stack) => ({ ...process.env, JWT_SECRET, DATABASE_URL: databaseUrl(bench, stack) });

/** Scaffolds and builds the stack's binaries; the token too when the project has cmd/token. */
async function build(stack: Stack, spec: string): Promise<void> {
  await scaffold({
    target: stack.dir,
    answers: { name: `fuzz-${stack.name}`, target: "go", spec, db: stack.db, auth: stack.auth, install: false, git: false, port: 3000 },
    cwd: repoRoot,
  });
  // A spec with @useAuth is guarded whatever the auth answer: then its token goes out too.
  const commands = existsSync(join(stack.dir, "cmd", "token")) ? ["server", "token"] : ["server"];
  for (const command of commands) {
    const built = run("go", ["build", "-o", `bin/${command}`, `./cmd/${command}`], stack.dir, 600_000);
    if (built.code !== 0) throw new Error(`go build ./cmd/${command}: ${built.stderr}`);
  }
  if (commands.includes("token")) {
    const minted = run(join(stack.dir, "bin", "token"), [], stack.dir, 30_000, serverEnv(stack));
    if (minted.code !== 0) throw new Error(`bin/token: ${minted.stderr}`);
    stack.token = minted.stdout.trim();
  }
}

async function serve(stack: Stack): Promise<Started> {
  const port = await freePort();
  const child = spawn(join(stack.dir, "bin", "server"), [], {
    cwd: stack.dir,
    env: { ...serverEnv(stack), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", MIGRATE_ON_START: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await untilListening(child, url, () => output);
  return { child, url, headers: stack.token === undefined ? {} : { Authorization: `Bearer ${stack.token}` } };
}

beforeAll(
  async () => {
    schemathesisCommand(); // fails first, naming the install command, when it is missing
    await requireServices("postgres", "mysql");
    const root = (bench.root = await mkdtemp(join(tmpdir(), "tss-go-contract-fuzz-")));
    // Only the rows script is Node: it reads what each server stored.
    await linkNodeModules(root, await sharedNodeModules());
    await writeFile(join(root, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);
    await writeRowsScript(root);
    for (const { name, spec, db, auth } of fuzzMatrix()) {
      const stack: Stack = { name, db, auth, dir: join(root, name) };
      stacks.push(stack);
      try {
        await build(stack, spec);
      } catch (error) {
        stack.failure = String((error as Error)?.message ?? error);
      }
    }
    await fuzzAll(bench, stacks, { parallel: PARALLEL, serve, servers: "generated Go servers" });
  },
  60 * 60 * 1000,
);

describe("schemathesis against the generated Go servers", () => {
  contractChecks(bench, stacks);
});
