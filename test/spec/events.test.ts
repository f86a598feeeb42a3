/**
 * @typespec-stack/events: the decorators read into the ApiModel, their misuse reported as TypeSpec
 * diagnostics with codes and locations, and the AsyncAPI 3.0 document built from the model parsed
 * by @asyncapi/parser with no errors.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { Parser } from "@asyncapi/parser";
import { stringify } from "yaml";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadApiModel } from "../../src/spec/index.ts";
import { asyncApiDocument } from "../../src/codegen/asyncapi.ts";
import { BROKERS } from "../../src/codegen/asyncapi-brokers.ts";
import { failure, removeSpecs, service, writeSpec } from "./tmp-spec.ts";

afterAll(removeSpecs);

const ORDERS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "orders", "main.tsp");

/** An HTTP service plus an events namespace outside it, from a user's folder without node_modules. */
function eventsSpec(events: string, http = `@route("/x") @get op x(): void;`): string {
  return writeSpec(
    `import "@typespec-stack/events";\n${service(http).replace("namespace Test;", "namespace Test {")}}\nusing TypeSpecStack.Events;\nnamespace Ev {\n${events}\n}\n`,
  );
}

describe("events in the ApiModel", () => {
  const load = loadApiModel(ORDERS, dirname(ORDERS));

  it("reads channels, directions, parameters and message keys", async () => {
    const api = await load;
    expect(api.events).toEqual([
      expect.objectContaining({
        id: "orderCreated",
        group: "OrderEvents",
        action: "publish",
        channel: "orders.{id}.created",
        parameters: [{ name: "id", type: { kind: "scalar", name: "int32" } }],
        message: "OrderCreated",
        messageKey: "id",
        location: { file: "main.tsp", line: expect.any(Number), column: expect.any(Number) },
      }),
      expect.objectContaining({
        id: "paymentSettled",
        action: "subscribe",
        channel: "payments.{orderId}.settled",
        parameters: [{ name: "orderId", type: { kind: "scalar", name: "int32" } }],
        message: "PaymentSettled",
        messageKey: "paymentId",
      }),
    ]);
    expect(api.models.OrderCreated.properties.map((p) => p.name)).toEqual(["id", "item", "quantity"]);
    expect(api.models.PaymentSettled.properties.find((p) => p.name === "amount")?.constraints).toEqual({ minValue: 0 });
  });

  it("binds @emits to the HTTP operation, and the event operations are not HTTP routes", async () => {
    const api = await load;
    const ops = api.services[0].operations;
    expect(ops.map((o) => o.id)).toEqual(["OrdersApi_list", "OrdersApi_read", "OrdersApi_create"]);
    expect(ops.find((o) => o.id === "OrdersApi_create")?.emits).toEqual(["orderCreated"]);
    expect(ops.find((o) => o.id === "OrdersApi_read")?.emits).toBeUndefined();
  });

  it("leaves a spec without the library as it was (no events)", async () => {
    const api = await loadApiModel(writeSpec(service(`@route("/x") @get op x(): void;`)));
    expect(api.events).toBeUndefined();
  });
});

describe("decorator misuse is a TypeSpec diagnostic with its code and location", () => {
  const cases: [string, string, RegExp][] = [
    [
      "an address with a wildcard",
      `model M { a: string; } @publish @channel("orders.*") op a(m: M): void;`,
      /main\.tsp:\d+:\d+ - error @typespec-stack\/events\/invalid-channel-address: channel address "orders\.\*"/,
    ],
    [
      "an empty segment",
      `model M { a: string; } @publish @channel("orders..x") op a(m: M): void;`,
      /invalid-channel-address: .*empty segment/,
    ],
    [
      "both directions",
      `model M { a: string; } @publish @subscribe @channel("a") op a(m: M): void;`,
      /conflicting-direction: operation "a"/,
    ],
    ["a channel without direction", `model M { a: string; } @channel("a") op a(m: M): void;`, /missing-direction: operation "a"/],
    [
      "a direction without channel",
      `model M { a: string; } @publish op a(m: M): void;`,
      /missing-channel: operation "a" is marked @publish/,
    ],
    [
      "two parameters",
      `model M { a: string; } @publish @channel("a") op a(m: M, n: M): void;`,
      /invalid-message: event operation "a" must take exactly one parameter/,
    ],
    ["a scalar message", `@publish @channel("a") op a(m: string): void;`, /invalid-message/],
    [
      "a parameter the message lacks",
      `model M { a: string; } @publish @channel("x.{b}") op a(m: M): void;`,
      /unknown-channel-parameter: channel parameter \{b\} of "x\.\{b\}" is not a required string or numeric property of message model M/,
    ],
    ["an optional parameter property", `model M { b?: string; } @publish @channel("x.{b}") op a(m: M): void;`, /unknown-channel-parameter/],
    [
      "a boolean message key",
      `model M { @messageKey b: boolean; } @publish @channel("a") op a(m: M): void;`,
      /invalid-message-key: @messageKey on "b"/,
    ],
    [
      "two message keys",
      `model M { @messageKey a: string; @messageKey b: string; } @publish @channel("a") op a(m: M): void;`,
      /duplicate-message-key: model M has more than one @messageKey property \("a" and "b"\)/,
    ],
  ];
  for (const [what, events, expected] of cases) {
    it(what, async () => {
      const error = await failure(loadApiModel(eventsSpec(events)));
      expect(error.code).toBe("spec-invalid");
      expect(error.details.join("\n")).toMatch(expected);
    });
  }

  it("an event operation inside the @service namespace", async () => {
    const spec = writeSpec(
      `import "@typespec-stack/events";\n${service(`using TypeSpecStack.Events;\nmodel M { a: string; }\n@route("/x") @get op x(): void;\n@publish @channel("a") op a(m: M): void;`)}`,
    );
    const error = await failure(loadApiModel(spec));
    expect(error.details.join("\n")).toMatch(
      /main\.tsp:\d+:\d+ - error @typespec-stack\/events\/event-operation-in-service: event operation "a" is inside the @service namespace Test/,
    );
  });

  it("@emits of a model no operation publishes", async () => {
    const spec = writeSpec(
      `import "@typespec-stack/events";\nimport "@typespec/http";\nusing Http;\nusing TypeSpecStack.Events;\nmodel E { a: string; }\n@service namespace Test { @route("/x") @post @emits(E) op x(): { a: string }; }\n`,
    );
    const error = await failure(loadApiModel(spec));
    expect(error.details.join("\n")).toMatch(/emits-without-publisher: @emits\(E\) on "x": no @publish operation sends E/);
  });

  it("@emits on an event operation", async () => {
    const error = await failure(loadApiModel(eventsSpec(`model M { a: string; } @publish @channel("a") @emits(M) op a(m: M): void;`)));
    expect(error.details.join("\n")).toMatch(/emits-on-event-operation: @emits on "a"/);
  });

  it("@emits whose event needs a property the 2xx body lacks", async () => {
    const spec = writeSpec(
      `import "@typespec-stack/events";\nimport "@typespec/http";\nusing Http;\nusing TypeSpecStack.Events;\nmodel E { a: string; b: string; }\n@service namespace Test { model R { a: string; } @route("/x") @post @emits(E) op x(): R; }\nnamespace Ev { @publish @channel("e") op e(m: E): void; }\n`,
    );
    const error = await failure(loadApiModel(spec));
    expect(error.code).toBe("spec-unsupported");
    expect(error.details.join("\n")).toMatch(
      /main\.tsp:\d+:\d+ - @emits\(E\) on "x": the event is built from the 2xx response body, which lacks "b"/,
    );
  });
});

describe("AsyncAPI 3.0", () => {
  for (const broker of BROKERS) {
    it(`parses with @asyncapi/parser with no errors (${broker})`, async () => {
      const api = await loadApiModel(ORDERS, dirname(ORDERS));
      const doc = asyncApiDocument(api, { title: "Orders", version: "0.1.0", broker, host: "localhost:1234" });
      const { document, diagnostics } = await new Parser().parse(stringify(doc));
      expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
      expect(document).toBeDefined();
      const ops = document!.operations().all();
      expect(ops.map((o) => [o.id(), o.action()])).toEqual([
        ["orderCreated", "send"],
        ["paymentSettled", "receive"],
      ]);
      const created = document!.channels().get("ordersIdCreated")!;
      expect(created.address()).toBe(broker === "mqtt" ? "orders/{id}/created" : "orders.{id}.created");
      expect(created.parameters().get("id")?.location()).toBe("$message.payload#/id");
      const payload = document!
        .messages()
        .all()
        .find((m) => m.name() === "OrderCreated")!
        .payload()!;
      expect(payload.required()).toEqual(["id", "item", "quantity"]);
      expect(payload.properties()!.item.minLength()).toBe(1);
      expect(payload.properties()!.quantity.maximum()).toBe(100);
      expect(document!.servers().all()[0].protocol()).toBe({ nats: "nats", mqtt: "mqtt5", amqp: "amqp" }[broker]);
    });
  }
});
