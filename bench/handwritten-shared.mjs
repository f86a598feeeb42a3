/**
 * What the two hand-written baselines (handwritten-petstore.mjs on better-sqlite3,
 * handwritten-petstore-pg.mjs on pg) share: the generated project's packages, the Fastify app with
 * the petstore's schemas, the answer's shape and the address they serve on. Only the database
 * calls differ between them.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { serveUntilStopped } from "./common.mjs";

/** `require` from the generated project (GENERATED_PROJECT): the same Fastify and driver it runs on. */
export function projectRequire(driver) {
  const project = process.env.GENERATED_PROJECT;
  if (!project) {
    console.error(`GENERATED_PROJECT must name the generated petstore (its node_modules provide fastify and ${driver})`);
    process.exit(1);
  }
  return createRequire(path.join(path.resolve(project), "package.json"));
}

const petProperties = {
  name: { type: "string", minLength: 1, maxLength: 64 },
  species: { type: "string", enum: ["dog", "cat", "bird"] },
  age: { type: "integer", minimum: 0, maximum: 60 },
  tags: { type: "array", items: { type: "string" } },
};

/** The route schemas: GET /pets/:id and POST /pets, with the spec's constraints. */
export const readPetSchema = {
  params: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
  response: { 200: { $ref: "Pet#" }, 404: { $ref: "ApiError#" } },
};
export const createPetSchema = { body: { $ref: "PetCreate#" }, response: { 201: { $ref: "Pet#" } } };

/** A Fastify app (logger off) with the shared schemas and GET /healthz, for the benchmark to wait on. */
export function petstoreApp(Fastify, options = {}) {
  const app = Fastify({ logger: false, ...options });
  app.addSchema({
    $id: "ApiError",
    type: "object",
    properties: { code: { type: "string" }, message: { type: "string" } },
    required: ["code", "message"],
  });
  app.addSchema({
    $id: "Pet",
    type: "object",
    properties: { id: { type: "integer" }, ...petProperties },
    required: ["id", "name", "species"],
  });
  app.addSchema({ $id: "PetCreate", type: "object", properties: petProperties, required: ["name", "species"] });
  app.get("/healthz", async () => ({ status: "ok" }));
  return app;
}

/** A pet as the generated server answers it: an absent (null or undefined) age or tags is left out. */
export function petAnswer(id, name, species, age, tags) {
  const pet = { id, name, species };
  if (age !== null && age !== undefined) pet.age = age;
  if (tags !== null && tags !== undefined) pet.tags = tags;
  return pet;
}

/** Serves on HOST:PORT (127.0.0.1:3000) until SIGTERM or SIGINT. */
export function serve(app, onClosed) {
  return serveUntilStopped(app, { host: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 3000), onClosed });
}
