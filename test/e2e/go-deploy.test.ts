/**
 * The deploy layers for a Go project (petstore, --target go --deploy docker,kubernetes): every file
 * is checked with the parser or schema its real tool uses (deploy-validators.ts, as for the
 * TypeScript stack), then the binary is built the way the Dockerfile's build stage builds it and run
 * the way the image runs it (its CMD, its ENV), and the image's HEALTHCHECK command is run against
 * it: it passes while the server is up and fails once it is down. No Docker engine is needed.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { parse as parseYaml } from "yaml";
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

let work: string;
let project: string;
const file = (relative: string) => fs.readFileSync(path.join(project, relative), "utf8");

beforeAll(() => {
  work = tempDir("go-deploy");
  project = path.join(work, "shop");
  const result = runCli(
    [project, "--target", "go", "--spec", specs.petstore, "--deploy", "docker,kubernetes", "--yes", "--no-install", "--no-git"],
    { cwd: work },
  );
  expect(result.code).toBe(0);
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The go.mod's Go release (major.minor): what the builder image and CI pin. */
const goRelease = () => /^go (\d+\.\d+)/m.exec(file("go.mod"))![1];

/** The Dockerfile's instructions, split at its final FROM. */
function dockerStages() {
  const dockerfile = parseDockerfile(file("Dockerfile"));
  const froms = dockerfile.getFROMs();
  const instructions = dockerfile.getInstructions();
  const finalStart = instructions.indexOf(froms.at(-1)!);
  const args = (list: typeof instructions, keyword: string) =>
    list.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? "");
  return { froms, build: instructions.slice(0, finalStart), final: instructions.slice(finalStart), args };
}

/** The final stage's ENV as a map (`ENV A=1 B=2`). */
function imageEnv(): Record<string, string> {
  const { final, args } = dockerStages();
  return Object.fromEntries(
    args(final, "ENV")
      .join(" ")
      .split(/\s+/)
      .map((pair) => pair.split("=") as [string, string]),
  );
}

function overlay(name: "dev" | "prod"): K8sObject[] {
  return kustomize(path.join(project, "deploy/k8s/overlays", name));
}
const one = (objects: K8sObject[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("Dockerfile", () => {
  it("is valid: golang of go.mod, static build, distroless, non-root, a healthcheck in exec form", () => {
    const text = file("Dockerfile");
    expect(dockerfileProblems(text)).toEqual([]);
    const { froms, build, final, args } = dockerStages();
    expect(froms).toHaveLength(2);
    expect(froms[0].getBuildStage()).toBe("build");
    expect(froms[0].getImageName()).toBe("golang");
    expect(froms[0].getImageTag()).toBe(`${goRelease()}-bookworm`);
    expect(froms[1].getImage()).toBe("gcr.io/distroless/static-debian12:nonroot");
    // Modules first (a cached layer), then a static binary.
    expect(args(build, "COPY")[0]).toBe("go.mod go.sum ./");
    const buildRuns = args(build, "RUN");
    expect(buildRuns[0]).toBe("go mod download");
    expect(buildRuns.at(-1)).toMatch(/^CGO_ENABLED=0 go build .*-o \/out\/server \.\/cmd\/server/);
    // The final stage takes only what the build produced, and has no RUN (distroless has no shell).
    expect(final.filter((i) => i.getKeyword() === "COPY").every((i) => /--from=build/.test(i.getTextContent()))).toBe(true);
    expect(args(final, "RUN")).toEqual([]);
    const users = args(final, "USER");
    expect(users.at(-1)).toBe("65532:65532");
    const keywords = final.map((i) => i.getKeyword());
    expect(keywords.lastIndexOf("USER")).toBeLessThan(keywords.lastIndexOf("CMD"));
    expect(imageEnv()).toEqual({ HOST: "0.0.0.0", PORT: "3000" });
    expect(args(final, "EXPOSE")).toEqual(["3000"]);
    expect(args(final, "HEALTHCHECK")[0]).toMatch(/CMD \["\/app\/server", "healthcheck"\]$/);
    expect(JSON.parse(args(final, "CMD")[0])).toEqual(["/app/server"]);
  });

  it("has a .dockerignore that keeps secrets, local data and builds out", () => {
    const lines = file(".dockerignore").split("\n");
    for (const entry of [".env", "data", "bin", ".git", "deploy/k8s/**/secrets.env"]) expect(lines).toContain(entry);
    expect(lines).toContain("!.env.example");
    expect(lines).not.toContain("node_modules");
  });
});

describe("docker-compose.yml", () => {
  it("matches the compose spec and runs the image's healthcheck, with no Node in it", () => {
    const compose = parseYaml(file("docker-compose.yml"));
    expect(composeProblems(compose)).toEqual([]);
    expect(composeLint(path.join(project, "docker-compose.yml"))).toBe("");
    const { app } = compose.services;
    expect(app.environment).toEqual({ HOST: "0.0.0.0", PORT: "3000" });
    expect(app.healthcheck.test).toEqual(["CMD", "/app/server", "healthcheck"]);
    expect(app.volumes).toEqual(["shop-data:/app/data"]);
    expect(app.read_only).toBe(true);
    expect(file("docker-compose.yml")).not.toMatch(/node/);
  });
});

describe("Kubernetes manifests", () => {
  it("every object validates; both overlays render with the binary, its user and the probes", async () => {
    const root = path.join(project, "deploy/k8s");
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith(".yaml") && !f.endsWith("kustomization.yaml"),
    );
    const all: K8sObject[] = [];
    for (const f of files) for (const object of yamlDocuments(path.join(root, f))) all.push(object);
    for (const object of all) await validateK8sObject(object);
    expect(unknownFieldProblems(all)).toEqual([]);
    for (const name of ["dev", "prod"] as const) {
      const objects = overlay(name);
      for (const object of objects) await validateK8sObject(object);
      const pod = one(objects, "Deployment").spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 });
      const container = pod.containers[0];
      expect(container.command).toEqual(["/app/server"]);
      expect(container.ports[0].containerPort).toBe(3000);
      expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
      expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
      expect(one(objects, "ConfigMap").data).toMatchObject({ HOST: "0.0.0.0", PORT: "3000" });
      expect(one(objects, "ConfigMap").data.NODE_ENV).toBeUndefined();
    }
  });
});

describe("GitHub Actions workflow", () => {
  it("parses with GitHub's parser: setup-go of go.mod, vet, test, govulncheck pinned, the image", () => {
    const content = file(".github/workflows/ci.yml");
    expect(workflowProblems(content)).toEqual([]);
    const workflow = parseYaml(content);
    const steps = workflow.jobs.test.steps as { uses?: string; with?: Record<string, unknown>; run?: string }[];
    const setupGo = steps.find((s) => s.uses?.startsWith("actions/setup-go@"))!;
    expect(setupGo.with).toEqual({ "go-version": `${goRelease()}.x`, "check-latest": true });
    const commands = steps.map((s) => s.run ?? "");
    for (const command of ["go vet ./...", "go test ./...", "go mod tidy -diff"]) expect(commands).toContain(command);
    expect(commands).toContain("go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./...");
    expect(commands.join("\n")).not.toMatch(/npm (ci|install|test|audit)/);
    expect(workflow.jobs.image.steps.map((s: { run?: string }) => s.run ?? "").join("\n")).toMatch(/docker build/);
  });
});

describe("the binary, built as the Dockerfile builds it and run as the image runs it", () => {
  let root: string;
  let server: ChildProcess | undefined;
  let env: Record<string, string>;
  let output = "";

  /** A path of the image (`/app/server`, `/out/server`) under this test's stand-in for its root. */
  const inImage = (p: string) => path.join(root, p);
  /** The HEALTHCHECK's command, with the image's env and PORT; asynchronous, so a server in this process can answer it. */
  const healthcheck = (port: string) => {
    const { final, args } = dockerStages();
    const [command, ...rest] = JSON.parse(/CMD (\[.*\])$/.exec(args(final, "HEALTHCHECK")[0])![1]) as string[];
    return new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(inImage(command), rest, {
        cwd: inImage("app"),
        env: { ...imageEnv(), PORT: port },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.once("exit", (code) => resolve({ code, stderr }));
    });
  };

  beforeAll(async () => {
    root = path.join(work, "image");
    const { build, final, args } = dockerStages();
    // The build stage's last RUN, with its absolute /out under this test's root.
    const compile = args(build, "RUN").at(-1)!.replaceAll("/out", path.join(root, "out"));
    const built = run("sh", ["-c", compile], project, 300_000);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    // The final stage's COPY --from=build lines, into WORKDIR (/app).
    const workdir = args(final, "WORKDIR")[0];
    for (const copy of args(final, "COPY")) {
      const [from, to] = copy
        .split(/\s+/)
        .filter((w) => !w.startsWith("--"))
        .map((w) => w);
      fs.cpSync(inImage(from), path.join(inImage(workdir), to), { recursive: true });
    }
    env = { ...imageEnv(), PORT: String(await freePort()) };
    const [command, ...rest] = JSON.parse(args(final, "CMD")[0]) as string[];
    // The image's env only: no PATH, HOME or GOPATH reach the binary.
    server = spawn(inImage(command), rest, { cwd: inImage(workdir), env, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (d) => (output += d));
    server.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 20_000;
    while (
      !(await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (server.exitCode !== null || Date.now() > deadline)
        throw new Error(`the server did not start (exit ${server.exitCode}):\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 360_000);

  afterAll(() => {
    if (server && server.exitCode === null) server.kill("SIGKILL");
  });

  it("is a static binary (no ELF interpreter, no dynamic section): it runs on distroless/static", () => {
    const elf = fs.readFileSync(inImage("app/server"));
    expect(elf.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
    const phoff = Number(elf.readBigUInt64LE(0x20));
    const phentsize = elf.readUInt16LE(0x36);
    const types = Array.from({ length: elf.readUInt16LE(0x38) }, (_, i) => elf.readUInt32LE(phoff + i * phentsize));
    expect(types).toContain(1); // PT_LOAD: the headers were read right
    expect(types).not.toContain(3); // PT_INTERP
    expect(types).not.toContain(2); // PT_DYNAMIC
  });

  it("answers the probes the Deployment names on the port the image sets", async () => {
    for (const probe of ["/healthz", "/readyz"]) expect((await fetch(`http://127.0.0.1:${env.PORT}${probe}`)).status).toBe(200);
  });

  it("the image's healthcheck passes against it, fails on a non-2xx answer, and fails once it is down", async () => {
    const up = await healthcheck(env.PORT);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);

    // Something on the port that is not healthy.
    const sick = http.createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => sick.listen(0, "127.0.0.1", resolve));
    const sickPort = String((sick.address() as { port: number }).port);
    const unhealthy = await healthcheck(sickPort);
    await new Promise((resolve) => sick.close(resolve));
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.stderr).toContain("503");

    // SIGTERM, as `docker stop` sends: a graceful exit, then the check fails.
    const exited = new Promise<number | null>((resolve) => server!.once("exit", resolve));
    server!.kill("SIGTERM");
    expect(await exited).toBe(0);
    const down = await healthcheck(env.PORT);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/connection refused/);
  });
});
