/**
 * Replays the requests of @typespec/spec-api mock APIs (each http-specs scenario's mockapi.js lists
 * requests with method, uri, headers, query, body and the answer the mock server gives) against a
 * generated project's real server. Every server listens on a free port in one child process, built
 * from the project's compiled JavaScript (not inside jest's module sandbox), and is closed after
 * its scenario. The caller classifies the answers.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execNode } from "./project-batch.ts";

export interface ReplayProject {
  name: string;
  /** Where tsc wrote the project's JavaScript (src/server.js lives under it). */
  emitted: string;
  /** The scenario's mockapi.js. */
  mockapi: string;
}

export interface ReplayedRequest {
  project: string;
  /** The mock API's scenario name (`Type_Array_Int32Value_get`). */
  scenario: string;
  method: string;
  /** The URL sent, without the server's origin. */
  url: string;
  /** What the mock server answers: the status a correct server gives. */
  expected: number;
  /** What the generated server answered (0: no answer). */
  status: number;
  /** The start of its answer's body. */
  body: string;
  /** Set when the mock's definition lacks what its own handler needs (so no server could accept it as sent). */
  incomplete?: string;
}

export interface ReplayOutcome {
  requests: ReplayedRequest[];
  /** project -> why its mock API could not be loaded or its server not started. */
  failures: Map<string, string>;
}

const SCRIPT = `import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [jobsFile, outFile] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, "utf8"));
const requests = [];
const failures = {};

/** A mock body's text: json(...) bodies hold a resolver that serialises them for a base URL. */
function rawOf(body, base) {
  const raw = body.rawContent;
  if (raw && typeof raw === "object" && typeof raw.serialize === "function") return raw.serialize({ baseUrl: base });
  return raw;
}

function partText(value) {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function toFetch(api, base) {
  // Express-style escapes in mock URIs (\\\\:) stand for a literal colon.
  let uri = api.uri.replace(/\\\\:/g, ":");
  for (const [name, value] of Object.entries(api.request?.pathParams ?? {})) uri = uri.replace(":" + name, encodeURIComponent(String(value)));
  const url = new URL(base + uri);
  for (const [name, value] of Object.entries(api.request?.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, partText(item));
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(api.request?.headers ?? {})) headers.set(name, String(value));
  const init = { method: api.method.toUpperCase(), headers, signal: AbortSignal.timeout(15000) };
  const body = api.request?.body;
  if (body?.kind === "multipart") {
    const form = new FormData();
    for (const [name, value] of Object.entries(body.parts ?? {})) {
      for (const item of Array.isArray(value) && value.every((v) => typeof v !== "object") ? value : [value]) form.append(name, partText(item));
    }
    for (const file of body.files ?? []) form.append(file.fieldname, new Blob([file.buffer], { type: file.mimetype }), file.originalname ?? file.fieldname);
    headers.delete("content-type");
    init.body = form;
  } else if (body) {
    const raw = rawOf(body, base);
    if (raw !== undefined) init.body = raw;
    if (!headers.has("content-type") && body.contentType) headers.set("content-type", body.contentType);
  }
  // Some definitions name a multipart content type but carry no parts (the mock's handler reads
  // files the real test client sends): replayed as is, such a request has no boundary and no body.
  const incomplete = !body && /^multipart\\//i.test(headers.get("content-type") ?? "") ? "multipart content type without parts" : undefined;
  return { url, init, incomplete };
}

for (const job of jobs) {
  let app;
  try {
    const { Scenarios } = await import(pathToFileURL(job.mockapi).href);
    const { buildServer } = await import(pathToFileURL(job.server).href);
    app = await buildServer({ logger: false });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    for (const [scenario, mock] of Object.entries(Scenarios)) {
      for (const api of mock.apis ?? []) {
        const { url, init, incomplete } = toFetch(api, base);
        const entry = { project: job.name, scenario, method: init.method, url: url.pathname + url.search, expected: api.response.status, status: 0, body: "", incomplete };
        try {
          const response = await fetch(url, init);
          entry.status = response.status;
          entry.body = (await response.text()).slice(0, 400);
        } catch (error) {
          entry.body = String(error?.cause ?? error);
        }
        requests.push(entry);
      }
    }
  } catch (error) {
    failures[job.name] = String(error?.stack ?? error);
  } finally {
    await app?.close();
  }
}
writeFileSync(outFile, JSON.stringify({ requests, failures }));
`;

export async function replayMockApis(root: string, projects: ReplayProject[]): Promise<ReplayOutcome> {
  const script = join(root, "replay-mockapis.mjs");
  const jobs = join(root, "replay-jobs.json");
  const out = join(root, "replay-results.json");
  await writeFile(script, SCRIPT);
  await writeFile(
    jobs,
    JSON.stringify(projects.map((p) => ({ name: p.name, mockapi: p.mockapi, server: join(p.emitted, "src", "server.js") }))),
  );
  const { code, output } = await execNode(script, [jobs, out], root, 10 * 60 * 1000);
  if (code !== 0) throw new Error(`replay-mockapis.mjs exited with ${code}: ${output}`);
  const result = JSON.parse(await readFile(out, "utf8")) as { requests: ReplayedRequest[]; failures: Record<string, string> };
  return { requests: result.requests, failures: new Map(Object.entries(result.failures)) };
}
