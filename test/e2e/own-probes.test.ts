/**
 * A spec that declares its own `/readyz` and `/metrics` (test/fixtures/specs/own-probes): the server
 * boots (it failed: "Method 'GET' already declared for route '/readyz'"), the spec's routes answer
 * as the spec's (501 until written), the built-in ones answer under /_stack/, and the Kubernetes
 * probes and scrape annotation point there; the project passes its own generated tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { type ServedProject, repoRoot, run, servedProject } from "./cli-helpers.ts";

const SPEC = path.join(repoRoot, "test", "fixtures", "specs", "own-probes");

let served: ServedProject;

beforeAll(async () => {
  served = await servedProject("probes", ["--spec", SPEC, "--deploy", "kubernetes"]);
}, 240_000);

afterAll(() => served?.close());

describe("a spec with its own /readyz and /metrics", () => {
  it("serves the spec's routes there and the built-in ones under /_stack/", async () => {
    const own = await fetch(`${served.url}/readyz`);
    expect(own.status).toBe(501);
    expect(await own.text()).toMatch(/readiness is not implemented yet/);
    expect((await fetch(`${served.url}/metrics`)).status).toBe(501);
    const ready = await fetch(`${served.url}/_stack/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", checks: { storage: "ok" } }]);
    const metrics = await fetch(`${served.url}/_stack/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^http_requests_total\{method="GET",route="\/readyz",status_code="501"\} 1$/m);
    // /healthz is not the spec's: it stays where it is.
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
  });

  it("points the probes and the scrape annotation at the moved routes", () => {
    const documents = parseAllDocuments(fs.readFileSync(path.join(served.project, "deploy", "k8s", "base", "deployment.yaml"), "utf8")).map(
      (d) => d.toJS(),
    );
    const deployment = documents.find((d) => d.kind === "Deployment");
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations["prometheus.io/path"]).toBe("/_stack/metrics");
    expect(pod.spec.containers[0].readinessProbe.httpGet.path).toBe("/_stack/readyz");
    expect(pod.spec.containers[0].livenessProbe.httpGet.path).toBe("/healthz");
    expect(fs.readFileSync(path.join(served.project, "README.md"), "utf8")).toMatch(
      /server's own routes for them are at `\/_stack\/readyz`, `\/_stack\/metrics`/,
    );
  });

  it("passes its own generated tests", () => {
    const test = run("npm", ["test"], served.project, 240_000);
    expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
    expect(test.code).toBe(0);
  }, 300_000);
});
