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
import { createPetSchema, petAnswer, petstoreApp, projectRequire, readPetSchema, serve } from "./handwritten-shared.mjs";

const require = projectRequire("pg");
const Fastify = require("fastify");
const pg = require("pg");

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
const app = petstoreApp(Fastify, { ajv: { customOptions: { allErrors: true } } });
app.addHook("onClose", () => pool.end());

// Errors in the spec's ApiError shape: { code: "BAD_REQUEST", message } for a body the schema rejects.
app.setErrorHandler((error, _request, reply) => {
  const status = error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  const title = STATUS_CODES[status] ?? "Error";
  reply.code(status).send({ code: title.toUpperCase().replace(/[^A-Z0-9]+/g, "_"), message: status < 500 ? error.message : title });
});

app.get("/pets/:id", { schema: readPetSchema }, async (request, reply) => {
  const id = request.params.id;
  const { rows } = await pool.query({ ...selectPet, values: [id] });
  const row = rows[0];
  if (!row) return reply.code(404).send({ code: "NOT_FOUND", message: `Pet ${id} not found` });
  // pg parses jsonb itself.
  return petAnswer(row.id, row.name, row.species, row.age, row.tags);
});

app.post("/pets", { schema: createPetSchema }, async (request, reply) => {
  const { name, species, age, tags } = request.body;
  // jsonb takes JSON text: pg would send a JS array as a PostgreSQL array literal.
  const values = [name, species, age ?? null, tags === undefined ? null : JSON.stringify(tags)];
  const { rows } = await pool.query({ ...insertPet, values });
  return reply.code(201).send(petAnswer(rows[0].id, name, species, age, tags));
});

await serve(app);
