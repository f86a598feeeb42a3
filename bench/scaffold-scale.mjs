#!/usr/bin/env node
/**
 * Benchmark (not a test): does scaffold time grow linearly with the size of the spec?
 * Generates CRUD specs of 120 and 1,200 resources (a model with a @key, a nested model and an enum
 * per resource; an interface with list/read/create/replace/delete per resource) and a ~5 MB spec of
 * the same shape, then times
 *   create-typespec-stack <tmp>/app --spec <spec> --yes --no-install --no-git
 * as a fresh `node` child per run into a fresh folder: the whole real path (TypeSpec compile,
 * ApiModel, render into the in-memory tree, plan, commit to disk). Prints min/median/max per size
 * and the ratio of medians 1,200 / 120, writes bench/results/scaffold-scale.json.
 * Target: ratio <= 10 (linear growth). Exits 0 whether or not it is met; 1 only if a run fails.
 *
 *   node bench/scaffold-scale.mjs [--runs N] [--no-big] [--source] [--flags "..."] [--out file.json] [--no-write]
 *
 * --no-big skips the ~5 MB spec (one run, about a minute). --source forces `node src/cli/bin.ts`
 * even when dist/ exists. --flags adds CLI flags to every run (e.g. "--db postgres --auth jwt").
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { newestMtime, round, runNodeTimed, sec, stats, writeResult } from "./common.mjs";

const TARGET = 10;
const SIZES = [120, 1200];
const BIG_BYTES = 5_000_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function parseArgs(argv) {
  const opts = { runs: 3, big: true, source: false, flags: [], write: true, out: path.join(root, "bench/results/scaffold-scale.json") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--runs") opts.runs = Number(value());
    else if (arg === "--no-big") opts.big = false;
    else if (arg === "--source") opts.source = true;
    else if (arg === "--flags") opts.flags = value().split(/\s+/).filter(Boolean);
    else if (arg === "--out") opts.out = path.resolve(value());
    else if (arg === "--no-write") opts.write = false;
    else if (arg === "--help" || arg === "-h") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`--runs must be a positive integer`);
  return opts;
}

const rel = (p) => path.relative(root, p) || ".";
const command = (bin, opts) => ["node", rel(bin), "<tmp>/app --spec <spec> --yes --no-install --no-git", ...opts.flags].join(" ");

/** One resource: its model, a nested model, an enum, and a CRUD interface over them. */
function resource(i) {
  const name = `Item${i}`;
  return `
enum ${name}Status { active, archived }

model ${name}Address {
  @maxLength(120) street: string;
  city: string;
}

/** Resource number ${i}. */
model ${name} {
  @key @visibility(Lifecycle.Read) id: int32;
  @minLength(1) @maxLength(64) name: string;
  @minValue(0) quantity?: int32;
  status: ${name}Status;
  address?: ${name}Address;
  tags?: string[];
  createdAt?: utcDateTime;
}

@route("/item${i}s")
@tag("item${i}")
interface ${name}s {
  @get list(@query limit?: int32 = 50, @query offset?: int32 = 0, @query status?: ${name}Status): { @body items: ${name}[] };
  @get read(@path id: int32): ${name} | NotFound;
  @post create(@body body: ${name}): { @statusCode _: 201; @body body: ${name} };
  @put replace(@path id: int32, @body body: ${name}): ${name} | NotFound;
  @delete delete(@path id: int32): { @statusCode _: 204 } | NotFound;
}
`;
}

const HEADER = `import "@typespec/http";

using Http;

/** A generated spec for the scaffold-scale benchmark. */
@service(#{ title: "Scale" })
namespace Scale;

@error
model ApiError {
  code: string;
  message: string;
}

model NotFound {
  @statusCode _: 404;
  @body error: ApiError;
}
`;

function writeSpec(dir, count) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "main.tsp");
  const parts = [HEADER];
  for (let i = 0; i < count; i++) parts.push(resource(i));
  fs.writeFileSync(file, parts.join(""));
  return { file, bytes: fs.statSync(file).size, resources: count };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const distBin = path.join(root, "dist/src/cli/bin.js");
  const useDist = !opts.source && fs.existsSync(distBin);
  const bin = useDist ? distBin : path.join(root, "src/cli/bin.ts");
  const staleDist =
    useDist && newestMtime(["src", "generators", "templates"].map((d) => path.join(root, d))) > fs.statSync(distBin).mtimeMs;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-scaffold-scale-"));

  const specs = SIZES.map((n) => ({ label: `${n}`, ...writeSpec(path.join(work, `spec-${n}`), n) }));
  if (opts.big) {
    const perResource = resource(1000).length;
    const count = Math.ceil((BIG_BYTES - HEADER.length) / perResource);
    specs.push({ label: "5MB", ...writeSpec(path.join(work, "spec-big"), count) });
  }

  console.log(`scaffold time against spec size, fresh process and output folder per run`);
  console.log(`  command: ${command(bin, opts)}`);
  console.log(`           (${useDist ? "built CLI from dist/" : "source CLI via Node type stripping"}; writes the project to disk)`);
  if (staleDist) console.log("  warning: src/, generators/ or templates/ changed after dist/ was built: run npm run build");
  const load0 = os.loadavg();
  if (load0[0] > os.cpus().length)
    console.log(`  warning: load average ${load0[0].toFixed(1)} on ${os.cpus().length} CPUs: wall times will be noisy`);
  for (const s of specs)
    console.log(`  spec ${s.label.padEnd(5)} ${String(s.resources).padStart(6)} resources, ${(s.bytes / 1e6).toFixed(2)} MB`);
  console.log("");

  const results = {};
  let run = 0;
  const timeOnce = (spec) => {
    const target = path.join(work, `out-${run++}`, "app");
    const r = runNodeTimed(
      {
        label: `scaffold of ${spec.label}`,
        cwd: work,
        args: [bin, target, "--spec", spec.file, "--yes", "--no-install", "--no-git", ...opts.flags],
      },
      path.join(work, `cpu-${run}.json`),
    );
    fs.rmSync(path.dirname(target), { recursive: true, force: true });
    return r;
  };
  try {
    timeOnce(specs[0]); // untimed: warms the file cache and the module compile cache
    for (const spec of specs) {
      const runs = spec.label === "5MB" ? 1 : opts.runs;
      results[spec.label] = [];
      for (let i = 0; i < runs; i++) {
        const r = timeOnce(spec);
        results[spec.label].push(r);
        console.log(
          `  ${spec.label.padEnd(5)} run ${i + 1}/${runs}  ${sec(r.wallMs)} wall${r.cpuMs === undefined ? "" : `, ${sec(r.cpuMs)} cpu`}`,
        );
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const load1 = os.loadavg();

  const wall = Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, stats(rs.map((r) => r.wallMs))]));
  const haveCpu = Object.values(results)
    .flat()
    .every((r) => r.cpuMs !== undefined);
  const cpu = haveCpu ? Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, stats(rs.map((r) => r.cpuMs))])) : undefined;
  const [small, large] = SIZES.map(String);
  const ratio = wall[large].median / wall[small].median;
  const cpuRatio = cpu ? cpu[large].median / cpu[small].median : undefined;
  const pass = ratio <= TARGET;

  console.log("");
  console.log(`          min        median     max        (wall)     median cpu`);
  for (const [k, s] of Object.entries(wall)) {
    console.log(
      `  ${k.padEnd(6)}  ${sec(s.min).padEnd(9)}  ${sec(s.median).padEnd(9)}  ${sec(s.max).padEnd(9)}  ${cpu ? sec(cpu[k].median) : "-"}`,
    );
  }
  console.log(`  load average: ${load0[0].toFixed(2)} before, ${load1[0].toFixed(2)} after (${os.cpus().length} CPUs)`);
  console.log("");
  console.log(
    `ratio of medians (${large} / ${small} resources): ${ratio.toFixed(2)} wall${cpuRatio === undefined ? "" : `, ${cpuRatio.toFixed(2)} cpu`}  target <= ${TARGET}`,
  );
  console.log(pass ? `MET the target (${ratio.toFixed(2)} <= ${TARGET})` : `MISSED the target (${ratio.toFixed(2)} > ${TARGET})`);

  const result = {
    benchmark: "scaffold-scale",
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuCount: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: { before: load0.map((x) => round(x, 2)), after: load1.map((x) => round(x, 2)) },
    command: command(bin, opts),
    scaffoldBuild: useDist ? "dist" : "source",
    specs: Object.fromEntries(specs.map((s) => [s.label, { resources: s.resources, bytes: s.bytes }])),
    timingsMs: Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, rs.map((r) => round(r.wallMs))])),
    cpuMs: haveCpu ? Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, rs.map((r) => round(r.cpuMs))])) : undefined,
    mediansMs: Object.fromEntries(Object.entries(wall).map(([k, s]) => [k, round(s.median)])),
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
