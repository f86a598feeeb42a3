#!/usr/bin/env node
/**
 * Benchmark (not a test): GET /pets/{id} of the generated petstore on SQLite against a hand-written
 * Fastify + better-sqlite3 server doing the same query (bench/handwritten-petstore.mjs), both under
 * autocannon in one run. Prints req/s, p50 and p99 for each and the ratio generated / hand-written,
 * writes bench/results/generated-vs-handwritten.json. Targets: ratio >= 0.9, generated p99 <= 20 ms.
 * Exits 0 whether or not a target is met; exits 1 only when a step itself fails.
 *
 *   node bench/generated-vs-handwritten.mjs [--duration 10] [--warmup 2] [--connections 100]
 *        [--rounds 2] [--pets 1000] [--ids 1] [--variants] [--reuse-deps] [--keep]
 *        [--out file.json] [--no-write]
 *
 * Steps: generate the petstore with the built CLI (dist/; build it with `npm run build` or
 * `npx tsc -p tsconfig.json`), `npm install` it (--reuse-deps links the test suite's cache in
 * .cache/generated-deps/ instead, when one holds the same versions), `npm run build`, migrate a
 * fresh SQLite file, seed --pets pets through the generated server's own POST /pets, stop it (which
 * checkpoints the WAL), copy the file for the hand-written server (no shared file or lock), start
 * both with logging off, check they answer the same JSON, then per round: 2 s warm-up and a
 * measured run of each, the order alternating between rounds (A,B then B,A). Figures are medians
 * over rounds; the ratio is the ratio of the median req/s. Each run also reads the servers' own
 * CPU time (/proc) and reports CPU µs per request: a second ratio, less disturbed by other load.
 *
 * --ids N      rotate N fixed ids through autocannon's `requests` (default 1: one fixed url)
 * --variants   also measure bench/petstore-variants.mjs (the generated server with layers changed:
 *              logger-off, stmt-cache, precompiled, direct-repo, alone and combined), to show where
 *              the time goes; --variants=stmt-cache,direct-repo+logger-off picks some
 * --reuse-deps link the test suite's node_modules cache instead of `npm install` (not timed either way)
 * --keep       keep the temp folder (generated project, databases) and print its path
 * Output: bench/results/generated-vs-handwritten.json, or ...-variants.json with --variants.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { fileURLToPath } from "node:url";
import { median, newestMtime, round } from "./common.mjs";

const TARGET_RATIO = 0.9;
const TARGET_P99_MS = 20;
const AUTOCANNON_VERSION = "9.0.0";
// --variants: the generated server with one or more layers changed (bench/petstore-variants.mjs).
const VARIANTS = [
  "logger-off",
  "stmt-cache",
  "stmt-cache+precompiled",
  "stmt-cache+precompiled+logger-off",
  "direct-repo",
  "direct-repo+logger-off",
];
const SERVER_NOTES = {
  generated: "node dist/src/main.js of the generated project (LOG_LEVEL=silent)",
  handwritten: "node bench/handwritten-petstore.mjs (Fastify logger: false, one prepared statement)",
  "logger-off": "Fastify logger: false instead of pino at level silent",
  "stmt-cache": "better-sqlite3 prepare() memoised by SQL text under Kysely",
  precompiled: "SqlRepository.get() compiled once per table, run through db.executeQuery()",
  "direct-repo": "repository get() on one prepared statement, same codecs, no Kysely",
};
const noteFor = (name) =>
  SERVER_NOTES[name] ??
  `bench/petstore-variants.mjs VARIANT=${name}: generated server with ${name
    .split("+")
    .map((c) => SERVER_NOTES[c])
    .join("; ")}`;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rel = (p) => path.relative(root, p) || ".";

function parseArgs(argv) {
  const opts = {
    duration: 10,
    warmup: 2,
    connections: 100,
    rounds: 2,
    pets: 1000,
    ids: 1,
    reuseDeps: false,
    variants: [],
    keep: false,
    out: undefined,
    write: true,
  };
  const ints = {
    "--duration": "duration",
    "--warmup": "warmup",
    "--connections": "connections",
    "--rounds": "rounds",
    "--pets": "pets",
    "--ids": "ids",
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline;
    if (arg.startsWith("--") && arg.includes("=")) [arg, inline] = [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg in ints) {
      const n = Number(value());
      if (!Number.isInteger(n) || n < (arg === "--warmup" ? 0 : 1)) throw new Error(`${arg} must be a positive integer`);
      opts[ints[arg]] = n;
    } else if (arg === "--reuse-deps") opts.reuseDeps = true;
    else if (arg === "--keep") opts.keep = true;
    else if (arg === "--variants") opts.variants = inline === undefined ? VARIANTS : inline.split(",").filter(Boolean);
    else if (arg === "--out") opts.out = path.resolve(value());
    else if (arg === "--no-write") opts.write = false;
    else if (arg === "--help" || arg === "-h") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (opts.ids * 2 > opts.pets) throw new Error("--pets must be at least twice --ids");
  // A diagnostic run does not replace the committed result of the plain comparison.
  opts.out ??= path.join(root, `bench/results/generated-vs-handwritten${opts.variants.length > 0 ? "-variants" : ""}.json`);
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs a command to completion; throws with its output when it fails. Returns wall ms. */
function run(label, cmd, args, options = {}) {
  const start = process.hrtime.bigint();
  const child = spawnSync(cmd, args, {
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, NO_COLOR: "1", CI: "1", ...options.env },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.error || child.status !== 0) {
    throw new Error(
      `${label} failed (${child.error?.message ?? `exit ${child.status}`}):\n  ${cmd} ${args.join(" ")}\n${child.stdout}\n${child.stderr}`,
    );
  }
  return ms;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

const CLK_TCK = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout) || 100;
})();

/** user+system CPU ms a process has used so far (Linux /proc), or undefined. */
function processCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** Resident memory (MB) of a process (Linux /proc), or undefined. */
function processRssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Servers: child processes, killed on exit whatever happens

const children = new Set();
/** Removed on exit, on error and on Ctrl-C, unless --keep. */
let tempDir;

function killChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  children.clear();
}
process.on("exit", killChildren);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    killChildren();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    process.exit(130);
  });
}

async function startServer(label, args, { cwd, env, port }) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "silent", NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-8000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${label} exited before answering (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${label} did not answer GET /healthz within 30 s:\n${output}`);
    await sleep(100);
  }
  return {
    label,
    base,
    pid: child.pid,
    output: () => output,
    /** SIGTERM, wait for a clean exit (the generated server closes its database: WAL checkpoint). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const result = await Promise.race([exited, sleep(10_000).then(() => undefined)]);
      children.delete(child);
      if (!result) {
        child.kill("SIGKILL");
        throw new Error(`${label} did not stop within 10 s of SIGTERM`);
      }
      return result;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Project setup

/** A cache folder of the test suite whose node_modules holds the generated project's exact versions. */
function findDepsCache(projectPkg) {
  const cacheRoot = path.join(root, ".cache/generated-deps");
  if (!fs.existsSync(cacheRoot)) return undefined;
  const wanted = { ...projectPkg.dependencies, ...projectPkg.devDependencies };
  for (const dir of fs.readdirSync(cacheRoot)) {
    const modules = path.join(cacheRoot, dir, "node_modules");
    const ok = Object.entries(wanted).every(([name, version]) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(modules, name, "package.json"), "utf8")).version === version;
      } catch {
        return false;
      }
    });
    if (ok) return modules;
  }
  return undefined;
}

function seedPet(i) {
  const species = ["dog", "cat", "bird"][i % 3];
  const pet = { name: `pet-${i}`, species };
  if (i % 7 !== 0) pet.age = i % 61;
  if (i % 5 !== 0) pet.tags = [`tag-${i % 11}`, species, `batch-${Math.floor(i / 100)}`];
  return pet;
}

/** POSTs `count` pets, 8 at a time; returns the stored pets (as POST answered them) by id. */
async function seed(base, count) {
  const pets = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await fetch(`${base}/pets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(seedPet(i)),
      });
      const body = await res.json();
      if (res.status !== 201) throw new Error(`POST /pets answered ${res.status}: ${JSON.stringify(body)}`);
      pets.push(body);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return pets.sort((a, b) => a.id - b.id);
}

// ---------------------------------------------------------------------------------------------
// Load

async function installAutocannon(tools) {
  fs.mkdirSync(tools, { recursive: true });
  fs.writeFileSync(path.join(tools, "package.json"), JSON.stringify({ name: "bench-tools", private: true }) + "\n");
  run("npm install autocannon", "npm", ["install", "--no-audit", "--no-fund", "--prefix", tools, `autocannon@${AUTOCANNON_VERSION}`]);
  return createRequire(path.join(tools, "package.json"))("autocannon");
}

function load(autocannon, server, paths, opts, seconds) {
  const settings = {
    // The path goes in `url` (a top-level `path` is ignored). Several ids rotate through
    // `requests` (fixed paths, no per-request setupRequest, which would make autocannon the bottleneck).
    url: `${server.base}${paths[0]}`,
    connections: opts.connections,
    duration: seconds,
    ...(paths.length > 1 ? { requests: paths.map((p) => ({ method: "GET", path: p })) } : {}),
  };
  const cpu0 = processCpuMs(server.pid);
  const self0 = process.cpuUsage();
  return new Promise((resolve, reject) => {
    autocannon(settings, (error, result) => {
      if (error) return reject(error);
      const self = process.cpuUsage(self0);
      const cpu1 = processCpuMs(server.pid);
      const serverCpuMs = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
      resolve({
        reqPerSec: result.requests.average,
        requests: result.requests.total,
        latencyMs: {
          avg: result.latency.average,
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
        },
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        bytesPerSec: result.throughput.average,
        // How busy each side was: a server near 1000 ms per second is CPU-bound on its one thread.
        serverCpuMsPerSec: serverCpuMs === undefined ? undefined : serverCpuMs / result.duration,
        serverCpuUsPerReq: serverCpuMs === undefined || !result.requests.total ? undefined : (serverCpuMs * 1000) / result.requests.total,
        autocannonCpuMsPerSec: (self.user + self.system) / 1000 / result.duration,
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const distBin = path.join(root, "dist/src/cli/bin.js");
  if (!fs.existsSync(distBin)) {
    throw new Error(`${rel(distBin)} not found: build the CLI first (npm run build, or npx tsc -p tsconfig.json)`);
  }
  const staleDist = newestMtime(["src", "generators", "templates"].map((d) => path.join(root, d))) > fs.statSync(distBin).mtimeMs;
  const spec = path.join(root, "examples/petstore/main.tsp");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-gen-vs-hand-"));
  if (!opts.keep) tempDir = work;
  const cleanup = () => {
    killChildren();
    if (!opts.keep) fs.rmSync(work, { recursive: true, force: true });
    tempDir = undefined;
  };
  try {
    return await measure(opts, { work, distBin, spec, staleDist });
  } finally {
    cleanup();
    if (opts.keep) console.log(`kept ${work}`);
  }
}

async function measure(opts, { work, distBin, spec, staleDist }) {
  const project = path.join(work, "petstore");
  const genDb = path.join(work, "gen.db");
  const handBin = path.join(root, "bench/handwritten-petstore.mjs");
  const variantBin = path.join(root, "bench/petstore-variants.mjs");
  const setup = {};
  const step = (text) => process.stdout.write(`  ${text.padEnd(58)}`);
  const done = (ms, extra = "") => console.log(`${(ms / 1000).toFixed(1).padStart(5)} s${extra}`);

  console.log("generated petstore (SQLite) vs hand-written Fastify + better-sqlite3: GET /pets/{id}");
  if (staleDist) console.log("warning: src/, generators/ or templates/ changed after dist/ was built: run npm run build first");
  const load0 = os.loadavg();
  const cpus = os.cpus().length;
  if (load0[0] > cpus * 0.5) {
    console.log(
      `warning: load average ${load0[0].toFixed(2)} on ${cpus} CPUs before starting: other work shares the machine, absolute figures will be low (the ratio holds up better)`,
    );
  }
  console.log(`  temp: ${work}`);

  step(`generate: node ${rel(distBin)} <tmp>/petstore --db sqlite`);
  let t = run("generate", process.execPath, [distBin, project, "--spec", spec, "--db", "sqlite", "--yes", "--no-install", "--no-git"], {
    cwd: work,
  });
  done(t);
  const projectPkg = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8"));

  const cache = opts.reuseDeps ? findDepsCache(projectPkg) : undefined;
  if (opts.reuseDeps && !cache) console.log("  (--reuse-deps: no cache in .cache/generated-deps/ holds these versions; installing)");
  if (cache) {
    step(`deps: link ${rel(cache)}`);
    fs.symlinkSync(cache, path.join(project, "node_modules"), "dir");
    done(0);
    setup.dependencies = `linked ${rel(cache)}`;
  } else {
    step("deps: npm install --no-audit --no-fund");
    t = run("npm install", "npm", ["install", "--no-audit", "--no-fund"], { cwd: project });
    done(t);
    setup.dependencies = "npm install";
    setup.installMs = Math.round(t);
  }
  step("build: npm run build");
  done(run("npm run build", "npm", ["run", "build"], { cwd: project }));
  step("migrate: node dist/src/db/migrate.js");
  done(run("migrate", process.execPath, ["dist/src/db/migrate.js"], { cwd: project, env: { DATABASE_URL: genDb } }));

  step("tools: npm install autocannon");
  let start = Date.now();
  const autocannon = await installAutocannon(path.join(work, "tools"));
  done(Date.now() - start, ` (autocannon ${AUTOCANNON_VERSION})`);

  const genPort = await freePort();
  step(`seed: ${opts.pets} x POST /pets to the generated server`);
  start = Date.now();
  const seeder = await startServer("generated server (seeding)", ["dist/src/main.js"], {
    cwd: project,
    env: { DATABASE_URL: genDb },
    port: genPort,
  });
  const pets = await seed(seeder.base, opts.pets);
  const walAfterSeed = fileSize(`${genDb}-wal`);
  const stopped = await seeder.stop();
  if (stopped.code !== 0)
    throw new Error(`generated server exited with ${stopped.code ?? stopped.signal} after seeding:\n${seeder.output()}`);
  done(Date.now() - start, ` (WAL ${(walAfterSeed / 1024).toFixed(0)} KiB before stop, ${fileSize(`${genDb}-wal`)} B after)`);

  // The pets to read: spread over the table, each with age and tags (the whole mapping path).
  const full = pets.filter((p) => p.age !== undefined && p.tags !== undefined).map((p) => p.id);
  if (full.length < opts.ids) throw new Error(`only ${full.length} seeded pets have age and tags; --ids ${opts.ids} needs more`);
  const paths = Array.from({ length: opts.ids }, (_, k) => `/pets/${full[Math.floor(((k + 0.5) * full.length) / opts.ids)]}`);

  // Every server but the generated one reads its own copy of the seeded file: no shared file or lock.
  const definitions = [
    { name: "generated", label: "generated server", args: ["dist/src/main.js"], cwd: project, db: genDb, port: genPort },
    { name: "handwritten", label: "hand-written server", args: [handBin], cwd: work, db: path.join(work, "handwritten.db") },
  ];
  for (const variant of opts.variants) {
    definitions.push({
      name: variant,
      label: `variant ${variant}`,
      args: [variantBin],
      cwd: work,
      db: path.join(work, `${variant}.db`),
      env: { VARIANT: variant },
    });
  }
  const servers = {};
  for (const d of definitions) {
    if (d.db !== genDb) fs.copyFileSync(genDb, d.db);
    servers[d.name] = await startServer(d.label, d.args, {
      cwd: d.cwd,
      env: { DATABASE_URL: d.db, GENERATED_PROJECT: project, ...d.env },
      port: d.port ?? (await freePort()),
    });
    servers[d.name].db = d.db;
  }
  const names = definitions.map((d) => d.name);

  // Same answers, or the comparison means nothing.
  const answers = {};
  for (const name of names) {
    const get = async (p) => {
      const res = await fetch(`${servers[name].base}${p}`);
      return { status: res.status, contentType: res.headers.get("content-type"), body: await res.json() };
    };
    answers[name] = { found: await Promise.all(paths.map(get)), missing: await get(`/pets/${pets.at(-1).id + 1000}`) };
  }
  for (const name of names) {
    if (!isDeepStrictEqual(answers[name], answers.generated)) {
      throw new Error(
        `${name} answers differently from generated:\n${JSON.stringify({ generated: answers.generated, [name]: answers[name] }, null, 2)}`,
      );
    }
  }
  if (answers.generated.found.some((a) => a.status !== 200) || answers.generated.missing.status !== 404) {
    throw new Error(`unexpected answers: ${JSON.stringify(answers.generated)}`);
  }
  console.log(
    `  same answers from all ${names.length}: 200 ${JSON.stringify(answers.generated.found[0].body)}; 404 ${JSON.stringify(answers.generated.missing.body)}`,
  );

  const walOf = () => Object.fromEntries(names.map((n) => [n, fileSize(`${servers[n].db}-wal`)]));
  const rssOf = () => Object.fromEntries(names.map((n) => [n, round(processRssMb(servers[n].pid))]));
  const wal = { before: walOf() };
  const rss = { before: rssOf() };

  console.log(
    `\nautocannon: ${opts.connections} connections, ${opts.warmup} s warm-up + ${opts.duration} s measured per server per round, ` +
      `${opts.rounds} round${opts.rounds > 1 ? "s" : ""}, order rotating; ${paths.length === 1 ? `url http://127.0.0.1:<port>${paths[0]}` : `${paths.length} ids rotating`}`,
  );
  const width = Math.max(...names.map((n) => n.length)) + 1;
  const rounds = [];
  for (let r = 0; r < opts.rounds; r++) {
    // Round 1 A,B,C..., round 2 the reverse, round 3 rotated by one, ...: no server always goes first.
    const rotated = names.map((_, i) => names[(i + Math.floor(r / 2)) % names.length]);
    const order = r % 2 === 0 ? rotated : [...rotated].reverse();
    const round_ = {};
    for (const name of order) {
      if (opts.warmup > 0) await load(autocannon, servers[name], paths, opts, opts.warmup);
      const res = await load(autocannon, servers[name], paths, opts, opts.duration);
      round_[name] = res;
      console.log(
        `  round ${r + 1} ${name.padEnd(width)} ${res.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${res.latencyMs.p50} ms  p99 ${res.latencyMs.p99} ms` +
          `  server cpu ${res.serverCpuUsPerReq?.toFixed(1) ?? "?"} µs/req (${res.serverCpuMsPerSec === undefined ? "?" : (res.serverCpuMsPerSec / 10).toFixed(0) + " %"})` +
          `  autocannon cpu ${(res.autocannonCpuMsPerSec / 10).toFixed(0)} %` +
          (res.non2xx || res.errors || res.timeouts ? `  non-2xx ${res.non2xx} errors ${res.errors} timeouts ${res.timeouts}` : ""),
      );
    }
    rounds.push(round_);
  }
  const load1 = os.loadavg();
  wal.after = walOf();
  rss.after = rssOf();
  for (const name of names) {
    const stoppedServer = await servers[name].stop();
    if (stoppedServer.code !== 0) console.log(`  warning: ${name} exited with ${stoppedServer.code ?? stoppedServer.signal} on SIGTERM`);
  }

  const summary = {};
  for (const name of names) {
    const rs = rounds.map((r) => r[name]);
    summary[name] = {
      reqPerSec: median(rs.map((x) => x.reqPerSec)),
      p50Ms: median(rs.map((x) => x.latencyMs.p50)),
      p99Ms: median(rs.map((x) => x.latencyMs.p99)),
      serverCpuUsPerReq: rs.every((x) => x.serverCpuUsPerReq !== undefined) ? median(rs.map((x) => x.serverCpuUsPerReq)) : undefined,
      failed: rs.reduce((a, x) => a + x.non2xx + x.errors + x.timeouts, 0),
    };
  }
  for (const name of names) {
    const s = summary[name];
    s.ratio = s.reqPerSec / summary.handwritten.reqPerSec;
    s.cpuRatio =
      s.serverCpuUsPerReq && summary.handwritten.serverCpuUsPerReq
        ? summary.handwritten.serverCpuUsPerReq / s.serverCpuUsPerReq
        : undefined;
  }
  const ratio = summary.generated.ratio;
  const cpuRatio = summary.generated.cpuRatio;
  const roundRatios = rounds.map((r) => r.generated.reqPerSec / r.handwritten.reqPerSec);
  const passRatio = ratio >= TARGET_RATIO;
  const passP99 = summary.generated.p99Ms <= TARGET_P99_MS;
  const clean = names.every((n) => summary[n].failed === 0);

  console.log(`\nmedians of ${opts.rounds} round${opts.rounds > 1 ? "s" : ""}:`);
  console.log(
    `  ${"".padEnd(width)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"cpu µs/req".padStart(12)}${"x hand req/s".padStart(14)}${"x hand cpu".padStart(12)}`,
  );
  for (const name of names) {
    const s = summary[name];
    console.log(
      `  ${name.padEnd(width)}${s.reqPerSec.toFixed(0).padStart(9)}${String(s.p50Ms).padStart(9)}${String(s.p99Ms).padStart(9)}` +
        `${(s.serverCpuUsPerReq?.toFixed(1) ?? "?").padStart(12)}${s.ratio.toFixed(3).padStart(14)}${(s.cpuRatio?.toFixed(3) ?? "?").padStart(12)}`,
    );
  }
  console.log(`  generated / hand-written per round: ${roundRatios.map((x) => x.toFixed(3)).join(", ")}`);
  console.log(`  WAL bytes before -> after: ${names.map((n) => `${n} ${wal.before[n]} -> ${wal.after[n]}`).join(", ")}`);
  console.log(`  RSS MB before -> after: ${names.map((n) => `${n} ${rss.before[n]} -> ${rss.after[n]}`).join(", ")}`);
  console.log(`  load average: ${load0[0].toFixed(2)} before, ${load1[0].toFixed(2)} after (${cpus} CPUs)`);
  if (!clean) console.log("  warning: some requests failed (non-2xx, errors or timeouts): see the JSON");
  console.log("");
  console.log(`ratio generated / hand-written req/s: ${ratio.toFixed(3)}  target >= ${TARGET_RATIO}  ${passRatio ? "MET" : "MISSED"}`);
  if (cpuRatio !== undefined) console.log(`  (the same ratio from server CPU time per request: ${cpuRatio.toFixed(3)})`);
  console.log(`generated p99: ${summary.generated.p99Ms} ms  target <= ${TARGET_P99_MS} ms  ${passP99 ? "MET" : "MISSED"}`);
  if ((!passRatio || !passP99) && opts.variants.length === 0)
    console.log("(--variants measures candidate fixes beside them: see bench/README.md)");

  const result = {
    benchmark: "generated-vs-handwritten",
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuCount: cpus,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: { before: load0.map((x) => round(x, 2)), after: load1.map((x) => round(x, 2)) },
    distStale: staleDist,
    settings: {
      spec: rel(spec),
      route: "GET /pets/{id}",
      paths,
      pets: opts.pets,
      connections: opts.connections,
      durationSec: opts.duration,
      warmupSec: opts.warmup,
      rounds: opts.rounds,
      variants: opts.variants,
      order: "round 1 in the listed order, round 2 reversed, then rotated by one every two rounds",
      autocannon: AUTOCANNON_VERSION,
      versions: {
        fastify: projectPkg.dependencies.fastify,
        "better-sqlite3": projectPkg.dependencies["better-sqlite3"],
        kysely: projectPkg.dependencies.kysely,
      },
      servers: Object.fromEntries(definitions.map((d) => [d.name, noteFor(d.name)])),
      ...setup,
    },
    rounds: rounds.map((r) => Object.fromEntries(names.map((n) => [n, roundFigures(r[n])]))),
    medians: Object.fromEntries(
      names.map((n) => [
        n,
        {
          reqPerSec: round(summary[n].reqPerSec),
          p50Ms: summary[n].p50Ms,
          p99Ms: summary[n].p99Ms,
          serverCpuUsPerReq: round(summary[n].serverCpuUsPerReq, 2),
          ratioToHandwritten: round(summary[n].ratio, 3),
          cpuRatioToHandwritten: round(summary[n].cpuRatio, 3),
        },
      ]),
    ),
    ratio: round(ratio, 3),
    roundRatios: roundRatios.map((x) => round(x, 3)),
    cpuRatio: round(cpuRatio, 3),
    walBytes: wal,
    rssMb: rss,
    failedRequests: Object.fromEntries(names.map((n) => [n, summary[n].failed])),
    targets: { ratio: TARGET_RATIO, generatedP99Ms: TARGET_P99_MS },
    pass: { ratio: passRatio, p99: passP99, noFailedRequests: clean, all: passRatio && passP99 && clean },
  };
  if (opts.write) {
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, JSON.stringify(result, null, 2) + "\n");
    console.log(`wrote ${rel(opts.out)}`);
  }
}

function roundFigures(x) {
  return {
    reqPerSec: round(x.reqPerSec),
    requests: x.requests,
    latencyMs: x.latencyMs,
    serverCpuUsPerReq: round(x.serverCpuUsPerReq, 2),
    serverCpuPercent: round(x.serverCpuMsPerSec / 10),
    autocannonCpuPercent: round(x.autocannonCpuMsPerSec / 10),
    non2xx: x.non2xx,
    errors: x.errors,
    timeouts: x.timeouts,
  };
}

try {
  await main();
} catch (error) {
  console.error(`\nbench failed: ${error.message}`);
  process.exitCode = 1;
}
