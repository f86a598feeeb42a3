/**
 * The Go target's monitoring and docs layers against a live Go server, beside the TypeScript
 * server of the same spec: GET /metrics counts requests under their route template, METRICS_TOKEN
 * refuses a scrape as the TypeScript server does, and /openapi.json is the TypeScript target's
 * document.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { type ServedProject, runCli, servedProject, startGoServer, tempDir } from "./cli-helpers.ts";

const TOKEN = "e2e-metrics-token";

let work: string;
let project: string;
let goUrl: string;
let stopGo: () => void;
let typescript: ServedProject;

beforeAll(async () => {
  work = tempDir("go-observability");
  project = path.join(work, "observed");
  const generated = runCli([project, "--target", "go", "--yes", "--no-install", "--no-git"], { cwd: work });
  expect(generated.code).toBe(0);
  const server = await startGoServer(project, { METRICS_TOKEN: TOKEN });
  stopGo = server.stop;
  goUrl = server.url;
  // The TypeScript server reads METRICS_TOKEN from the environment it is started with.
  process.env.METRICS_TOKEN = TOKEN;
  try {
    typescript = await servedProject("ts-observed", ["--deploy", "none"]);
  } finally {
    delete process.env.METRICS_TOKEN;
  }
}, 300_000);

afterAll(async () => {
  stopGo?.();
  await typescript?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const scrape = async (base: string) => {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
};

/** The value of one series in a scrape (0 when it is not there yet). */
const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

describe("GET /metrics of a Go server", () => {
  it("counts each request under its route template, as the TypeScript server labels it", async () => {
    const before = await scrape(goUrl);
    for (const id of [1, 2, 3]) await fetch(`${goUrl}/pets/${id}`);
    await fetch(`${goUrl}/no/such/${Date.now()}`);
    const after = await scrape(goUrl);
    // No such pet: the Go CRUD answers 404 (SQLite by default, as the TypeScript server).
    const read = 'method="GET",route="/pets/:id",status_code="404"';
    const unmatched = 'method="GET",route="unmatched",status_code="404"';
    expect(sample(after, `http_requests_total{${read}}`) - sample(before, `http_requests_total{${read}}`)).toBe(3);
    expect(sample(after, `http_request_duration_seconds_count{${read}}`)).toBe(sample(after, `http_requests_total{${read}}`));
    expect(sample(after, `http_request_duration_seconds_bucket{${read},le="+Inf"}`)).toBe(sample(after, `http_requests_total{${read}}`));
    expect(sample(after, `http_requests_total{${unmatched}}`) - sample(before, `http_requests_total{${unmatched}}`)).toBe(1);
    // No series of a raw URL: the ids never become labels.
    expect(after).not.toMatch(/route="\/pets\/\d/);
    expect(sample(after, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(sample(after, "go_goroutines")).toBeGreaterThan(0);

    // The TypeScript server labels the same request the same way.
    await fetch(`${typescript.url}/pets/1`);
    expect(await scrape(typescript.url)).toMatch(/^http_requests_total\{method="GET",route="\/pets\/:id",status_code="404"\} \d+$/m);
  });

  it.each([["none"], ["Bearer wrong"], [TOKEN]])("refuses a scrape with authorization %s as the TypeScript server does", async (given) => {
    const ask = async (base: string) => {
      const response = await fetch(`${base}/metrics`, { headers: given === "none" ? {} : { authorization: given } });
      return { status: response.status, challenge: response.headers.get("www-authenticate"), body: await response.json() };
    };
    const fromGo = await ask(goUrl);
    expect(fromGo.status).toBe(401);
    expect(fromGo).toEqual(await ask(typescript.url));
  });
});

describe("the Go server's API document", () => {
  it("serves at /openapi.json the TypeScript target's document, also written to docs/openapi.yaml", async () => {
    const served = await fetch(`${goUrl}/openapi.json`);
    expect([served.status, served.headers.get("content-type")]).toEqual([200, "application/json; charset=utf-8"]);
    const document = (await served.json()) as { paths: Record<string, unknown> };
    const fromTypescript = await (await fetch(`${typescript.url}/openapi.json`)).json();
    expect(document).toEqual(fromTypescript);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/pets", "/pets/{id}"]));
    const yaml = (dir: string) => fs.readFileSync(path.join(dir, "docs", "openapi.yaml"), "utf8");
    expect(yaml(project)).toBe(yaml(typescript.project));
    expect(parse(yaml(project))).toEqual(document);
  });
});

describe("request ids of a Go server", () => {
  it.each([["trace-42.a"], ["not a token!"], ["x".repeat(129)]])("answer x-request-id %s as the TypeScript server does", async (given) => {
    const id = async (base: string) => (await fetch(`${base}/healthz`, { headers: { "x-request-id": given } })).headers.get("x-request-id");
    const [fromGo, fromTypescript] = [await id(goUrl), await id(typescript.url)];
    // A plain token is kept; anything else is replaced by the server's random prefix and a counter.
    if (given === "trace-42.a") expect([fromGo, fromTypescript]).toEqual([given, given]);
    else for (const made of [fromGo, fromTypescript]) expect(made).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
  });
});
