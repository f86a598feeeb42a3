#!/usr/bin/env node
/**
 * The hand-written baseline for `bench/generated-vs-handwritten.mjs --db postgres`: the PostgreSQL
 * twin of handwritten-petstore.mjs. Fastify 5 + a `pg` Pool, logger off, named (prepared)
 * statements for the read by key and for INSERT ... RETURNING, Ajv (Fastify's own) validating
 * params and body, fast-json-stringify serialising every answer through response schemas. It
 * serves what the benchmark calls on the generated petstore:
 *   GET  /pets/:id  200 Pet | 404 ApiError { code: "NOT_FOUND", message: "Pet <id> not found" }
 *   POST /pets      201 Pet (body PetCreate) | 400 ApiError { code: "BAD_REQUEST", message: <every failing field> }
 *   GET  /healthz   for the benchmark to wait on
 * The same Fastify and pg as the generated project: both are loaded from its node_modules
 * (GENERATED_PROJECT, required). The same schemas, and the same bodies as the generated server,
 * 400s included (Ajv's allErrors, as the generated server sets it, so the message names every
 * failing field); the same table (`tags` jsonb, null columns left out of the answer). The pool is
 * as large as the generated default (DATABASE_POOL_SIZE, 10).
 *
 *   GENERATED_PROJECT=<dir> DATABASE_URL=postgres://... PORT=3001 node bench/handwritten-petstore-pg.mjs
 */
import { STATUS_CODES } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { serveUntilStopped } from "./common.mjs";

const project = process.env.GENERATED_PROJECT;
if (!project) {
  console.error("GENERATED_PROJECT must name the generated petstore (its node_modules provide fastify and pg)");
  process.exit(1);
}
const require = createRequire(path.join(path.resolve(project), "package.json"));
const Fastify = require("fastify");
const pg = require("pg");

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/app",
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
// Named: each pooled connection parses and plans them once, then only binds values.
const selectPet = { name: "select-pet", text: "SELECT id, name, species, age, tags FROM pet WHERE id = $1" };
const insertPet = {
  name: "insert-pet",
  text: "INSERT INTO pet (name, species, age, tags) VALUES ($1, $2, $3, $4) RETURNING id",
};

// allErrors: a 400 names every failing field, as the generated server's does (the same body).
const app = Fastify({ logger: false, ajv: { customOptions: { allErrors: true } } });
app.addHook("onClose", () => pool.end());

// Errors in the spec's ApiError shape: { code: "BAD_REQUEST", message } for a body the schema rejects.
app.setErrorHandler((error, _request, reply) => {
  const status = error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  const title = STATUS_CODES[status] ?? "Error";
  reply.code(status).send({ code: title.toUpperCase().replace(/[^A-Z0-9]+/g, "_"), message: status < 500 ? error.message : title });
});

const petProperties = {
  name: { type: "string", minLength: 1, maxLength: 64 },
  species: { type: "string", enum: ["dog", "cat", "bird"] },
  age: { type: "integer", minimum: 0, maximum: 60 },
  tags: { type: "array", items: { type: "string" } },
};
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

app.get(
  "/pets/:id",
  {
    schema: {
      params: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
      response: { 200: { $ref: "Pet#" }, 404: { $ref: "ApiError#" } },
    },
  },
  async (request, reply) => {
    const id = request.params.id;
    const { rows } = await pool.query({ ...selectPet, values: [id] });
    const row = rows[0];
    if (!row) return reply.code(404).send({ code: "NOT_FOUND", message: `Pet ${id} not found` });
    // pg parses jsonb itself; a null column is left out, as the generated server does.
    const pet = { id: row.id, name: row.name, species: row.species };
    if (row.age !== null) pet.age = row.age;
    if (row.tags !== null) pet.tags = row.tags;
    return pet;
  },
);

app.post("/pets", { schema: { body: { $ref: "PetCreate#" }, response: { 201: { $ref: "Pet#" } } } }, async (request, reply) => {
  const { name, species, age, tags } = request.body;
  // jsonb takes JSON text: pg would send a JS array as a PostgreSQL array literal.
  const values = [name, species, age ?? null, tags === undefined ? null : JSON.stringify(tags)];
  const { rows } = await pool.query({ ...insertPet, values });
  const pet = { id: rows[0].id, name, species };
  if (age !== undefined) pet.age = age;
  if (tags !== undefined) pet.tags = tags;
  return reply.code(201).send(pet);
});

await serveUntilStopped(app, { host, port });
