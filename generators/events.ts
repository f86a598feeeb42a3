/**
 * Events layer: typed publishers and subscribers for the spec's event operations
 * (@typespec-stack/events), docs/asyncapi.yaml, handlers in src/handlers/events/, `@emits` on HTTP
 * operations, /readyz and a clean drain on shutdown. This plugin holds everything that does not
 * depend on the broker; one small plugin per broker (below) adds the transport: src/generated/events/bus.ts.
 */
import { stringify } from "yaml";
import { definePlugin } from "../src/plugins/contract.ts";
import type { BackingService, StackContext, StackPlugin } from "../src/plugins/contract.ts";
import type { DependencyName } from "../src/versions.ts";
import { templatesDir } from "../src/tool.ts";
import { type PackageManager, packageManagerCommands } from "../src/post/package-manager.ts";
import { asyncApiDocument } from "../src/codegen/asyncapi.ts";
import { type Broker, BROKERS, brokerAddress, brokerPattern } from "../src/codegen/asyncapi-brokers.ts";
import { collectSchemas, reachableModels } from "../src/codegen/json-schema.ts";
import { declarations } from "../src/codegen/ts-types.ts";
import { routeView } from "../src/codegen/routes.ts";
import { invalidSample, sampleModel } from "../src/codegen/samples.ts";
import { sampleRequest } from "../src/codegen/test-view.ts";
import { camelCase, safeIdentifier, safeTypeName } from "../src/names.ts";

interface BrokerInfo {
  label: string;
  description: string;
  defaultUrl: string;
  /** Host:port the AsyncAPI server entry names. */
  host: string;
  dependencies: DependencyName[];
  devDependencies: DependencyName[];
  service: BackingService;
  /** README lines on pointing at a production broker. */
  production: string;
}

export const BROKER_INFO: Record<Broker, BrokerInfo> = {
  nats: {
    label: "NATS JetStream",
    description: "NATS with JetStream: a stream keeps the messages, a durable consumer per subscriber",
    defaultUrl: "nats://127.0.0.1:4222",
    host: "localhost:4222",
    dependencies: ["nats"],
    devDependencies: [],
    service: {
      name: "nats",
      image: "nats:2-alpine",
      ports: [4222, 8222],
      command: ["-js", "-sd", "/data", "-m", "8222"],
      healthcheck: ["CMD-SHELL", "wget -q -O - http://127.0.0.1:8222/healthz || exit 1"],
      dataPath: "/data",
      appEnv: { EVENTS_URL: "nats://nats:4222" },
    },
    production:
      "Set `EVENTS_URL` to your NATS servers (comma-separated `nats://host:4222` URLs; `tls://` for TLS, `nats://user:pass@host:4222` for credentials). JetStream must be enabled on the server (`-js`).",
  },
  mqtt: {
    label: "MQTT 5",
    description: "MQTT 5 (Mosquitto or any MQTT 5 broker), QoS 1, a shared subscription per subscriber",
    defaultUrl: "mqtt://127.0.0.1:1883",
    host: "localhost:1883",
    dependencies: ["mqtt"],
    devDependencies: [],
    service: {
      name: "mosquitto",
      image: "eclipse-mosquitto:2",
      ports: [1883],
      command: ["mosquitto", "-c", "/mosquitto-no-auth.conf"],
      healthcheck: ["CMD-SHELL", "mosquitto_sub -t '$$SYS/#' -C 1 -W 3 || exit 1"],
      dataPath: "/mosquitto/data",
      appEnv: { EVENTS_URL: "mqtt://mosquitto:1883" },
    },
    production:
      "Set `EVENTS_URL` to your broker (`mqtt://user:pass@host:1883`, or `mqtts://` for TLS). Set `EVENTS_CLIENT_ID` to a stable id per instance to keep a persistent session, so QoS 1 messages sent while the app is down are delivered when it is back.",
  },
  amqp: {
    label: "AMQP 0-9-1 (RabbitMQ)",
    description: "AMQP 0-9-1 (RabbitMQ): a topic exchange, a durable queue per subscriber, publisher confirms",
    defaultUrl: "amqp://guest:guest@127.0.0.1:5672",
    host: "localhost:5672",
    dependencies: ["amqplib"],
    devDependencies: [],
    service: {
      name: "rabbitmq",
      image: "rabbitmq:3-management-alpine",
      ports: [5672, 15672],
      healthcheck: ["CMD", "rabbitmq-diagnostics", "-q", "ping"],
      dataPath: "/var/lib/rabbitmq",
      appEnv: { EVENTS_URL: "amqp://guest:guest@rabbitmq:5672" },
    },
    production:
      "Set `EVENTS_URL` to your broker (`amqp://user:pass@host:5672/vhost`, or `amqps://` for TLS). `EVENTS_EXCHANGE` names the topic exchange (default `events`); queues are durable and named `<EVENTS_GROUP>.<operation>`.",
  },
};

function brokerOf(answers: StackContext["answers"]): Broker | undefined {
  return BROKERS.find((b) => b === answers.events);
}

/** Everything the broker-independent templates need, from the ApiModel. */
function eventsView(ctx: StackContext, broker: Broker) {
  const api = ctx.api;
  const events = api.events ?? [];
  const roots = events.map((e) => ({ type: { kind: "model" as const, name: e.message }, variant: "Read" as const }));
  const operations = events.map((e) => ({
    id: e.id,
    key: safeIdentifier(camelCase(e.id)),
    action: e.action,
    publish: e.action === "publish",
    channel: e.channel,
    address: brokerAddress(e.channel, broker),
    pattern: brokerPattern(e.channel, broker),
    parameters: e.parameters.map((p) => p.name),
    messageType: safeTypeName(e.message),
    schemaId: safeTypeName(e.message),
    messageKey: e.messageKey,
    doc: e.doc,
    sample: sampleModel(api, e.message, "Read"),
    // A message breaking one of the spec's rules (a number when the model has none to break).
    invalid: invalidSample(api, e.message, "Read") ?? { body: 42, field: "(message)", why: "not an object" },
  }));
  const httpOps = api.services.flatMap((s) => s.operations);
  const emitting = httpOps
    .filter((op) => (op.emits ?? []).length > 0)
    .map((op) => {
      const route = routeView(api, op);
      return {
        route: `${route.method} ${route.url}`,
        operationId: op.id,
        sample: sampleRequest(api, op),
        events: (op.emits ?? []).map((id) => {
          const event = operations.find((e) => e.id === id)!;
          return { key: event.key, properties: api.models[events.find((e) => e.id === id)!.message].properties.map((p) => p.jsonName) };
        }),
      };
    });
  return {
    broker,
    brokerLabel: BROKER_INFO[broker].label,
    defaultUrl: BROKER_INFO[broker].defaultUrl,
    operations,
    publishes: operations.filter((o) => o.publish),
    subscribes: operations.filter((o) => !o.publish),
    emitting,
    types: declarations(api, reachableModels(api, roots)),
    schemas: collectSchemas(api, roots),
    asyncapi: stringify(
      asyncApiDocument(api, {
        title: ctx.api.services[0]?.title ?? ctx.project.name,
        version: "0.1.0",
        description: ctx.project.description,
        broker,
        host: BROKER_INFO[broker].host,
      }),
      { lineWidth: 0 },
    ),
  };
}

function readme(ctx: StackContext, view: ReturnType<typeof eventsView>): string {
  const info = BROKER_INFO[view.broker];
  const rows = view.operations.map(
    (o) => `| \`${o.address}\` | ${o.publish ? "publish" : "subscribe"} | \`${o.key}\` | \`${o.messageType}\` |`,
  );
  const group = ctx.project.names.kebab;
  return [
    `Messages travel over ${info.label} at \`EVENTS_URL\` (default \`${info.defaultUrl}\`). The channels, as`,
    "[docs/asyncapi.yaml](docs/asyncapi.yaml) (AsyncAPI 3.0) describes them:",
    "",
    "| channel | this service | operation | message |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    // A spec that only subscribes has no publisher to show.
    ...(view.publishes.length > 0
      ? [
          "**Publish** with the typed publisher (the payload is checked by the compiler and validated at run",
          "time against the spec's constraints; an invalid one is rejected before it reaches the broker):",
          "",
          "```ts",
          'import { publishers } from "./generated/events/server.js";',
          `await publishers().${view.publishes[0]!.key}(${JSON.stringify(view.publishes[0]!.sample)});`,
          "```",
        ]
      : ["This service publishes on none of the channels."]),
    ...(view.emitting.length > 0
      ? [
          "",
          `HTTP operations marked \`@emits\` (${view.emitting.map((e) => `\`${e.route}\``).join(", ")}) publish their event after a 2xx answer, built from the response body.`,
        ]
      : []),
    "",
    "**Subscribe** by writing the handlers in `src/handlers/events/index.ts` (created once, yours to edit).",
    "Each message is validated first; the handler runs, and the message is acknowledged only after it",
    `succeeds. A message that is not valid, or whose handler fails \`EVENTS_MAX_ATTEMPTS\` times (default 3),`,
    `is moved to the dead-letter channel \`${brokerAddress("dead-letter.<EVENTS_GROUP>.<operation>", view.broker)}\` with an error log line;`,
    "the process never stops for a bad message.",
    "",
    `The connection is retried with backoff while the broker is away; \`/readyz\` answers 503 with`,
    '`"events": "unavailable"` until it is back. On SIGTERM the subscribers stop and the connection drains.',
    "",
    "| variable | meaning |",
    "| --- | --- |",
    `| \`EVENTS_URL\` | the broker (default \`${info.defaultUrl}\`) |`,
    `| \`EVENTS_GROUP\` | consumer group: subscribers sharing it share the work (default \`${group}\`) |`,
    "| `EVENTS_PREFIX` | first segment of every channel, to keep environments apart on one broker (default none; tests use a random one) |",
    "",
    `\`${packageManagerCommands(ctx.answers.packageManager as PackageManager | undefined).run("test")}\` needs the broker at \`EVENTS_URL\`: \`test/events.test.ts\` sends and`,
    "receives real messages on channels of its own (removed when it finishes), and `/readyz` is 503 without it.",
    "",
    `**Production broker**: ${info.production}`,
  ].join("\n");
}

export const events = definePlugin({
  name: "events",
  layer: "events",
  description: "Typed publishers and subscribers for the spec's event channels, and docs/asyncapi.yaml",
  templates: templatesDir("events"),
  userFiles: ["src/handlers/events/"],
  requires: ["server"],
  questions: [
    {
      name: "events",
      topic: "events",
      label: "Event broker",
      message: "Event broker for the spec's channels (@typespec-stack/events)",
      type: "select",
      choices: [
        { value: "none", description: "no messaging code (a spec's channels are left out)" },
        { value: "nats", description: BROKER_INFO.nats.description },
        { value: "mqtt", description: BROKER_INFO.mqtt.description },
        { value: "amqp", description: BROKER_INFO.amqp.description },
      ],
      // Asked only for a spec with event operations, which get NATS unless told otherwise.
      usesSpec: true,
      when: (_answers, api) => api === undefined || (api.events ?? []).length > 0,
      notApplicable: "here: the spec declares no event operations (@publish / @subscribe from @typespec-stack/events)",
      default: (_answers, api) => ((api?.events ?? []).length > 0 ? "nats" : "none"),
      defaultLabel: "nats if the spec has event operations",
    },
  ],
  enabled: (answers) => brokerOf(answers) !== undefined,
  contribute(ctx) {
    const broker = brokerOf(ctx.answers)!;
    const view = eventsView(ctx, broker);
    const info = BROKER_INFO[broker];
    return {
      dependencies: ["ajv", "ajv-formats", ...info.dependencies],
      devDependencies: info.devDependencies,
      env: [
        { name: "EVENTS_URL", description: `${info.label} broker the events layer connects to`, example: info.defaultUrl, secret: true },
        {
          name: "EVENTS_GROUP",
          description: "Consumer group: instances sharing it share the subscribers' work",
          example: ctx.project.names.kebab,
        },
        { name: "EVENTS_MAX_ATTEMPTS", description: "Handler attempts before a message goes to the dead-letter channel", example: "3" },
      ],
      readme: [{ title: "Events", body: readme(ctx, view) }],
      services: [info.service],
      serverExtensions: [{ from: "./generated/events/server.js", name: "eventsExtension" }],
      data: { ...view, group: ctx.project.names.kebab },
    };
  },
});

/** The transport for one broker: src/generated/events/bus.ts. */
function brokerPlugin(broker: Broker): StackPlugin {
  return definePlugin({
    name: `events-${broker}`,
    layer: "events",
    description: `${BROKER_INFO[broker].label} transport for the events layer`,
    templates: templatesDir(`events-${broker}`),
    requires: ["events"],
    enabled: (answers) => answers.events === broker,
  });
}

export const eventsNats = brokerPlugin("nats");
export const eventsMqtt = brokerPlugin("mqtt");
export const eventsAmqp = brokerPlugin("amqp");
