/**
 * Pinned versions of every package a generated project may depend on. A plugin names its
 * dependencies from this map, so a name that isn't here does not compile, and one place
 * decides which versions our generated projects are tested with.
 */
export const dependencyVersions = {
  fastify: "5.12.8",
  "@fastify/multipart": "10.1.9",
  // Fastify's own schema compilers (the versions fastify resolves to, so npm installs them once),
  // named by the generated routes to compile each schema on first use.
  "@fastify/ajv-compiler": "4.0.8",
  "@fastify/fast-json-stringify-compiler": "5.2.0",
  "@types/node": "22.20.5",
  typescript: "5.9.3",
  tsx: "4.23.15",
  kysely: "0.29.9",
  "better-sqlite3": "13.2.0",
  "@types/better-sqlite3": "9.6.0",
  pg: "8.23.1",
  "@types/pg": "8.23.1",
  mysql2: "3.24.6",
  // node-redis's client alone: the `redis` package adds its JSON, search, time-series and bloom
  // modules (a third of its files), which the cache never uses and every start would load.
  "@redis/client": "6.3.1",
  jose: "6.2.18",
  "prom-client": "15.1.3",
  ajv: "8.20.0",
  "ajv-formats": "3.0.1",
  nats: "2.29.3",
  mqtt: "5.16.0",
  amqplib: "2.3.1",
  "@scalar/fastify-api-reference": "1.76.3",
  yaml: "2.9.1",
} as const;

export type DependencyName = keyof typeof dependencyVersions;
