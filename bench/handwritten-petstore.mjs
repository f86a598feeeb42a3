#!/usr/bin/env node
/**
 * The hand-written baseline for bench/generated-vs-handwritten.mjs, written to issue 12's
 * description: Fastify 5 + better-sqlite3, logger off, WAL + synchronous=NORMAL, prepared statements,
 * Ajv (Fastify's own) validating params and body, fast-json-stringify serialising every answer
 * through response schemas. It serves what the benchmark calls on the generated petstore:
 *   GET  /pets/:id  200 Pet | 404 ApiError { code: "NOT_FOUND", message: "Pet <id> not found" }
 *   POST /pets      201 Pet (body PetCreate), 400 on a body the schema rejects
 *   GET  /healthz   for the benchmark to wait on
 * The same Fastify and better-sqlite3 as the generated project: both are loaded from its
 * node_modules (GENERATED_PROJECT, required). The same schemas (copied from the spec's constraints),
 * so both servers validate and serialise the same way; the same JSON (`tags` in a JSON text column,
 * null columns left out).
 *
 *   GENERATED_PROJECT=<dir> DATABASE_URL=<file.db> PORT=3001 node bench/handwritten-petstore.mjs
 */
import { sqliteFile } from "./common.mjs";
import { createPetSchema, petAnswer, petstoreApp, projectRequire, readPetSchema, serve } from "./handwritten-shared.mjs";

const require = projectRequire("better-sqlite3");
const Fastify = require("fastify");
const Database = require("better-sqlite3");

const db = new Database(sqliteFile(), { fileMustExist: true });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
const selectPet = db.prepare("SELECT id, name, species, age, tags FROM pet WHERE id = ?");
const insertPet = db.prepare("INSERT INTO pet (name, species, age, tags) VALUES (?, ?, ?, ?)");

const app = petstoreApp(Fastify);

app.get("/pets/:id", { schema: readPetSchema }, async (request, reply) => {
  const id = request.params.id;
  const row = selectPet.get(id);
  if (!row) return reply.code(404).send({ code: "NOT_FOUND", message: `Pet ${id} not found` });
  return petAnswer(row.id, row.name, row.species, row.age, row.tags === null ? null : JSON.parse(row.tags));
});

app.post("/pets", { schema: createPetSchema }, async (request, reply) => {
  const { name, species, age, tags } = request.body;
  const { lastInsertRowid } = insertPet.run(name, species, age ?? null, tags === undefined ? null : JSON.stringify(tags));
  return reply.code(201).send(petAnswer(Number(lastInsertRowid), name, species, age, tags));
});

await serve(app, () => db.close());
