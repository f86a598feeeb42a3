#!/usr/bin/env node
/**
 * The hand-written baseline for bench/generated-vs-handwritten.mjs: GET /pets/:id of the petstore,
 * written directly on Fastify + better-sqlite3 with one prepared statement. It does what the
 * generated project does for that route and nothing more, so the benchmark measures what the
 * generated layers (routes -> handlers -> crud -> SqlRepository -> Kysely) cost:
 *   - the same Fastify and better-sqlite3 versions: both are loaded from the generated project's
 *     node_modules (GENERATED_PROJECT, required), through createRequire;
 *   - the same config: PORT (default 3000), HOST (default 127.0.0.1), DATABASE_URL (a file path),
 *     the same pragmas (journal_mode = WAL, foreign_keys = ON) and no logger (the generated server
 *     runs with LOG_LEVEL=silent);
 *   - the same schemas: params { id: integer }, response 200 = the Pet schema, 404 = ApiError,
 *     both registered by $id as the generated routes do, so Fastify validates the path parameter
 *     and serialises the answer with fast-json-stringify in both servers;
 *   - the same JSON: `tags` is parsed from its JSON text column, null columns are left out, a
 *     missing pet is 404 { code: "NOT_FOUND", message: "Pet <id> not found" }.
 * Also GET /healthz, so the benchmark can wait for it as it waits for the generated server.
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
const file = sqliteFile();

const db = new Database(file, { fileMustExist: true });
db.pragma("journal_mode = WAL");
db.pragma("foreign_keys = ON");
const selectPet = db.prepare("SELECT * FROM pet WHERE id = ?");

const app = Fastify({ logger: false });

app.addSchema({
  $id: "ApiError",
  type: "object",
  properties: { code: { type: "string" }, message: { type: "string" } },
  required: ["code", "message"],
});
app.addSchema({
  $id: "Pet",
  type: "object",
  properties: {
    id: { type: "integer" },
    name: { type: "string", minLength: 1, maxLength: 64 },
    species: { type: "string", enum: ["dog", "cat", "bird"] },
    age: { type: "integer", minimum: 0, maximum: 60 },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["id", "name", "species"],
});

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

await serveUntilStopped(app, { host, port, onClosed: () => db.close() });
