/**
 * The generated README says what the generated files do. For a matrix of answers it checks the
 * README's claims against the project: every script it names exists, every env var is in
 * .env.example or read by src/, every file it names is there, the Kubernetes replicas, storage and
 * Secret are the manifests', CI's services are the workflow's, and every shell variable a snippet
 * uses is set in it. For a few stacks it starts the built server and runs the README's curl
 * snippets against it, each answering 2xx, credentials included.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { generateAndBuild, repoRoot, runCli, specs, startServer, tempDir } from "./cli-helpers.ts";

let work: string;
beforeAll(() => {
  work = tempDir("readme");
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Stack {
  name: string;
  args: string[];
}

/** Every value of db, auth, deploy, events, cache and monitoring at least once, in varied company. */
const MATRIX: Stack[] = [
  { name: "default", args: [] },
  { name: "sqlite-k8s-apikey", args: ["--deploy", "kubernetes", "--auth", "api-key"] },
  {
    name: "postgres-jwt-redis-both",
    args: ["--db", "postgres", "--auth", "jwt", "--cache", "redis", "--deploy", "docker,kubernetes", "--ingress", "api.example.com"],
  },
  { name: "mysql-plain", args: ["--db", "mysql", "--deploy", "none", "--monitoring", "none", "--ci", "none"] },
  { name: "memory-nodocs", args: ["--db", "none", "--docs", "none", "--auth", "oauth2"] },
  {
    name: "events-nats-k8s",
    args: ["--spec", path.join(repoRoot, "examples/orders"), "--events", "nats", "--db", "postgres", "--deploy", "kubernetes"],
  },
  { name: "events-amqp", args: ["--spec", path.join(repoRoot, "examples/orders"), "--events", "amqp", "--monitoring", "none"] },
  { name: "bookstore-spec-auth", args: ["--spec", specs.bookstore, "--db", "mysql", "--deploy", "docker,kubernetes"] },
  { name: "pnpm-mqtt", args: ["--spec", path.join(repoRoot, "examples/orders"), "--events", "mqtt", "--pm", "pnpm"] },
];

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");
const exists = (dir: string, file: string) => fs.existsSync(path.join(dir, file));

/** Every file under dir, relative (node_modules left out). */
function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && !e.parentPath.includes("node_modules"))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** The fenced ```sh blocks, in order. */
function shellBlocks(readme: string): string[] {
  return [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** `code spans` outside the fenced blocks. */
function codeSpans(readme: string): string[] {
  const prose = readme.replace(/^```[\s\S]*?^```$/gm, "");
  return [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** A README section's body, from its `## title` to the next. */
function section(readme: string, title: string): string | undefined {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) return undefined;
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** NAME -> value from a dotenv-style file (commented examples included: `# NAME=value`). */
function envFile(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^(?:# ?)?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** Created by install, build, run or by the user, so not there in a freshly generated folder. */
const MADE_LATER = /^(dist\/|data\/|package-lock\.json$|pnpm-lock\.yaml$|yarn\.lock$|bun\.lock$)/;

const generated = new Map<string, string>();
async function project(stack: Stack): Promise<string> {
  let dir = generated.get(stack.name);
  if (!dir) {
    dir = path.join(work, stack.name);
    const result = runCli([dir, ...stack.args, "--yes", "--no-install", "--no-git"], { cwd: work });
    if (result.code !== 0) throw new Error(`generating ${stack.name} failed:\n${result.stderr}`);
    generated.set(stack.name, dir);
  }
  return dir;
}

describe.each(MATRIX)("the README of $name", (stack) => {
  it("names only scripts package.json has, env vars the project reads, and files it has", async () => {
    const dir = await project(stack);
    const readme = read(dir, "README.md");
    const scripts = Object.keys((JSON.parse(read(dir, "package.json")) as { scripts: Record<string, string> }).scripts);
    const pnpm = stack.args.includes("pnpm");

    const named = pnpm
      ? [...readme.matchAll(/\bpnpm (?:run )?([\w:-]+)/g)].map((m) => m[1]!).filter((s) => !["install", "audit", "prune"].includes(s))
      : [
          ...[...readme.matchAll(/\bnpm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]!),
          ...[...readme.matchAll(/\bnpm (test|start)\b/g)].map((m) => m[1]!),
        ];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((s) => !scripts.includes(s))).toEqual([]);
    if (pnpm) expect(readme).not.toMatch(/\bnpm (ci|install|test|start|run)\b/);

    const envExample = envFile(read(dir, ".env.example"));
    const sources = files(dir)
      .filter((f) => f.startsWith("src/") && f.endsWith(".ts"))
      .map((f) => read(dir, f))
      .join("\n");
    const assigned = new Set(shellBlocks(readme).flatMap((b) => [...b.matchAll(/^(?:export )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!)));
    const envNames = new Set([
      ...codeSpans(readme).flatMap((span) => [...span.matchAll(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0])),
      ...assigned,
    ]);
    // The image's own settings (NODE_ENV=production) count too: the README says the image sets them.
    const image = exists(dir, "Dockerfile") ? read(dir, "Dockerfile") : "";
    const unread = [...envNames].filter(
      (name) => !envExample.has(name) && !new RegExp(`\\b${name}\\b`).test(sources) && !new RegExp(`^ENV .*\\b${name}=`, "m").test(image),
    );
    // A name a snippet sets for its own next line (API_KEY, TOKEN) is a shell variable, not the server's.
    expect(unread.filter((name) => !shellOnly(readme, name))).toEqual([]);

    const paths = [
      ...codeSpans(readme).filter((s) => /^[\w.][\w./-]*$/.test(s) && (s.includes("/") || /\.(json|ya?ml|ts|md|example|tsp)$/.test(s))),
      ...[...readme.matchAll(/\]\(([^)#:]+)\)/g)].map((m) => m[1]!),
    ];
    expect(paths.length).toBeGreaterThan(5);
    const all = files(dir);
    const missing = paths
      .map((p) => p.replace(/^\.\//, ""))
      .filter((p) => !MADE_LATER.test(p) && !exists(dir, p) && !(p.includes("/") ? false : all.some((f) => path.basename(f) === p)));
    expect(missing).toEqual([]);
  });

  it("says what the manifests, workflow and database really do", async () => {
    const dir = await project(stack);
    const readme = read(dir, "README.md");
    const envExample = envFile(read(dir, ".env.example"));

    // An operation without a doc comment is not described by its own route.
    expect(readme).not.toMatch(/^- `([A-Z]+ \S+)` — \1$/m);
    for (const block of shellBlocks(readme)) {
      // Every variable a snippet uses is set before it, in the snippet.
      const used = [...block.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1]!);
      const set = [...block.matchAll(/^(?:export )?([A-Za-z_]\w*)=/gm)].map((m) => m[1]!);
      expect(used.filter((name) => !set.includes(name))).toEqual([]);
    }

    const closing = readme.slice(readme.lastIndexOf("Operations that the generator could wire"));
    const db = stack.args[stack.args.indexOf("--db") + 1];
    if (stack.args.includes("--db") && db === "none") {
      expect(closing).toContain("storing rows in memory");
      expect(section(readme, "Database")).toBeUndefined();
    } else {
      expect(closing).not.toContain("memory");
      const url = envExample.get("DATABASE_URL")!;
      expect(url).toBeTruthy();
      expect(section(readme, "Database")).toContain(`(\`DATABASE_URL\`, default \`${url}\`)`);
      if (url.startsWith("./")) expect(closing).toContain(`default \`${url}\``);
    }

    const ci = section(readme, "Continuous integration");
    expect(ci !== undefined).toBe(exists(dir, ".github/workflows/ci.yml"));
    if (ci) {
      const workflow = read(dir, ".github/workflows/ci.yml");
      const images = [...ci.matchAll(/`([\w./-]+:[\w.-]+)`/g)].map((m) => m[1]!);
      const steps = Object.values((parse(workflow) as { jobs: Record<string, { steps: { run?: string }[] }> }).jobs).flatMap(
        (j) => j.steps,
      );
      const started = steps.map((step) => step.run ?? "").filter((run) => run.startsWith("docker run --detach"));
      // One `docker run` per image the README names, each starting that image.
      expect(started).toHaveLength(images.length);
      for (const image of images) expect(started.filter((run) => run.includes(` ${image}`))).toHaveLength(1);
      expect(ci.includes("builds the image from the Dockerfile")).toBe(exists(dir, "Dockerfile"));
      expect(ci.includes("builds the image from the Dockerfile")).toBe(/docker build/.test(workflow));
    }
    expect(section(readme, "Run in containers") !== undefined).toBe(exists(dir, "docker-compose.yml"));

    const k8s = section(readme, "Deploy to Kubernetes");
    expect(k8s !== undefined).toBe(exists(dir, "deploy/k8s/base/deployment.yaml"));
    if (k8s) checkKubernetes(dir, k8s);
  });
});

/** A name assigned in a README snippet and used only there (`$NAME`), never as a server setting. */
function shellOnly(readme: string, name: string): boolean {
  const blocks = shellBlocks(readme);
  return blocks.some((b) => new RegExp(`^${name}=`, "m").test(b)) && !codeSpans(readme).some((s) => new RegExp(`\\b${name}\\b`).test(s));
}

type Doc = { kind?: string; spec?: Record<string, any>; data?: Record<string, string>; [key: string]: any };
const docsOf = (text: string): Doc[] => parseAllDocuments(text).map((d) => d.toJS() as Doc);

/** The README's replica counts, storage, Secret, Ingress and migration setting against the manifests. */
function checkKubernetes(dir: string, k8s: string): void {
  const base = (file: string) => docsOf(read(dir, `deploy/k8s/base/${file}`));
  const deployment = base("deployment.yaml").find((d) => d.kind === "Deployment")!;
  const claim = base("deployment.yaml").find((d) => d.kind === "PersistentVolumeClaim");
  const hpa = base("scaling.yaml").find((d) => d.kind === "HorizontalPodAutoscaler");
  for (const overlay of ["dev", "prod"] as const) {
    const line = k8s.match(new RegExp(`overlays/${overlay} +# namespace [\\w-]+, (one replica|autoscaled from (\\d+) to (\\d+) replicas)`));
    expect(line).not.toBeNull();
    const kustomization = parse(read(dir, `deploy/k8s/overlays/${overlay}/kustomization.yaml`)) as { patches?: { patch: string }[] };
    const patched = (kustomization.patches ?? []).map((p) => parse(p.patch) as Doc).find((d) => d.kind === "HorizontalPodAutoscaler");
    if (line![1] === "one replica") {
      expect(deployment.spec!.replicas).toBe(1);
      expect(hpa).toBeUndefined();
      expect(patched).toBeUndefined();
    } else {
      expect(deployment.spec!.replicas).toBeUndefined();
      expect(hpa).toBeDefined();
      expect([patched?.spec?.minReplicas ?? hpa!.spec!.minReplicas, patched?.spec?.maxReplicas ?? hpa!.spec!.maxReplicas]).toEqual([
        Number(line![2]),
        Number(line![3]),
      ]);
    }
  }
  expect(k8s.includes("the autoscaler")).toBe(hpa !== undefined);
  const storage = k8s.match(/a (\S+) PersistentVolumeClaim \(`([\w-]+)`\)/);
  expect(storage !== null).toBe(claim !== undefined);
  if (storage && claim) {
    expect(storage[1]).toBe(claim.spec!.resources.requests.storage);
    const volumes = deployment.spec!.template.spec.volumes as { persistentVolumeClaim?: { claimName: string } }[];
    expect(volumes.some((v) => v.persistentVolumeClaim?.claimName === storage[2])).toBe(true);
  }

  const secretNames = [...envFile(read(dir, "deploy/k8s/overlays/prod/secrets.env.example")).keys()];
  const secretLine = k8s.match(/\*\*The Secret\.\*\* The settings `\.env\.example` marks as secret \(([^)]*)\)/);
  if (secretNames.length === 0) expect(secretLine).toBeNull();
  else expect([...secretLine![1]!.matchAll(/`(\w+)`/g)].map((m) => m[1])).toEqual(secretNames);
  // Each overlay's secretGenerator reads its own secrets.env: the README has it copied before that overlay's apply.
  for (const overlay of ["dev", "prod"]) {
    const kustomization = read(dir, `deploy/k8s/overlays/${overlay}/kustomization.yaml`);
    const copy = k8s.indexOf(`cp deploy/k8s/overlays/${overlay}/secrets.env.example deploy/k8s/overlays/${overlay}/secrets.env`);
    expect(copy >= 0).toBe(/secretGenerator:/.test(kustomization));
    if (copy >= 0) expect(copy).toBeLessThan(k8s.indexOf(`kubectl apply -k deploy/k8s/overlays/${overlay}`));
  }

  const ingress = exists(dir, "deploy/k8s/base/ingress.yaml") ? base("ingress.yaml")[0]!.spec!.rules[0].host : undefined;
  expect(k8s.match(/an Ingress for `([^`]+)`/)?.[1]).toBe(ingress);

  const config = base("configmap.yaml").find((d) => d.kind === "ConfigMap")!.data!;
  const migrate = k8s.match(/The ConfigMap has `MIGRATE_ON_START=(\w+)`/)?.[1];
  expect(migrate).toBe(config.MIGRATE_ON_START);
}

/** Runs one README snippet with bash against a live server: every curl prints its status, one a line. */
function runSnippet(block: string, dir: string, url: string): { code: number | null; statuses: number[]; output: string } {
  const script = [
    "set -euo pipefail",
    // Each curl prints only its status, so the test can check every one.
    "curl() { command curl -sS -o /dev/null -w '%{http_code}\\n' \"$@\"; }",
    block.replaceAll("http://127.0.0.1:3000", url),
  ].join("\n");
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of ["API_KEY", "TOKEN"]) delete env[name];
  const result = spawnSync("bash", ["-c", script], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
  const statuses = result.stdout
    .split("\n")
    .filter((l) => /^\d{3}$/.test(l))
    .map(Number);
  return { code: result.status, statuses, output: `${script}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}` };
}

/**
 * The Run it block's database setup (createdb, exports, migrate), run for real with the database
 * names made unique (other runs share this server); returns the DATABASE_URL it exported and how
 * to drop what it created.
 */
function runDatabaseSetup(dir: string, unique: string): { url: string; drop(): void } {
  const runIt = shellBlocks(read(dir, "README.md"))[0]!;
  const setup = runIt
    .split("\n")
    .map((line) => line.replace(/\s+# .*$/, ""))
    .filter((line) => /^(createdb |mysql |export |npm run migrate)/.test(line))
    .map((line) => line.replace(/\bapp(_test)?\b/g, `${unique}$1`));
  expect(setup.length).toBe(4);
  const script = ["set -euo pipefail", ...setup, 'echo "DATABASE_URL=$DATABASE_URL"'].join("\n");
  const result = spawnSync("bash", ["-c", script], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${script}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  const url = result.stdout.match(/^DATABASE_URL=(.*)$/m)![1]!;
  return {
    url,
    drop: () => {
      const names = [unique, `${unique}_test`];
      if (url.startsWith("postgres")) for (const db of names) spawnSync("dropdb", ["--if-exists", db]);
      else spawnSync("mysql", ["-u", "root", "-e", names.map((db) => `DROP DATABASE IF EXISTS ${db};`).join(" ")]);
    },
  };
}

describe.each([
  { name: "live-default", args: [], curls: 3 },
  { name: "live-api-key", args: ["--auth", "api-key"], curls: 1 },
  { name: "live-jwt", args: ["--auth", "jwt", "--db", "none"], curls: 1 },
  // The database setup the README and the next steps give, then the try-it requests on its tables.
  { name: "live-postgres", args: ["--db", "postgres"], curls: 3 },
  { name: "live-mysql", args: ["--db", "mysql"], curls: 3 },
])("the README's snippets, run against the $name server", ({ name, args, curls }) => {
  it("each answers 2xx", async () => {
    const dir = path.join(work, name);
    await generateAndBuild(dir, [...args, "--yes", "--no-install", "--no-git"], work);
    const db = args.includes("--db") ? args[args.indexOf("--db") + 1] : "sqlite";
    const database = db === "postgres" || db === "mysql" ? runDatabaseSetup(dir, `cts_readme_${process.pid}`) : undefined;
    try {
      const server = await startServer(dir, undefined, database ? { DATABASE_URL: database.url } : {});
      try {
        const snippets = shellBlocks(read(dir, "README.md")).filter((b) => /^curl /m.test(b) && !/^kubectl|^docker/m.test(b));
        const statuses: number[] = [];
        for (const block of snippets) {
          const result = runSnippet(block, dir, server.url);
          if (result.code !== 0 || result.statuses.some((s) => s < 200 || s > 299)) throw new Error(result.output);
          statuses.push(...result.statuses);
        }
        expect(statuses).toHaveLength(curls);
        if (args.includes("--auth")) {
          // The README says so: /metrics and the API docs answer without credentials, the spec's routes do not.
          expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
          expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
          expect((await fetch(`${server.url}/pets`)).status).toBe(401);
        }
      } finally {
        await server.stop();
      }
    } finally {
      database?.drop();
    }
  });
});
