#!/usr/bin/env node
/**
 * End-to-end message latency of the events layer, per broker: the orders example is generated
 * with --events nats|mqtt|amqp and built; then, inside that project, the generated publisher
 * (publishEvent: validate, serialise, publish and wait for the broker's acknowledgement) sends
 * paymentSettled messages one after the other and the generated subscriber (subscribeEvent: parse,
 * validate, call the handler) receives them. Latency = handler call time - publish call time, both
 * from performance.now() in the one process. 100 warm-up messages are not counted; then --messages
 * (default 1,000). Brokers: the machine's NATS 127.0.0.1:4222 (JetStream, file storage), Mosquitto
 * 127.0.0.1:1883 and RabbitMQ 127.0.0.1:5672 (persistent messages, publisher confirms).
 *
 *   node bench/events-latency.mjs                      # all three, 1,000 messages each
 *   node bench/events-latency.mjs --brokers nats --messages 5000 --out /tmp/x.json   # or --no-write
 *
 * Writes bench/results/events-latency.json. Needs a built dist/ (npm run build).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { round, writeResult } from "./common.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const brokers = option("brokers", "nats,mqtt,amqp").split(",");
const messages = Number(option("messages", "1000"));
const out = args.includes("--no-write") ? undefined : option("out", path.join(root, "bench/results/events-latency.json"));
const URLS = { nats: "nats://127.0.0.1:4222", mqtt: "mqtt://127.0.0.1:1883", amqp: "amqp://guest:guest@127.0.0.1:5672" };

/** Runs inside the generated project: its own publisher and subscriber code against the broker. */
const MEASURE = `
import { connectBus } from "./dist/src/generated/events/bus.js";
import { eventSettings, publishEvent, subscribeEvent, waitUntilReady } from "./dist/src/generated/events/runtime.js";
const count = Number(process.argv[2]);
const warmup = 100;
const settings = { ...eventSettings(), ephemeral: true };
const quiet = { info() {}, warn() {}, error() {} };
const bus = connectBus(settings, quiet);
if (!(await waitUntilReady(bus, 10000))) throw new Error("no broker at " + settings.url);
const sentAt = new Map();
const latencies = [];
let received = 0;
let finish;
const finished = new Promise((resolve) => (finish = resolve));
await subscribeEvent(bus, settings, "paymentSettled", async (message) => {
  const now = performance.now();
  if (!message.paymentId.startsWith("w")) latencies.push(now - sentAt.get(message.paymentId));
  if (++received === warmup + count) finish();
}, quiet, "latency");
let started;
for (let i = 0; i < warmup + count; i++) {
  if (i === warmup) started = performance.now();
  const id = (i < warmup ? "w" : "m") + i;
  sentAt.set(id, performance.now());
  await publishEvent(bus, settings, "paymentSettled", { paymentId: id, orderId: i + 1, amount: 12.5, settledAt: new Date().toISOString() });
}
const timer = setTimeout(() => { console.error("only " + received + " received"); process.exit(1); }, 60000);
await finished;
const seconds = (performance.now() - started) / 1000;
clearTimeout(timer);
await bus.close();
console.log(JSON.stringify({ latencies, seconds }));
`;

function sh(command, commandArgs, cwd, env = process.env) {
  const result = spawnSync(command, commandArgs, { cwd, env, encoding: "utf8", timeout: 600_000 });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const work = fs.mkdtempSync(path.join(os.tmpdir(), "cts-events-bench-"));
const results = {};
try {
  for (const broker of brokers) {
    const project = path.join(work, `orders-${broker}`);
    sh(
      process.execPath,
      [
        path.join(root, "dist/src/cli/bin.js"),
        project,
        "--spec",
        path.join(root, "examples/orders"),
        "--events",
        broker,
        "--yes",
        "--no-install",
        "--no-git",
      ],
      work,
      { ...process.env, CI: "true" },
    );
    // The test suite's shared node_modules cache (installed once per set of pinned versions).
    sh(
      process.execPath,
      [
        "--experimental-strip-types",
        "--no-warnings",
        "--input-type=module",
        "-e",
        `import { linkNodeModules } from ${JSON.stringify(path.join(root, "test/helpers/generated-deps.ts"))}; await linkNodeModules(${JSON.stringify(project)});`,
      ],
      root,
    );
    sh("npm", ["run", "build"], project);
    fs.writeFileSync(path.join(project, "measure.mjs"), MEASURE);
    const env = { ...process.env, EVENTS_URL: URLS[broker], EVENTS_PREFIX: `bench${randomBytes(4).toString("hex")}` };
    const { latencies, seconds } = JSON.parse(
      sh(process.execPath, ["measure.mjs", String(messages)], project, env)
        .trim()
        .split("\n")
        .pop(),
    );
    const sorted = [...latencies].sort((a, b) => a - b);
    results[broker] = {
      messages: latencies.length,
      p50Ms: round(percentile(sorted, 50), 2),
      p99Ms: round(percentile(sorted, 99), 2),
      meanMs: round(sorted.reduce((a, b) => a + b, 0) / sorted.length, 2),
      maxMs: round(sorted[sorted.length - 1], 2),
      messagesPerSecond: round(latencies.length / seconds, 0),
    };
    console.log(
      `${broker.padEnd(5)} p50 ${results[broker].p50Ms} ms  p99 ${results[broker].p99Ms} ms  (mean ${results[broker].meanMs}, max ${results[broker].maxMs}, ${results[broker].messagesPerSecond} msg/s, ${latencies.length} messages)`,
    );
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  loadAverage: os.loadavg().map((x) => round(x, 2)),
  method:
    "one process: generated publishEvent awaited per message (sequential), generated subscribeEvent handler; latency = handler call - publish call (performance.now()); 100 warm-up messages not counted",
  results,
};
if (out) {
  console.log(`wrote ${path.relative(process.cwd(), writeResult(out, report))}`);
}
