/**
 * The deploy, monitoring and CI layers across answers: what each combination writes, and that
 * the deployment files stay valid (same validators as test/e2e/deploy.test.ts) when the database
 * is SQLite (state in a file), MySQL or paired with Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import docker from "../../generators/docker.ts";
import kubernetes from "../../generators/kubernetes.ts";
import { healthCommand } from "../../generators/ci-github.ts";
import { deployTargets } from "../../src/codegen/deploy-view.ts";
import { scaffold } from "../../src/index.ts";
import { parseArgv } from "../../src/questions/flags.ts";
import { repoRoot, specs } from "../e2e/cli-helpers.ts";
import {
  composeLint,
  composeProblems,
  dockerfileProblems,
  kustomize,
  unknownFieldProblems,
  validateK8sObject,
  workflowProblems,
} from "../e2e/deploy-validators.ts";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cts-deploy-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let count = 0;
/** Writes a bookstore project with these answers; returns its folder. */
async function generate(answers: Record<string, unknown>): Promise<string> {
  const target = path.join(dir, `p${++count}`);
  await scaffold({
    target,
    answers: { name: "shop", spec: specs.bookstore, install: false, git: false, port: 3000, ...answers },
  });
  return target;
}
const read = (project: string, file: string) => fs.readFileSync(path.join(project, file), "utf8");
const exists = (project: string, file: string) => fs.existsSync(path.join(project, file));

describe("questions", () => {
  it("deploy is a multi-choice defaulting to docker; none stands alone", () => {
    const question = docker.questions!.find((q) => q.name === "deploy")!;
    expect(question.type).toBe("multiselect");
    expect(question.default).toEqual(["docker"]);
    expect(question.validate!(["docker", "kubernetes"], {})).toBe(true);
    expect(question.validate!(["none", "docker"], {})).toMatch(/"none" cannot be combined with docker/);
    expect(deployTargets({})).toEqual(["docker"]);
    expect(deployTargets({ deploy: ["none"] })).toEqual([]);
    expect(deployTargets({ deploy: ["kubernetes", "docker"] })).toEqual(["docker", "kubernetes"]);
  });

  it("--deploy takes a comma-separated list; --ingress takes a host name, asked only for kubernetes", () => {
    const questions = [...docker.questions!, ...kubernetes.questions!];
    expect(parseArgv(["--deploy", "docker,kubernetes", "--ingress", "api.example.com"], questions).answers).toEqual({
      deploy: ["docker", "kubernetes"],
      ingress: "api.example.com",
    });
    expect(() => parseArgv(["--deploy", "docker,swarm"], questions)).toThrow(
      /--deploy must be a list of: docker, kubernetes, none \(got "swarm"\)/,
    );
    expect(() => parseArgv(["--ingress", "https://api.example.com"], questions)).toThrow(/not a host name/);
    const ingress = kubernetes.questions!.find((q) => q.name === "ingress")!;
    expect(ingress.when!({ deploy: ["docker"] })).toBe(false);
    expect(ingress.when!({ deploy: ["kubernetes"] })).toBe(true);
    expect(ingress.validate!("*.apps.example.com", {})).toBe(true);
    expect(ingress.validate!("", {})).toBe(true);
  });
});

describe("what each choice writes", () => {
  it("defaults: Docker, compose, metrics, a dashboard and CI; no Kubernetes", async () => {
    const project = await generate({});
    for (const file of [
      "Dockerfile",
      ".dockerignore",
      "docker-compose.yml",
      ".github/workflows/ci.yml",
      "src/monitoring/metrics.ts",
      "monitoring/grafana-dashboard.json",
    ]) {
      expect(exists(project, file)).toBe(true);
    }
    expect(exists(project, "deploy")).toBe(false);
    expect(JSON.parse(read(project, "package.json")).dependencies["prom-client"]).toMatch(/^\d+\.\d+\.\d+$/);
    const server = read(project, "src/server.ts");
    expect(server).toContain('import { metricsExtension } from "./monitoring/metrics.js"');
    // The probe paths the deploy layers use are the routes the server layer serves.
    expect(server).toContain('app.get("/healthz"');
    expect(server).toContain('app.get("/readyz"');
    expect(read(project, "src/monitoring/metrics.ts")).toContain('app.get("/metrics"');
    expect(workflowProblems(read(project, ".github/workflows/ci.yml"))).toEqual([]);
    // The project's CI fails when spec/ changed and the generated code was not updated with it.
    expect(read(project, ".github/workflows/ci.yml")).toMatch(/run: npx --yes create-typespec-stack@\d+\.\d+\.\d+\S* update --check/);
    expect(dockerfileProblems(read(project, "Dockerfile"))).toEqual([]);
    expect(composeProblems(parseYaml(read(project, "docker-compose.yml")))).toEqual([]);
    const readme = read(project, "README.md");
    for (const title of ["## Run in containers", "## Monitoring", "## Continuous integration"]) expect(readme).toContain(title);
    expect(readme).not.toContain("## Deploy to Kubernetes");
  });

  it("--deploy none --monitoring none --ci none: none of it", async () => {
    const project = await generate({ deploy: ["none"], monitoring: "none", ci: "none" });
    for (const file of ["Dockerfile", ".dockerignore", "docker-compose.yml", ".github", "deploy", "src/monitoring", "monitoring"]) {
      expect(exists(project, file)).toBe(false);
    }
    expect(read(project, "src/server.ts")).not.toContain("metricsExtension");
    expect(JSON.parse(read(project, "package.json")).dependencies["prom-client"]).toBeUndefined();
  });

  it("kubernetes only, monitoring off: manifests without ServiceMonitor or scrape annotations, CI without an image", async () => {
    const project = await generate({ deploy: ["kubernetes"], monitoring: "none", db: "postgres" });
    expect(exists(project, "Dockerfile")).toBe(false);
    expect(exists(project, "deploy/k8s/components")).toBe(false);
    expect(read(project, "deploy/k8s/overlays/prod/kustomization.yaml")).not.toContain("components:");
    expect(read(project, "deploy/k8s/base/deployment.yaml")).not.toContain("prometheus.io");
    expect(exists(project, "deploy/k8s/base/ingress.yaml")).toBe(false);
    expect(workflowProblems(read(project, ".github/workflows/ci.yml"))).toEqual([]);
    expect(parseYaml(read(project, ".github/workflows/ci.yml")).jobs.image).toBeUndefined();
    expect(read(project, "README.md")).toContain("## Deploy to Kubernetes");
    expect(read(project, "README.md")).toContain("`--deploy docker,kubernetes` writes its Dockerfile");
  });
});

describe("the package manager flows into README, Dockerfile and CI", () => {
  it.each([
    ["npm", "package-lock.json", "npm ci", "npm test", "npm run dev"],
    ["pnpm", "pnpm-lock.yaml", "pnpm install --frozen-lockfile", "pnpm test", "pnpm dev"],
    ["yarn", "yarn.lock", "yarn install --frozen-lockfile", "yarn test", "yarn dev"],
    // `bun test` is bun's own test runner; the project's test script is `bun run test`.
    ["bun", "bun.lock", "bun install --frozen-lockfile", "bun run test", "bun run dev"],
  ])("%s: its lockfile and commands, files still valid", async (pm, lockfile, lockedInstall, test, dev) => {
    const project = await generate({ packageManager: pm });
    const dockerfile = read(project, "Dockerfile");
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    expect(dockerfile).toContain(`COPY package.json ${lockfile}* ./`);
    expect(dockerfile).toContain(`RUN if [ -f ${lockfile} ]; then ${lockedInstall}; else`);
    const workflow = read(project, ".github/workflows/ci.yml");
    expect(workflowProblems(workflow)).toEqual([]);
    const steps: { name?: string; run?: string; uses?: string }[] = parseYaml(workflow).jobs.test.steps;
    expect(steps.find((step) => step.name === "Install")?.run).toBe(
      `if [ -f ${lockfile} ]; then ${lockedInstall}; else ${pm === "yarn" ? "yarn" : `${pm} install`}; fi`,
    );
    expect(steps.find((step) => step.name === "Test")?.run).toBe(test);
    if (pm === "pnpm") expect(steps.map((step) => step.uses)).toContain("pnpm/action-setup@v4");
    if (pm === "bun") expect(steps.map((step) => step.uses)).toContain("oven-sh/setup-bun@v2");
    const readme = read(project, "README.md");
    expect(readme).toMatch(new RegExp(`^${test.replace(/ /g, " ")} +# builds`, "m"));
    expect(readme).toMatch(new RegExp(`^${dev} +# serves src/`, "m"));
    expect(readme).toContain(`Commit \`${lockfile}\``);
    if (pm !== "npm")
      expect(`${dockerfile}\n${workflow}\n${readme}`).not.toMatch(/\bnpm (ci|install|test|start|run (build|dev|serve|migrate))\b/);
  });
});

describe("deployment files by database", () => {
  it("SQLite keeps its file on a persistent volume: one replica, Recreate, no autoscaler; no secrets, no Secret", async () => {
    // petstore declares no auth: with SQLite, nothing it reads is secret.
    const project = await generate({ spec: specs.petstore, db: "sqlite", deploy: ["docker", "kubernetes"] });
    for (const overlay of ["dev", "prod"]) {
      const objects = kustomize(path.join(project, "deploy/k8s/overlays", overlay));
      for (const object of objects) await validateK8sObject(object);
      expect(unknownFieldProblems(objects)).toEqual([]);
      const kinds = objects.map((o) => o.kind).sort();
      expect(kinds).toEqual(
        [
          "ConfigMap",
          "Deployment",
          "Namespace",
          "PersistentVolumeClaim",
          "PodDisruptionBudget",
          "Service",
          ...(overlay === "prod" ? ["ServiceMonitor"] : []),
        ].sort(),
      );
      const deployment = objects.find((o) => o.kind === "Deployment")!;
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy).toEqual({ type: "Recreate" });
      const pod = deployment.spec.template.spec;
      const dataMount = pod.containers[0].volumeMounts.find((m: { name: string }) => m.name === "data");
      expect(pod.volumes.find((v: { name: string }) => v.name === "data").persistentVolumeClaim.claimName).toBe("shop-data");
      // DATABASE_URL (./data/app.db, relative to the image's /app) lands on that volume.
      const config = objects.find((o) => o.kind === "ConfigMap")!.data;
      expect(path.posix.resolve("/app", config.DATABASE_URL).startsWith(`${dataMount.mountPath}/`)).toBe(true);
      expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: "shop-config" } }]);
    }
    expect(read(project, "deploy/k8s/overlays/dev/secrets.env.example")).toContain("reads no secret settings");
    const compose = parseYaml(read(project, "docker-compose.yml"));
    expect(composeProblems(compose)).toEqual([]);
    expect(composeLint(path.join(project, "docker-compose.yml"))).toBe("");
    expect(Object.keys(compose.services)).toEqual(["app"]);
    expect(compose.services.app.depends_on).toBeUndefined();
    expect(compose.services.app.volumes).toEqual(["shop-data:/app/data"]);
    expect(dockerfileProblems(read(project, "Dockerfile"))).toEqual([]);
    expect(read(project, "Dockerfile")).toContain("chown node:node /app/data");
  });

  it("MySQL with the Redis cache: both services in compose and CI, the app waits for both", async () => {
    const project = await generate({ db: "mysql", cache: "redis", deploy: ["docker", "kubernetes"] });
    const compose = parseYaml(read(project, "docker-compose.yml"));
    expect(composeProblems(compose)).toEqual([]);
    expect(composeLint(path.join(project, "docker-compose.yml"))).toBe("");
    const app = compose.services.app;
    expect(app.depends_on).toEqual({ mysql: { condition: "service_healthy" }, redis: { condition: "service_healthy" } });
    expect(new URL(app.environment.DATABASE_URL).hostname).toBe("mysql");
    expect(app.environment.REDIS_URL).toBe("redis://redis:6379");
    expect(compose.services.mysql.volumes).toEqual(["mysql-data:/var/lib/mysql"]);
    expect(compose.services.redis.volumes).toBeUndefined();
    for (const service of ["mysql", "redis"]) expect(compose.services[service].healthcheck.test.length).toBeGreaterThan(1);
    expect(workflowProblems(read(project, ".github/workflows/ci.yml"))).toEqual([]);
    const ci = parseYaml(read(project, ".github/workflows/ci.yml"));
    // Each service starts on the runner with its compose image, command and healthcheck; the app's
    // settings point at localhost, where they are published.
    const starts = ci.jobs.test.steps.filter((s: { name?: string }) => s.name?.startsWith("Start ")).map((s: { run: string }) => s.run);
    expect(starts).toHaveLength(2);
    expect(starts[1]).toBe(
      "docker run --detach --name redis --publish 127.0.0.1:6379:6379 --health-cmd 'redis-cli ping' --health-interval 2s --health-retries 60 redis:7-alpine redis-server --save '' --appendonly no",
    );
    expect(starts[0]).toMatch(/^docker run --detach --name mysql --publish 127\.0\.0\.1:3306:3306 .*--health-cmd .* mysql:8/);
    expect(ci.jobs.test.env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(new URL(ci.jobs.test.env.DATABASE_URL).hostname).toBe("127.0.0.1");
    expect(new URL(ci.jobs.test.env.DATABASE_URL).username).toBe(new URL(app.environment.DATABASE_URL).username);
    expect(ci.jobs.test.steps.find((s: { name?: string }) => s.name === "Wait until the services are healthy").run).toContain(
      "for service in mysql redis; do",
    );
    // Both URLs are secrets: in the Secret's example, never in the ConfigMap.
    expect(read(project, "deploy/k8s/overlays/prod/secrets.env.example")).toMatch(/^DATABASE_URL=$[\s\S]*^REDIS_URL=$/m);
    const config = parseYaml(read(project, "deploy/k8s/base/configmap.yaml")).data;
    expect(config).not.toHaveProperty("DATABASE_URL");
    expect(config).not.toHaveProperty("REDIS_URL");
    expect(config.CACHE_PREFIX).toBe("shop");
  });

  it("brokers that need a command (NATS with JetStream, Mosquitto's listener config) start with it in CI too", async () => {
    for (const [events, expected] of [
      ["nats", / nats:2[\w.-]* -js /],
      ["mqtt", / eclipse-mosquitto:2[\w.-]* mosquitto -c /],
    ] as const) {
      const project = await generate({ spec: path.join(repoRoot, "examples/orders"), events });
      const content = read(project, ".github/workflows/ci.yml");
      expect(workflowProblems(content)).toEqual([]);
      const ci = parseYaml(content);
      const starts = ci.jobs.test.steps.filter((s: { name?: string }) => s.name?.startsWith("Start ")).map((s: { run: string }) => s.run);
      expect(starts.join("\n")).toMatch(expected);
      expect(new URL(ci.jobs.test.env.EVENTS_URL).hostname).toBe("127.0.0.1");
    }
  });

  it("one port everywhere: the image, compose, the ConfigMap, the container, the scrape annotation", async () => {
    const project = await generate({ port: 8080, db: "postgres", deploy: ["docker", "kubernetes"] });
    const dockerfile = read(project, "Dockerfile");
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    expect(dockerfile).toMatch(/^ENV .*\bPORT=8080\b/m);
    const app = parseYaml(read(project, "docker-compose.yml")).services.app;
    expect(app.ports).toEqual(["127.0.0.1:8080:8080"]);
    expect(app.environment.PORT).toBe("8080");
    expect(parseYaml(read(project, "deploy/k8s/base/configmap.yaml")).data.PORT).toBe("8080");
    const pod = parseYaml(read(project, "deploy/k8s/base/deployment.yaml")).spec.template;
    expect(pod.spec.containers[0].ports[0].containerPort).toBe(8080);
    expect(pod.metadata.annotations["prometheus.io/port"]).toBe("8080");
    expect(read(project, ".env.example")).toMatch(/^PORT=8080$/m);
  });

  it("turns a compose healthcheck into the one command docker --health-cmd takes", () => {
    expect(healthCommand(["CMD-SHELL", "pg_isready -U postgres"])).toBe("pg_isready -U postgres");
    expect(healthCommand(["CMD", "redis-cli", "ping"])).toBe("redis-cli ping");
  });
});
