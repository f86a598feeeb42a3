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
import { createRequire } from "node:module";
import path from "node:path";
import { serveUntilStopped, sqliteFile } from "./common.mjs";

const project = process.env.GENERATED_PROJECT;
if (!project) {
  console.error("GENERATED_PROJECT must name the generated petstore (its node_modules provide fastify and better-sqlite3)");
  process.exit(1);
}
const require = createRequire(path.join(path.resolve(project), "package.json"));
const Fastify = require("fastify");
const Database = require("better-sqlite3");

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

const db = new Database(sqliteFile(), { fileMustExist: true });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
const selectPet = db.prepare("SELECT id, name, species, age, tags FROM pet WHERE id = ?");
const insertPet = db.prepare("INSERT INTO pet (name, species, age, tags) VALUES (?, ?, ?, ?)");

const app = Fastify({ logger: false });

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
    const row = selectPet.get(id);
    if (!row) return reply.code(404).send({ code: "NOT_FOUND", message: `Pet ${id} not found` });
    const pet = { id: row.id, name: row.name, species: row.species };
    if (row.age !== null) pet.age = row.age;
    if (row.tags !== null) pet.tags = JSON.parse(row.tags);
    return pet;
  },
);

app.post("/pets", { schema: { body: { $ref: "PetCreate#" }, response: { 201: { $ref: "Pet#" } } } }, async (request, reply) => {
  const { name, species, age, tags } = request.body;
  const { lastInsertRowid } = insertPet.run(name, species, age ?? null, tags === undefined ? null : JSON.stringify(tags));
  const pet = { id: Number(lastInsertRowid), name, species };
  if (age !== undefined) pet.age = age;
  if (tags !== undefined) pet.tags = tags;
  return reply.code(201).send(pet);
});

await serveUntilStopped(app, { host, port, onClosed: () => db.close() });
