/**
 * The deploy and monitoring layers end to end, for bookstore on PostgreSQL with
 * --deploy docker,kubernetes, Prometheus monitoring and an Ingress: every generated file is checked
 * with the parser or schema its real tool uses (see deploy-validators.ts), the security rules are
 * asserted on what kustomize would apply, and then the app is run the way the image and the
 * manifests run it (same command, same env) against a fresh local database, to prove the probe
 * paths answer as the manifests expect and /metrics has the request histogram.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { SignJWT } from "jose";
import { parse as parseYaml } from "yaml";
import { linkNodeModules } from "../helpers/generated-deps.ts";
import { freePort, run, runCli, specs, tempDir } from "./cli-helpers.ts";
import {
  type K8sObject,
  composeLint,
  composeProblems,
  dockerfileProblems,
  kustomize,
  parseDockerfile,
  unknownFieldProblems,
  validateK8sObject,
  workflowProblems,
  yamlDocuments,
} from "./deploy-validators.ts";
import { requireServices } from "../helpers/services.ts";

const PG = ["-h", "127.0.0.1", "-U", "postgres", "-d", "test"];
const dbName = `cts_deploy_${randomBytes(4).toString("hex")}`;
const dbUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
/** The Secret's values: the test database, and a signing key for the spec's bearer auth. */
const secretValues: Record<string, string> = { DATABASE_URL: dbUrl, JWT_SECRET: randomBytes(36).toString("base64") };

let work: string;
let project: string;
const file = (relative: string) => fs.readFileSync(path.join(project, relative), "utf8");

beforeAll(async () => {
  await requireServices("postgres");
  work = tempDir("deploy");
  project = path.join(work, "shop");
  const result = runCli(
    [
      project,
      "--spec",
      specs.bookstore,
      "--db",
      "postgres",
      "--deploy",
      "docker,kubernetes",
      "--monitoring",
      "prometheus",
      "--ingress",
      "shop.example.com",
      "--yes",
      "--no-install",
      "--no-git",
    ],
    { cwd: work },
  );
  expect(result.code).toBe(0);
  // What an operator does before `kubectl apply -k`: fill in every value the Secret's example lists.
  // A secret some layer adds later fails here until this test knows what to give it.
  for (const overlay of ["dev", "prod"]) {
    const dir = path.join(project, "deploy/k8s/overlays", overlay);
    const example = fs.readFileSync(path.join(dir, "secrets.env.example"), "utf8");
    fs.writeFileSync(
      path.join(dir, "secrets.env"),
      example.replace(/^([A-Z0-9_]+)=$/gm, (_line, name: string) => {
        if (!(name in secretValues)) throw new Error(`secrets.env.example lists ${name}: give it a value in this test`);
        return `${name}=${secretValues[name]}`;
      }),
    );
  }
}, 120_000);

afterAll(() => {
  run("psql", [...PG, "-c", `drop database if exists ${dbName} with (force)`], process.cwd());
  fs.rmSync(work, { recursive: true, force: true });
});

/** Every Kubernetes object in the files, by overlay, rendered the way kustomize would. */
function overlay(name: "dev" | "prod"): K8sObject[] {
  return kustomize(path.join(project, "deploy/k8s/overlays", name));
}
const one = (objects: K8sObject[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("Dockerfile", () => {
  it("is valid, multi-stage, pinned, non-root, and checks its own health", () => {
    const text = file("Dockerfile");
    expect(dockerfileProblems(text)).toEqual([]);
    const dockerfile = parseDockerfile(text);
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      // Pinned by major version (22-...), never latest or untagged.
      expect(from.getImageName()).toBe("node");
      expect(from.getImageTag()).toMatch(/^\d+(-[a-z]+)*$/);
    }
    expect(froms[0].getBuildStage()).toBe("build");
    const instructions = dockerfile.getInstructions();
    const finalStart = instructions.indexOf(froms.at(-1)!);
    const final = instructions.slice(finalStart);
    const args = (keyword: string) => final.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? "");
    // Build with dev dependencies, run with production ones only.
    const buildRuns = instructions
      .slice(0, finalStart)
      .filter((i) => i.getKeyword() === "RUN")
      .map((i) => i.getArgumentsContent());
    expect(buildRuns.join("\n")).toMatch(/npm prune --omit=dev/);
    expect(args("COPY").every((a) => a.startsWith("/app/"))).toBe(true);
    expect(final.filter((i) => i.getKeyword() === "COPY").every((i) => /--from=build/.test(i.getTextContent()))).toBe(true);
    // Non-root: the last USER of the final stage, before CMD.
    const users = args("USER");
    expect(users.at(-1)).toBe("node");
    const keywords = final.map((i) => i.getKeyword());
    expect(keywords.lastIndexOf("USER")).toBeLessThan(keywords.lastIndexOf("CMD"));
    expect(args("ENV").join(" ")).toMatch(/(^|\s)NODE_ENV=production(\s|$)/);
    expect(args("EXPOSE")).toEqual(["3000"]);
    expect(args("HEALTHCHECK").join(" ")).toContain("/healthz");
    expect(JSON.parse(args("CMD")[0])).toEqual(["node", "dist/src/main.js"]);
  });

  it("has a .dockerignore that keeps secrets, node_modules and data out", () => {
    const lines = file(".dockerignore")
      .split("\n")
      .map((l) => l.trim());
    for (const entry of [".env", "node_modules", "data", "dist", ".git", "deploy/k8s/**/secrets.env"]) expect(lines).toContain(entry);
    expect(lines).toContain("!.env.example");
  });
});

describe("docker-compose.yml", () => {
  it("matches the compose spec schema and starts the app after a healthy database", () => {
    const compose = parseYaml(file("docker-compose.yml"));
    expect(composeProblems(compose)).toEqual([]);
    expect(composeLint(path.join(project, "docker-compose.yml"))).toBe("");
    // The schema rejects a mistake, so the check above can fail.
    expect(composeProblems({ services: { app: { depends_on: { postgres: { condition: "healthy" } } } } })).not.toEqual([]);
    const { app, postgres } = compose.services;
    expect(app.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(app.env_file).toEqual([{ path: ".env", required: false }]);
    expect(app.environment).toMatchObject({ PORT: "3000", HOST: "0.0.0.0", NODE_ENV: "production" });
    // The app reaches the database by its compose service name.
    expect(new URL(app.environment.DATABASE_URL).hostname).toBe("postgres");
    expect(app.ports).toEqual(["127.0.0.1:3000:3000"]);
    expect(app.read_only).toBe(true);
    expect(app.cap_drop).toEqual(["ALL"]);
    expect(app.healthcheck.test.join(" ")).toContain("/healthz");
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.healthcheck.test).toEqual(["CMD-SHELL", "pg_isready -U postgres -d app"]);
    expect(postgres.volumes).toEqual(["postgres-data:/var/lib/postgresql/data"]);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(["postgres-data", "shop-data"]));
  });
});

describe("Kubernetes manifests", () => {
  it("every object in every file validates against the Kubernetes schemas", async () => {
    const root = path.join(project, "deploy/k8s");
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith(".yaml") && !f.endsWith("kustomization.yaml"),
    );
    expect(files.length).toBeGreaterThanOrEqual(8);
    const kinds = new Set<string>();
    const all: K8sObject[] = [];
    for (const f of files) {
      for (const object of yamlDocuments(path.join(root, f))) {
        await validateK8sObject(object);
        kinds.add(object.kind);
        all.push(object);
      }
    }
    // No field the API does not know (kubectl's strict field validation would refuse it).
    expect(unknownFieldProblems(all)).toEqual([]);
    expect([...kinds].sort()).toEqual(
      [
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Ingress",
        "Namespace",
        "PodDisruptionBudget",
        "Service",
        "ServiceMonitor",
      ].sort(),
    );
    // The schemas reject a mistake, so the check above can fail.
    const deployment = yamlDocuments(path.join(root, "base/deployment.yaml"))[0];
    deployment.spec.template.spec.containers[0].readinessProbe.httpGet.port = { named: "http" };
    await expect(validateK8sObject(deployment)).rejects.toThrow(/readinessProbe/);
    const typo = yamlDocuments(path.join(root, "base/deployment.yaml"))[0];
    typo.spec.template.spec.containers[0].securityContxt = typo.spec.template.spec.containers[0].securityContext;
    expect(unknownFieldProblems([typo])).toEqual([
      expect.stringMatching(/Deployment shop: .*'"securityContxt"' does not exist in type 'IContainer'/),
    ]);
  });

  it.each(["dev", "prod"] as const)(
    "the %s overlay renders, every rendered object validates, and every reference resolves",
    async (name) => {
      const objects = overlay(name);
      for (const object of objects) await validateK8sObject(object);
      expect(unknownFieldProblems(objects)).toEqual([]);
      const namespace = one(objects, "Namespace").metadata.name;
      expect(namespace).toBe(name === "dev" ? "shop-dev" : "shop");
      for (const o of objects.filter((x) => x.kind !== "Namespace")) expect(o.metadata.namespace).toBe(namespace);
      const deployment = one(objects, "Deployment");
      const pod = deployment.spec.template;
      const byName = (kind: string, n: string) => objects.find((o) => o.kind === kind && o.metadata.name === n);
      for (const source of pod.spec.containers[0].envFrom) {
        if (source.configMapRef) expect(byName("ConfigMap", source.configMapRef.name)).toBeDefined();
        if (source.secretRef) expect(byName("Secret", source.secretRef.name)).toBeDefined();
      }
      expect(pod.spec.containers[0].image).toBe(name === "dev" ? "shop:local" : "shop:0.1.0");
      const service = one(objects, "Service");
      expect(pod.metadata.labels).toMatchObject(service.spec.selector);
      expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
      expect(service.spec.ports[0].targetPort).toBe(pod.spec.containers[0].ports[0].name);
      const hpa = one(objects, "HorizontalPodAutoscaler");
      expect(byName(hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name)).toBeDefined();
      expect(hpa.spec.minReplicas).toBe(name === "dev" ? 1 : 3);
      // The autoscaler owns the replica count.
      expect(deployment.spec.replicas).toBeUndefined();
      expect(one(objects, "PodDisruptionBudget").spec.selector.matchLabels).toEqual(service.spec.selector);
      const ingress = one(objects, "Ingress");
      expect(ingress.spec.rules[0].host).toBe("shop.example.com");
      expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
        name: service.metadata.name,
        port: { name: service.spec.ports[0].name },
      });
      const monitors = objects.filter((o) => o.kind === "ServiceMonitor");
      if (name === "prod") {
        expect(monitors).toHaveLength(1);
        expect(monitors[0].spec.selector.matchLabels).toEqual(service.metadata.labels);
        expect(monitors[0].spec.endpoints).toEqual([{ port: service.spec.ports[0].name, path: "/metrics", interval: "30s" }]);
      } else {
        expect(monitors).toHaveLength(0);
      }
      expect(one(objects, "ConfigMap").data.LOG_LEVEL).toBe(name === "dev" ? "debug" : "info");
    },
  );

  it("a patch that names no resource, or a missing file, fails the render", () => {
    const dir = path.join(work, "broken-overlay");
    fs.mkdirSync(dir, { recursive: true });
    const base = path.relative(dir, path.join(project, "deploy/k8s/base"));
    fs.writeFileSync(
      path.join(dir, "kustomization.yaml"),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${base}]\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: nope\n`,
    );
    expect(() => kustomize(dir)).toThrow(/matches no resource/);
    fs.writeFileSync(
      path.join(dir, "kustomization.yaml"),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [missing.yaml]\n`,
    );
    expect(() => kustomize(dir)).toThrow(/does not exist/);
  });

  it.each(["dev", "prod"] as const)(
    "the %s Deployment is locked down: non-root, read-only root, no escalation, no capabilities, RuntimeDefault",
    (name) => {
      const pod = one(overlay(name), "Deployment").spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod.containers).toHaveLength(1);
      const container = pod.containers[0];
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        privileged: false,
        capabilities: { drop: ["ALL"] },
      });
      // A read-only root needs somewhere to write: /tmp (and the data folder) on emptyDir volumes.
      const tmp = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === "/tmp");
      expect(pod.volumes.find((v: { name: string }) => v.name === tmp.name)).toEqual({ name: tmp.name, emptyDir: {} });
      for (const kind of ["requests", "limits"]) expect(Object.keys(container.resources[kind]).sort()).toEqual(["cpu", "memory"]);
      expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
      expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
      expect(container.startupProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    },
  );

  it("the Secret is never committed: only an example with empty values, and secrets.env is git-ignored", () => {
    for (const o of ["dev", "prod"]) {
      const example = file(`deploy/k8s/overlays/${o}/secrets.env.example`);
      expect(example).toMatch(/^DATABASE_URL=$/m);
    }
    expect(file("deploy/k8s/.gitignore").split("\n")).toContain("secrets.env");
    const committed = (fs.readdirSync(path.join(project, "deploy/k8s"), { recursive: true }) as string[]).map(String);
    for (const f of committed.filter((f) => f.endsWith(".yaml"))) expect(file(`deploy/k8s/${f}`)).not.toMatch(/kind: Secret/);
    // Secret settings never land in the ConfigMap.
    expect(Object.keys(one(overlay("prod"), "ConfigMap").data)).not.toContain("DATABASE_URL");
  });
});

describe("GitHub Actions workflow", () => {
  it("parses with GitHub's workflow parser and installs, builds, tests, audits and builds the image", () => {
    const content = file(".github/workflows/ci.yml");
    expect(workflowProblems(content)).toEqual([]);
    expect(workflowProblems(content.replace("runs-on:", "run-on:")).length).toBeGreaterThan(0);
    const workflow = parseYaml(content);
    const commands = workflow.jobs.test.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    for (const command of ["npm ci", "npm run build", "npm test", "npm audit --audit-level=high"]) expect(commands).toContain(command);
    expect(commands).toMatch(/^docker run --detach --name postgres .* postgres:\d+/m);
    expect(workflow.jobs.image.steps.map((s: { run?: string }) => s.run ?? "").join("\n")).toMatch(/docker build/);
  });
});

describe("the app, run as the image and the manifests run it", () => {
  let child: ChildProcess | undefined;
  let output = "";
  let url: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const created = run("psql", [...PG, "-v", "ON_ERROR_STOP=1", "-c", `create database ${dbName}`], process.cwd());
    expect(created.stderr).toBe("");
    await linkNodeModules(project);
    const build = run("npm", ["run", "build"], project);
    expect(build.stdout + build.stderr).not.toMatch(/error TS/);
    expect(build.code).toBe(0);

    // Exactly the env the prod overlay gives the container: the ConfigMap and the Secret. Only the
    // port is moved to a free one, since other test runs share this machine.
    const objects = overlay("prod");
    const container = one(objects, "Deployment").spec.template.spec.containers[0];
    env = {};
    for (const source of container.envFrom) {
      const ref = source.configMapRef ?? source.secretRef;
      const object = objects.find((o) => o.metadata.name === ref.name)!;
      Object.assign(env, object.data ?? object.stringData);
    }
    expect(env).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: "3000", ...secretValues });
    // The Dockerfile sets the same values as the image's own defaults.
    const dockerEnv = parseDockerfile(file("Dockerfile"))
      .getInstructions()
      .filter((i) => i.getKeyword() === "ENV")
      .map((i) => i.getArgumentsContent())
      .join(" ");
    for (const name of ["NODE_ENV", "HOST", "PORT"]) expect(dockerEnv).toContain(`${name}=${env[name]}`);
    expect(container.ports[0].containerPort).toBe(Number(env.PORT));
    const port = await freePort();
    env.PORT = String(port);
    url = `http://127.0.0.1:${port}`;

    // The migration step an operator runs before the first rollout (MIGRATE_ON_START is false there).
    expect(env.MIGRATE_ON_START).toBe("false");
    const migrate = run(process.execPath, ["dist/src/db/migrate.js"], project, 60_000, { ...env, PATH: "" });
    expect(migrate.stdout + migrate.stderr).toContain("applied: 0001-initial");

    // The container's command, with node from this machine in place of the image's.
    const [command, ...args] = container.command as string[];
    expect(command).toBe("node");
    child = spawn(process.execPath, args, { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    // Within the startup probe's budget (periodSeconds x failureThreshold).
    const budget = container.startupProbe.periodSeconds * container.startupProbe.failureThreshold * 1000;
    const deadline = Date.now() + budget;
    for (;;) {
      const ok = await fetch(url + container.startupProbe.httpGet.path).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start (exit ${child.exitCode}):\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 300_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
  });

  it("answers the probes at the paths and port the Deployment names", async () => {
    const container = one(overlay("prod"), "Deployment").spec.template.spec.containers[0];
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const response = await fetch(url + container[probe].httpGet.path, {
        signal: AbortSignal.timeout((container[probe].timeoutSeconds ?? 1) * 1000),
      });
      expect(response.status).toBe(200);
    }
    const ready = await (await fetch(`${url}/readyz`)).json();
    expect(ready).toEqual({ status: "ready", checks: { storage: "ok" } });
  });

  it("with its database unreachable: alive (no restart) but not ready (no traffic)", async () => {
    const port = await freePort();
    const down = spawn(process.execPath, ["dist/src/main.js"], {
      cwd: project,
      env: { ...env, PORT: String(port), DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" },
      stdio: "ignore",
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      while (
        !(await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (down.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start (exit ${down.exitCode})`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "unavailable", checks: { storage: "unavailable" } });
    } finally {
      const exited = new Promise((resolve) => down.once("exit", resolve));
      down.kill("SIGKILL");
      await exited;
    }
  });

  it("needs only production dependencies at run time, as the image has after npm prune --omit=dev", () => {
    const pkg = JSON.parse(file("package.json"));
    const builtin = new Set(builtinModules);
    const imported = new Set<string>();
    const dist = path.join(project, "dist/src");
    for (const f of (fs.readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith(".js"))) {
      for (const match of fs.readFileSync(path.join(dist, f), "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^".][^"]*)"/g)) {
        const specifier = match[1];
        if (specifier.startsWith("node:") || builtin.has(specifier)) continue;
        imported.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);
      }
    }
    expect(imported.size).toBeGreaterThan(3);
    expect([...imported].filter((name) => !(name in pkg.dependencies))).toEqual([]);
    expect(imported).toContain("prom-client");
  });

  it("passes the image's HEALTHCHECK command", () => {
    const healthcheck = parseDockerfile(file("Dockerfile"))
      .getInstructions()
      .find((i) => i.getKeyword() === "HEALTHCHECK")!;
    const exec = JSON.parse(healthcheck.getArgumentsContent()!.replace(/^[\s\S]*?CMD\s+/, ""));
    expect(exec[0]).toBe("node");
    const result = run(process.execPath, exec.slice(1), project, 10_000, { ...env, PATH: "" });
    expect(result.code).toBe(0);
  });

  it("exposes the request histogram by route template and status after a few requests, and process metrics", async () => {
    // Writes need the spec's bearer token: signed with the Secret's JWT_SECRET, for the ConfigMap's issuer and audience.
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("deploy-test")
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(env.JWT_SECRET));
    const body = JSON.stringify({ name: "Ursula", email: "ursula@example.com" });
    const anonymous = await fetch(`${url}/authors`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-request-id")).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    const author = await fetch(`${url}/authors`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    });
    expect(author.status).toBe(201);
    const { id } = (await author.json()) as { id: string };
    expect((await fetch(`${url}/authors/${id}`)).status).toBe(200);
    expect((await fetch(`${url}/authors/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
    expect((await fetch(`${url}/books`)).status).toBe(200);
    expect((await fetch(`${url}/no/such/path`)).status).toBe(404);

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = await response.text();
    expect(metrics).toContain("# TYPE http_request_duration_seconds histogram");
    expect(metrics).toMatch(/^http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/authors",status_code="201"\} \d+$/m);
    expect(metrics).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/authors\/:id",status_code="200"\} 1$/m);
    expect(metrics).toMatch(/^http_requests_total\{method="GET",route="\/authors\/:id",status_code="404"\} 1$/m);
    expect(metrics).toMatch(/^http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1$/m);
    expect(metrics).toMatch(/^http_requests_total\{method="POST",route="\/authors",status_code="401"\} 1$/m);
    // Route templates, never raw ids: bounded label values.
    expect(metrics).not.toContain(id);
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_p99_seconds",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(metrics).toMatch(new RegExp(`^${name} `, "m"));
    }
    // Every series the Grafana dashboard plots exists.
    const dashboard = JSON.parse(file("monitoring/grafana-dashboard.json"));
    expect(dashboard.panels.length).toBeGreaterThan(0);
    for (const panel of dashboard.panels) {
      const names = panel.targets[0].expr
        .match(/\b[a-z_][a-z0-9_]*(?=\{|\[|\)|$)/g)
        .filter((n: string) => /_(total|seconds|bytes|bucket)$/.test(n));
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) expect(metrics).toMatch(new RegExp(`^${n}[{ ]`, "m"));
    }
  });

  it("logs JSON lines that carry the request id, and answers it in x-request-id", async () => {
    const response = await fetch(`${url}/books`, { headers: { "x-request-id": "trace-42.a" } });
    expect(response.headers.get("x-request-id")).toBe("trace-42.a");
    const generated = await fetch(`${url}/books`, { headers: { "x-request-id": "not a token!" } });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    await new Promise((r) => setTimeout(r, 200));
    const lines = output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    const ours = lines.filter((l) => l.reqId === "trace-42.a");
    expect(ours.map((l) => l.msg)).toEqual(expect.arrayContaining(["incoming request", "request completed"]));
  });

  it("the project's own tests pass with metrics on, against its database", () => {
    const test = run("npm", ["test"], project, 240_000, { ...process.env, TEST_DATABASE_URL: dbUrl });
    expect(test.stdout + test.stderr).toMatch(/ℹ fail 0/);
    expect(test.code).toBe(0);
  });

  it("stops cleanly on SIGTERM, as a pod is stopped", async () => {
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    child!.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
