/**
 * The local services the end-to-end tests run against. No machine is assumed to have them running:
 * a test file calls `requireServices` first, so a missing one fails with its name, its address and
 * the command that starts it, not with a driver's ECONNREFUSED three layers down.
 */
import net from "node:net";

/** Each service the tests use; `setup` is its name in ../shared/bin/services.sh and dev/compose.yaml. */
export const services = {
  postgres: { label: "PostgreSQL", port: 5432, setup: "postgres" },
  mysql: { label: "MariaDB (MySQL)", port: 3306, setup: "mariadb" },
  redis: { label: "Redis", port: 6379, setup: "redis" },
  nats: { label: "NATS with JetStream", port: 4222, setup: "nats" },
  mqtt: { label: "Mosquitto (MQTT)", port: 1883, setup: "mosquitto" },
  amqp: { label: "RabbitMQ (AMQP)", port: 5672, setup: "rabbitmq" },
} as const;

export type Service = keyof typeof services;

function answers(port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** The message a test fails with when `service` does not answer. */
export function unavailableMessage(service: Service): string {
  const { label, port, setup: name } = services[service];
  return (
    `${label} does not answer on 127.0.0.1:${port}; this test runs against the real server. ` +
    `Start it: \`bash ../shared/bin/services.sh ${name}\` on the project's machines (as .ci/run does), ` +
    `\`docker compose -f dev/compose.yaml up --detach --wait ${name}\` with Docker, ` +
    `or the Debian commands in README.md ("Set up this repository").`
  );
}

/** Throws, naming each service that does not answer and how to start it. */
export async function requireServices(...wanted: Service[]): Promise<void> {
  const missing: Service[] = [];
  for (const service of wanted) if (!(await answers(services[service].port))) missing.push(service);
  if (missing.length > 0) throw new Error(missing.map(unavailableMessage).join("\n"));
}
