/**
 * What `create-typespec-stack dev` does on every spec save, timed: one `update` run in the same
 * process (the dev command's own path, after its first run has loaded the compiler), on the
 * bundled petstore and on the bookstore fixture. Target (issue 13): regenerated within 2 s of a save.
 * Usage: npm run build && node bench/dev-regenerate.mjs [saves=10]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { median, round, writeResult } from "./common.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { main } = await import(path.join(repo, "dist/src/cli/main.js"));
const saves = Number(process.argv[2] ?? 10);

function io(cwd) {
  const sink = new PassThrough();
  sink.resume();
  return { stdin: new PassThrough(), stdout: sink, stderr: sink, env: { ...process.env, CI: "true", NO_COLOR: "1" }, cwd };
}

async function measure(name, specDir, edit) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cts-dev-bench-"));
  try {
    const project = path.join(work, name);
    const created = await main([project, "--spec", specDir, "--yes", "--no-install", "--no-git"], io(work));
    if (created !== 0) throw new Error(`${name}: generating the project failed (${created})`);
    const specFile = path.join(project, "spec/main.tsp");
    const original = fs.readFileSync(specFile, "utf8");
    const times = [];
    // The first run pays for loading the compiler and emitter; dev pays it once per session.
    for (let i = 0; i <= saves; i++) {
      fs.writeFileSync(specFile, i % 2 === 0 ? edit(original, i) : original);
      const started = performance.now();
      const code = await main(["update", "--no-install", "--no-git"], io(project));
      const ms = performance.now() - started;
      if (code !== 0) throw new Error(`${name}: update exited ${code}`);
      if (i > 0) times.push(ms);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      spec: name,
      saves: times.length,
      medianMs: round(median(times)),
      p90Ms: round(sorted[Math.ceil(sorted.length * 0.9) - 1]),
      maxMs: round(sorted.at(-1)),
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const addNickname = (spec, i) => spec.replace("  tags?: string[];", `  tags?: string[];\n  nickname${i}?: string;`);
const addSubtitle = (spec, i) => spec.replace("  isbn: string;", `  isbn: string;\n  subtitle${i}?: string;`);
const results = [
  await measure("petstore", path.join(repo, "examples/petstore"), addNickname),
  await measure("bookstore", path.join(repo, "test/fixtures/specs/bookstore"), addSubtitle),
];
for (const r of results)
  console.log(`${r.spec.padEnd(10)} save -> regenerated: median ${r.medianMs} ms, p90 ${r.p90Ms} ms, max ${r.maxMs} ms (${r.saves} saves)`);
const out = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, targetMs: 2000, results };
writeResult(path.join(repo, "bench/results/dev-regenerate.json"), out);
