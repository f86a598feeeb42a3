/**
 * How a channel address ("orders.{id}.created") looks on each broker: NATS subjects and AMQP
 * topic routing keys use dots as TypeSpec does; MQTT topics use slashes. Wildcards follow suit.
 */
export type Broker = "nats" | "mqtt" | "amqp";

export const BROKERS: readonly Broker[] = ["nats", "mqtt", "amqp"];

export function brokerAddress(address: string, broker: Broker): string {
  return broker === "mqtt" ? address.split(".").join("/") : address;
}

/** The address with every parameter replaced by the broker's one-segment wildcard. */
export function brokerPattern(address: string, broker: Broker): string {
  const wildcard = broker === "mqtt" ? "+" : "*";
  return brokerAddress(
    address
      .split(".")
      .map((s) => (/^\{\w+\}$/.test(s) ? wildcard : s))
      .join("."),
    broker,
  );
}

/** AsyncAPI's protocol name for each broker. */
export function brokerProtocol(broker: Broker): string {
  return { nats: "nats", mqtt: "mqtt5", amqp: "amqp" }[broker];
}
