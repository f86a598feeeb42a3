#!/usr/bin/env node
/**
 * Benchmark (not a test): wall time of scaffolding a project from a spec
 *   create-typespec-stack <dir> --spec <spec> --yes --no-install --no-git
 * against compiling the same spec to OpenAPI with the TypeSpec CLI
 *   tsp compile <spec> --emit @typespec/openapi3 --output-dir <dir>
 * Both run as fresh `node` child processes, alternating, into fresh temp folders. Prints
 * min/median/max per command and the ratio of medians, writes bench/results/scaffold-vs-tsp.json.
 * Exits 0 whether or not the target is met; exits 1 only when a command itself fails.
 *
 *   node bench/scaffold-vs-tsp.mjs [--runs N] [--spec path/to/main.tsp] [--out file.json]
 *                                  [--source] [--no-write]
 *
 * --source forces `node src/cli/bin.ts` even when dist/ exists.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { newestMtime, round, runNodeTimed as runOnce, sec, stats, writeResult } from "./common.mjs";

const TARGET = 1.3;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function parseArgs(argv) {
  const opts = {
    runs: 7,
    spec: path.join(root, "test/fixtures/specs/bookstore/main.tsp"),
    out: path.join(root, "bench/results/scaffold-vs-tsp.json"),
    source: false,
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--runs") opts.runs = Number(value());
    else if (arg.startsWith("--runs=")) opts.runs = Number(arg.slice(7));
    else if (arg === "--spec") opts.spec = path.resolve(value());
    else if (arg === "--out") opts.out = path.resolve(value());
    else if (arg === "--source") opts.source = true;
    else if (arg === "--no-write") opts.write = false;
    else if (arg === "--help" || arg === "-h") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`--runs must be a positive integer`);
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.spec)) throw new Error(`spec not found: ${opts.spec}`);

  const distBin = path.join(root, "dist/src/cli/bin.js");
  const useDist = !opts.source && fs.existsSync(distBin);
  const scaffoldBin = useDist ? distBin : path.join(root, "src/cli/bin.ts");
  const tspBin = path.join(root, "node_modules/@typespec/compiler/cmd/tsp.js");
  const staleDist = useDist && newestMtime(["src", "generators"].map((d) => path.join(root, d))) > fs.statSync(distBin).mtimeMs;
  if (!fs.existsSync(tspBin)) throw new Error(`TypeSpec CLI not found at ${tspBin} (run npm install)`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-scaffold-vs-tsp-"));
  // `tsp compile` resolves `import "@typespec/http"` from node_modules beside the spec, as in a
  // user's TypeSpec project. The shared spec folder has none, so tsp compiles a byte-identical copy
  // in a folder whose node_modules links to ours. The scaffold gets the original path, as a user
  // would give it: it finds the libraries it ships with through its own host fallback.
  const tspProject = path.join(work, "tsp-project");
  fs.mkdirSync(tspProject);
  const tspSpec = path.join(tspProject, path.basename(opts.spec));
  fs.copyFileSync(opts.spec, tspSpec);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(tspProject, "node_modules"), "dir");

  if (staleDist) console.log("warning: src/ or generators/ changed after dist/ was built: run npm run build (or npm run bench)\n");
  try {
    measure(opts, { work, tspProject, tspSpec, scaffoldBin, tspBin, useDist });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function measure(opts, { work, tspProject, tspSpec, scaffoldBin, tspBin, useDist }) {
  const rel = (p) => path.relative(root, p) || ".";
  const commands = {
    scaffold: {
      label: "scaffold",
      cwd: work,
      args: (i) => [scaffoldBin, path.join(work, `scaffold-${i}`, "app"), "--spec", opts.spec, "--yes", "--no-install", "--no-git"],
    },
    tsp: {
      label: "tsp",
      cwd: tspProject,
      args: (i) => [tspBin, "compile", tspSpec, "--emit", "@typespec/openapi3", "--output-dir", path.join(work, `tsp-${i}`)],
    },
  };

  console.log(`scaffold vs tsp compile, ${opts.runs} runs each, alternating, fresh process and output folder per run`);
  console.log(`  spec:     ${opts.spec}`);
  console.log(`  scaffold: node ${rel(scaffoldBin)} <tmp>/scaffold-N/app --spec <spec> --yes --no-install --no-git`);
  console.log(
    `            (${useDist ? "built CLI from dist/" : `source CLI via Node type stripping${opts.source ? " (--source)" : ", no dist/ found: run npm run build to time the built CLI"}`};`,
  );
  console.log(`             --no-git so git init is not timed; --no-install so npm install is not timed)`);
  console.log(`  tsp:      node ${rel(tspBin)} compile <copy of spec> --emit @typespec/openapi3 --output-dir <tmp>/tsp-N`);
  console.log(`  temp:     ${work}`);
  const load0 = os.loadavg();
  if (load0[0] > os.cpus().length) {
    console.log(`  warning:  load average ${load0[0].toFixed(1)} on ${os.cpus().length} CPUs: wall times will be noisy`);
  }
  console.log("");

  // One untimed run of each first, so both start with a warm file-system cache.
  runOnce({ ...commands.scaffold, args: commands.scaffold.args("warmup") }, path.join(work, "cpu-warmup-s.json"));
  runOnce({ ...commands.tsp, args: commands.tsp.args("warmup") }, path.join(work, "cpu-warmup-t.json"));

  const results = { scaffold: [], tsp: [] };
  for (let i = 0; i < opts.runs; i++) {
    // Alternate which goes first, so neither always runs right after the other.
    const order = i % 2 === 0 ? ["scaffold", "tsp"] : ["tsp", "scaffold"];
    for (const name of order) {
      const cmd = commands[name];
      const r = runOnce({ ...cmd, args: cmd.args(i) }, path.join(work, `cpu-${name}-${i}.json`));
      results[name].push(r);
      process.stdout.write(
        `  run ${i + 1}/${opts.runs} ${name.padEnd(8)} ${sec(r.wallMs)} wall${r.cpuMs === undefined ? "" : `, ${sec(r.cpuMs)} cpu`}\n`,
      );
    }
  }
  const load1 = os.loadavg();

  const wall = { scaffold: stats(results.scaffold.map((r) => r.wallMs)), tsp: stats(results.tsp.map((r) => r.wallMs)) };
  const haveCpu = [...results.scaffold, ...results.tsp].every((r) => r.cpuMs !== undefined);
  const cpu = haveCpu ? { scaffold: stats(results.scaffold.map((r) => r.cpuMs)), tsp: stats(results.tsp.map((r) => r.cpuMs)) } : undefined;
  const ratio = wall.scaffold.median / wall.tsp.median;
  const cpuRatio = cpu ? cpu.scaffold.median / cpu.tsp.median : undefined;
  const pass = ratio <= TARGET;

  console.log("");
  console.log(`              min        median     max        (wall)`);
  for (const name of ["scaffold", "tsp"]) {
    const s = wall[name];
    console.log(`  ${name.padEnd(10)}  ${sec(s.min).padEnd(9)}  ${sec(s.median).padEnd(9)}  ${sec(s.max)}`);
  }
  if (cpu) {
    console.log(`  cpu medians: scaffold ${sec(cpu.scaffold.median)}, tsp ${sec(cpu.tsp.median)}, ratio ${cpuRatio.toFixed(2)}`);
  }
  console.log(`  load average: ${load0[0].toFixed(2)} before, ${load1[0].toFixed(2)} after (${os.cpus().length} CPUs)`);
  console.log("");
  console.log(`ratio of medians (scaffold / tsp): ${ratio.toFixed(2)}  target <= ${TARGET}`);
  console.log(pass ? `MET the target (${ratio.toFixed(2)} <= ${TARGET})` : `MISSED the target (${ratio.toFixed(2)} > ${TARGET})`);

  const result = {
    benchmark: "scaffold-vs-tsp",
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuCount: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: { before: load0.map((x) => round(x, 2)), after: load1.map((x) => round(x, 2)) },
    runs: opts.runs,
    spec: path.relative(root, opts.spec).startsWith("..") ? opts.spec : rel(opts.spec),
    commands: {
      scaffold: `node ${rel(scaffoldBin)} <tmp>/app --spec <spec> --yes --no-install --no-git`,
      tsp: `node ${rel(tspBin)} compile <spec copy beside node_modules> --emit @typespec/openapi3 --output-dir <tmp>`,
    },
    scaffoldBuild: useDist ? "dist" : "source",
    timingsMs: {
      scaffold: results.scaffold.map((r) => round(r.wallMs)),
      tsp: results.tsp.map((r) => round(r.wallMs)),
    },
    cpuMs: haveCpu ? { scaffold: results.scaffold.map((r) => round(r.cpuMs)), tsp: results.tsp.map((r) => round(r.cpuMs)) } : undefined,
    mediansMs: { scaffold: round(wall.scaffold.median), tsp: round(wall.tsp.median) },
    minMs: { scaffold: round(wall.scaffold.min), tsp: round(wall.tsp.min) },
    maxMs: { scaffold: round(wall.scaffold.max), tsp: round(wall.tsp.max) },
    ratio: round(ratio, 3),
    cpuRatio: cpuRatio === undefined ? undefined : round(cpuRatio, 3),
    target: TARGET,
    pass,
  };
  if (opts.write) {
    console.log(`wrote ${rel(writeResult(opts.out, result))}`);
  }
}

try {
  main();
} catch (error) {
  console.error(`bench failed: ${error.message}`);
  process.exitCode = 1;
}
