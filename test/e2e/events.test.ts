/**
 * The events layer end to end, for each broker, against the machine's NATS (4222), Mosquitto (1883)
 * and RabbitMQ (5672): the orders example (HTTP + events) is generated, built, passes its own tests
 * on the real broker, its docs/asyncapi.yaml parses with @asyncapi/parser with no errors, and the
 * running server, whose broker connection goes through a TCP hop this test cuts, receives the
 * messages published after it reconnected. Every run uses its own channel prefix.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Parser } from "@asyncapi/parser";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { BROKERS, type Broker } from "../../src/codegen/asyncapi-brokers.ts";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { requireServices } from "../helpers/services.ts";
import { repoRoot, run, runCli, startServer, tempDir } from "./cli-helpers.ts";

const BROKER_URL: Record<Broker, string> = {
  nats: "nats://127.0.0.1:4222",
  mqtt: "mqtt://127.0.0.1:1883",
  amqp: "amqp://guest:guest@127.0.0.1:5672",
};
const PORT: Record<Broker, number> = { nats: 4222, mqtt: 1883, amqp: 5672 };

/** A TCP hop between the server and the broker whose live connections can be cut. */
class Hop {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  cuts = 0;
  constructor(target: number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(target, "127.0.0.1");
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(from);
        from.pipe(to);
        from.on("error", () => {});
        from.on("close", () => {
          this.sockets.delete(from);
          to.destroy();
        });
      }
    });
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  /** Destroys every connection (the broker "drops" the client); new ones are still accepted. */
  cut(): number {
    const n = this.sockets.size;
    for (const socket of this.sockets) socket.destroy();
    this.cuts++;
    return n;
  }
  async stop(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Publishes paymentSettled messages with the generated publisher code, from a process of its own. */
const PROBE = `
import { connectBus } from "./dist/src/generated/events/bus.js";
import { eventSettings, publishEvent, waitUntilReady } from "./dist/src/generated/events/runtime.js";
const settings = eventSettings();
const quiet = { info() {}, warn() {}, error() {} };
const bus = connectBus(settings, quiet);
if (!(await waitUntilReady(bus, 10000))) throw new Error("no broker at " + settings.url);
const [tag, count] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  await publishEvent(bus, settings, "paymentSettled", { paymentId: tag + "-" + i, orderId: i + 1, amount: 10.5, settledAt: new Date().toISOString() });
}
await bus.close();
`;

let work: string;
beforeAll(async () => {
  await requireServices(...BROKERS);
  work = tempDir("events");
  await sharedNodeModules();
}, 600_000);
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the --events question", () => {
  const planned = (args: string[]) => {
    const result = runCli([path.join(work, "plan"), ...args, "--yes", "--dry-run", "--json"], { cwd: work });
    expect(result.code).toBe(0);
    const files = (JSON.parse(result.stdout).plan.files as { path: string }[]).map((f) => f.path);
    return { asyncapi: files.includes("docs/asyncapi.yaml"), bus: files.includes("src/generated/events/bus.ts") };
  };
  const orders = path.join(repoRoot, "examples", "orders");

  it("under --yes picks nats for a spec that declares channels, and none for one that does not", () => {
    expect(planned(["--spec", orders])).toEqual({ asyncapi: true, bus: true });
    expect(planned([])).toEqual({ asyncapi: false, bus: false });
  });

  it("--events is refused for a spec without event operations, saying why", () => {
    const result = runCli([path.join(work, "plan"), "--events", "nats", "--yes", "--dry-run"], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--events does not apply here: the spec declares no event operations");
  });

  it("--events none leaves a spec's channels out", () => {
    expect(planned(["--spec", orders, "--events", "none"])).toEqual({ asyncapi: false, bus: false });
  });

  it("--events with a broker that does not exist names the flag and the choices", () => {
    const result = runCli([path.join(work, "plan"), "--spec", orders, "--events", "kafka", "--yes", "--dry-run"], { cwd: work });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--events/);
    expect(result.stderr).toMatch(/nats/);
  });
});

describe.each(BROKERS)("events on %s", (broker) => {
  let project: string;
  const prefix = `e2e${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    project = path.join(work, `orders-${broker}`);
    const result = runCli(
      [project, "--spec", path.join(repoRoot, "examples", "orders"), "--events", broker, "--yes", "--no-install", "--no-git"],
      { cwd: work },
    );
    expect(result.stderr).not.toMatch(/error|warning/i);
    expect(result.code).toBe(0);
    await linkNodeModules(project);
    const build = run("npm", ["run", "build"], project);
    expect(build.stdout + build.stderr).not.toMatch(/error TS/);
    expect(build.code).toBe(0);
    fs.writeFileSync(path.join(project, "probe.mjs"), PROBE);
  }, 600_000);

  it("wires the broker: dependency, EVENTS_URL in .env.example, the handlers file, the README section", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8"));
    expect(pkg.dependencies[{ nats: "nats", mqtt: "mqtt", amqp: "amqplib" }[broker]]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies.ajv).toMatch(/^\d+\.\d+\.\d+$/);
    expect(fs.readFileSync(path.join(project, ".env.example"), "utf8")).toContain(`EVENTS_URL=${BROKER_URL[broker]}`);
    expect(fs.readFileSync(path.join(project, "src/handlers/events/index.ts"), "utf8")).toContain("async paymentSettled(message, ctx)");
    const readme = fs.readFileSync(path.join(project, "README.md"), "utf8");
    expect(readme).toContain("## Events");
    expect(readme).toContain("**Production broker**");
  });

  it("docs/asyncapi.yaml parses with @asyncapi/parser with no errors", async () => {
    const text = fs.readFileSync(path.join(project, "docs/asyncapi.yaml"), "utf8");
    const { document, diagnostics } = await new Parser().parse(text);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
    expect(document!.version()).toBe("3.0.0");
    expect(
      document!
        .operations()
        .all()
        .map((o) => `${o.id()} ${o.action()}`),
    ).toEqual(["orderCreated send", "paymentSettled receive"]);
    expect(document!.servers().all()[0].host()).toBe(`localhost:${PORT[broker]}`);
  });

  it("passes its own tests against the real broker", () => {
    const test = run("npm", ["test"], project, 300_000, { ...process.env, EVENTS_URL: BROKER_URL[broker] });
    const out = test.stdout + test.stderr;
    expect(out).toMatch(/ℹ fail 0/);
    expect(out).toMatch(/an invalid payload goes to the dead-letter channel/);
    expect(out).toMatch(/POST \/orders emits its event/);
    expect(test.code).toBe(0);
  }, 300_000);

  it("keeps receiving after the broker connection is cut: messages published after the reconnection arrive", async () => {
    const hop = new Hop(PORT[broker]);
    await hop.start();
    const hopUrl = BROKER_URL[broker].replace(`:${PORT[broker]}`, `:${hop.port}`);
    const server = await startServer(project, undefined, {
      EVENTS_URL: hopUrl,
      EVENTS_PREFIX: prefix,
      EVENTS_EPHEMERAL: "true",
      LOG_LEVEL: "info",
      DATABASE_URL: path.join(work, `${broker}.db`),
      MIGRATE_ON_START: "true",
    });
    const probe = (tag: string, count: number) => {
      const result = run(process.execPath, ["probe.mjs", tag, String(count)], project, 60_000, {
        ...process.env,
        EVENTS_URL: BROKER_URL[broker],
        EVENTS_PREFIX: prefix,
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    };
    const received = (tag: string, count: number) => () =>
      Array.from({ length: count }, (_, i) => `"paymentId":"${tag}-${i}"`).every((id) => server.output().includes(id));
    const readyz = async () => (await fetch(`${server.url}/readyz`)).status;
    try {
      await until(async () => (await readyz()) === 200, "the server is connected");
      probe("before", 3);
      await until(received("before", 3), "the messages sent before the cut arrive");

      expect(hop.cut()).toBeGreaterThan(0);
      await until(() => /connection lost: reconnecting/.test(server.output()), "the server notices the cut");
      await until(async () => (await readyz()) === 200, "the server is connected again");
      probe("after", 5);
      await until(received("after", 5), "the messages sent after the reconnection arrive");

      // The publishing side also works after the cut: an @emits create answers 201 and publishes.
      const created = await fetch(`${server.url}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ item: "book", quantity: 2 }),
      });
      expect(created.status).toBe(201);
      expect(server.output()).not.toMatch(/was not published/);
      expect(server.output()).not.toMatch(/dead-letter channel/);
    } finally {
      expect(await server.stop()).toBe(0);
      await hop.stop();
    }
    console.log(`${broker}: ${hop.cuts} cut, messages after reconnection received`);
  }, 120_000);
});
