/**
 * AsyncAPI 3.0 document for the event operations: channels with their parameters, operations
 * (publish → send, subscribe → receive, from this service's side), messages, and the message
 * models as component schemas built by the same code as the HTTP JSON schemas, so both documents
 * state the same constraints.
 */
import { own } from "../names.ts";
import type { ApiModel, EventOperation } from "../spec/model.ts";
import { type JsonSchema, collectSchemas } from "./json-schema.ts";
import { type Broker, brokerAddress, brokerProtocol } from "./asyncapi-brokers.ts";

export interface AsyncApiOptions {
  title: string;
  version: string;
  description?: string;
  broker: Broker;
  /** Host (and port) of the broker the document points at, e.g. "localhost:4222". */
  host: string;
}

/** `{ $ref: "Order#" }` (Fastify's shared-schema form) → `{ $ref: "#/components/schemas/Order" }`; `$id` dropped. */
function componentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(componentRefs);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "$id") continue;
    if (key === "$ref" && typeof inner === "string" && inner.endsWith("#")) out.$ref = `#/components/schemas/${inner.slice(0, -1)}`;
    else out[key] = componentRefs(inner);
  }
  return out;
}

/** A channel id per distinct address, in first-use order: "orders.{id}.created" → "ordersIdCreated". */
export function channelIds(events: EventOperation[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const event of events) {
    if (ids.has(event.channel)) continue;
    const words = event.channel.split(/[^A-Za-z0-9]+/).filter(Boolean);
    const base =
      words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("") ||
      "channel";
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
    taken.add(id);
    ids.set(event.channel, id);
  }
  return ids;
}

export function asyncApiDocument(api: ApiModel, options: AsyncApiOptions): Record<string, unknown> {
  const events = api.events ?? [];
  const ids = channelIds(events);
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const event of events) {
    const channelId = ids.get(event.channel)!;
    const model = api.models[event.message];
    messages[event.message] ??= {
      name: event.message,
      title: event.message,
      contentType: "application/json",
      ...(model?.doc ? { summary: model.doc } : {}),
      payload: { $ref: `#/components/schemas/${event.message}` },
    };
    // Own keys only: a channel called `constructor` is made here, not found on Object.prototype.
    const channel = (channels[channelId] = own(channels, channelId) ?? {
      address: brokerAddress(event.channel, options.broker),
      messages: {},
      ...(event.parameters.length > 0
        ? {
            parameters: Object.fromEntries(
              event.parameters.map((p) => [
                p.name,
                { description: `The message's \`${p.name}\`.`, location: `$message.payload#/${p.name}` },
              ]),
            ),
          }
        : {}),
    }) as { messages: Record<string, unknown> };
    channel.messages[event.message] = { $ref: `#/components/messages/${event.message}` };
    operations[event.id] = {
      action: event.action === "publish" ? "send" : "receive",
      channel: { $ref: `#/channels/${channelId}` },
      messages: [{ $ref: `#/channels/${channelId}/messages/${event.message}` }],
      ...(event.doc ? { summary: event.doc } : {}),
    };
  }
  const schemas = collectSchemas(
    api,
    events.map((e) => ({ type: { kind: "model" as const, name: e.message }, variant: "Read" as const })),
  );
  return {
    asyncapi: "3.0.0",
    info: { title: options.title, version: options.version, ...(options.description ? { description: options.description } : {}) },
    defaultContentType: "application/json",
    servers: {
      local: {
        host: options.host,
        protocol: brokerProtocol(options.broker),
        description: "The broker at EVENTS_URL (this is its default)",
      },
    },
    channels,
    operations,
    components: { messages, schemas: componentRefs(schemas) as Record<string, JsonSchema> },
  };
}
