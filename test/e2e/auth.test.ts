/**
 * The auth layer end to end. Bookstore (bearer JWT on writes, open reads) and inventory (API keys in
 * a header, overridden per interface and operation by a scoped-OAuth2 union, NoAuth, Basic, and keys
 * in the query and a cookie) are generated, built and run their own attack tests. Then the built
 * servers are started as processes: production refuses to start without real secrets (naming the
 * variable), production with a real local JWKS server accepts RS256 tokens and nothing else, and
 * secrets never reach the logs. A spec without @useAuth takes `--auth`.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type JWK, SignJWT, exportJWK, generateKeyPair } from "jose";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { repoRoot, run, runCli, specs, startServer, tempDir } from "./cli-helpers.ts";

let work: string;
const bookstore = () => path.join(work, "bookstore");
const inventory = () => path.join(work, "inventory");
const JWT_SECRET = "a-real-production-secret-of-more-than-32-chars";

function generate(dir: string, args: string[]): void {
  const result = runCli([dir, ...args, "--yes", "--no-install", "--no-git"], { cwd: work });
  if (result.code !== 0) throw new Error(`generation failed:\n${result.stderr}`);
}

/** The project's own `npm test` (build + node:test); returns its report. */
function ownTests(dir: string): string {
  const result = run("npm", ["test"], dir, 300_000);
  const report = result.stdout + result.stderr;
  expect(report).toMatch(/ℹ fail 0/);
  expect(result.code).toBe(0);
  return report;
}

beforeAll(async () => {
  work = tempDir("auth");
  generate(bookstore(), ["--spec", specs.bookstore]);
  generate(inventory(), ["--spec", path.join(repoRoot, "test/fixtures/specs/inventory")]);
  const modules = await sharedNodeModules();
  await Promise.all([linkNodeModules(bookstore(), modules), linkNodeModules(inventory(), modules)]);
}, 600_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("bookstore: bearer JWT on writes, open reads", () => {
  it("passes its own tests: every protected route refuses each bad credential and accepts a good one", () => {
    const report = ownTests(bookstore());
    for (const route of ["POST /authors", "POST /books", "PATCH /books/{id}", "DELETE /books/{id}", "POST /books/{id}/restock"]) {
      expect(report).toContain(`▶ ${route}`);
    }
    for (const attack of [
      "refuses a request without credentials: 401 with WWW-Authenticate",
      "refuses a token with a wrong signature: 401",
      "refuses an expired token: 401",
      "refuses an unsigned token (alg: none): 401",
      "refuses a token for another audience: 401",
      "lets valid credentials through to the route's own answer",
      "GET /books answers without credentials",
      "refuses an HS256 token signed with the public key (algorithm confusion): 401",
      "fetches the key set again when a token names a new key",
    ]) {
      expect(report).toContain(`✔ ${attack}`);
    }
  }, 300_000);

  it("refuses to start in production without a real JWT_SECRET, naming it", () => {
    for (const secret of [undefined, "development-only-jwt-secret-do-not-deploy", "short"]) {
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: "0" };
      delete env.JWT_SECRET;
      if (secret) env.JWT_SECRET = secret;
      const result = run(process.execPath, ["dist/src/main.js"], bookstore(), 30_000, env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^cannot start: JWT_SECRET is (not set|too short)/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("serves in production with a real secret; the secret and tokens stay out of the logs", async () => {
    const token = run("npm", ["run", "-s", "token", "--", "--sub", "ops"], bookstore(), 60_000, {
      ...process.env,
      JWT_SECRET,
    }).stdout.trim();
    expect(token.split(".")).toHaveLength(3);
    const server = await startServer(bookstore(), undefined, { NODE_ENV: "production", JWT_SECRET, LOG_LEVEL: "info" });
    try {
      const anonymous = await fetch(`${server.url}/authors`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"name":"Ann"}',
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="bookstore"');
      // The spec declares 401 with its Problem model for this route: the body takes that shape.
      expect(await anonymous.json()).toEqual({ status: 401, title: "Unauthorized", detail: "missing or invalid credentials" });

      const created = await fetch(`${server.url}/authors`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: '{"name":"Ann"}',
      });
      expect(created.status).toBe(201);
      expect((await fetch(`${server.url}/authors`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(server.output()).toContain("request refused by auth");
    expect(server.output()).not.toContain(JWT_SECRET);
    expect(server.output()).not.toContain(token.split(".")[2]);
  });

  it("the README's curl example, run as written against a development server, creates a row", async () => {
    const readme = fs.readFileSync(path.join(bookstore(), "README.md"), "utf8");
    const block = /## Auth[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toContain("npm run -s token");
    const env: Record<string, string> = { JWT_SECRET: "", NODE_ENV: "" };
    const server = await startServer(bookstore(), undefined, env);
    try {
      const script = block!
        .replace(/http:\/\/127\.0\.0\.1:3000/g, server.url)
        .replace(/^curl /m, "curl -s -o /dev/null -w '%{http_code}' ");
      const result = run("bash", ["-euc", script], bookstore(), 60_000, { ...process.env, ...env });
      expect(result.stdout.trim()).toBe("201");
    } finally {
      await server.stop();
    }
  });
});

describe("a real JWKS server, RS256", () => {
  let jwks: Server;
  let jwksUrl: string;
  const published: JWK[] = [];
  let signingKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  let fetches = 0;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    signingKey = privateKey;
    published.push({ ...(await exportJWK(publicKey)), kid: "key-1", alg: "RS256", use: "sig" });
    jwks = createServer((_request, response) => {
      fetches++;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => jwks.close(resolve)));

  const sign = (claims: Record<string, unknown>, audience = "books-api") =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .setIssuer("https://id.example")
      .setAudience(audience)
      .setExpirationTime("5m")
      .sign(signingKey);

  it("in production, with JWKS_URL and no JWT_SECRET: RS256 tokens from the key set pass, others do not", async () => {
    const server = await startServer(bookstore(), undefined, {
      NODE_ENV: "production",
      JWKS_URL: jwksUrl,
      JWT_ISSUER: "https://id.example",
      JWT_AUDIENCE: "books-api",
      JWT_SECRET: "",
    });
    const post = (token: string) =>
      fetch(`${server.url}/authors`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: '{"name":"Bo"}',
      });
    try {
      expect((await post(await sign({ sub: "svc" }))).status).toBe(201);
      expect((await post(await sign({ sub: "svc" }, "another-api"))).status).toBe(401);
      const hs256 = await new SignJWT({ sub: "svc" })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("https://id.example")
        .setAudience("books-api")
        .setExpirationTime("5m")
        .sign(new TextEncoder().encode(JWT_SECRET));
      expect((await post(hs256)).status).toBe(401);
      // Keys are cached: three verifications, one fetch.
      expect(fetches).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

describe("inventory: API keys in a header, and every other @useAuth form", () => {
  it("passes its own tests, including 403 for an OAuth2 token without the scope", () => {
    const report = ownTests(inventory());
    expect(report).toContain("✔ refuses a valid token without the scope reports:read: 403");
    expect(report).toContain("✔ refuses a wrong key: 401");
    expect(report).toContain("✔ GET /status answers without credentials");
  }, 300_000);

  it("keys from API_KEYS are accepted in the header, query and cookie the spec names, and never logged", async () => {
    const key = "k-4f1c9e2b7a6d4c0e8f3b";
    const server = await startServer(inventory(), undefined, {
      API_KEYS: `other-key, ${key}`,
      LOG_LEVEL: "info",
      BASIC_AUTH_USERS: "ops:pw-123456",
    });
    try {
      expect((await fetch(`${server.url}/items`)).status).toBe(401);
      expect((await fetch(`${server.url}/items`)).headers.get("www-authenticate")).toBe(
        'ApiKey realm="inventory", in="header", name="x-api-key"',
      );
      expect((await fetch(`${server.url}/items`, { headers: { "x-api-key": key } })).status).toBe(200);
      expect((await fetch(`${server.url}/items`, { headers: { "x-api-key": `${key}x` } })).status).toBe(401);
      // /feeds takes its key in the query, /session in a cookie: a header key does not open them.
      expect((await fetch(`${server.url}/feeds`, { headers: { "x-api-key": key } })).status).toBe(401);
      expect((await fetch(`${server.url}/feeds?api_key=${key}`)).status).toBe(501);
      expect((await fetch(`${server.url}/session`, { headers: { cookie: `session_key=${key}` } })).status).toBe(501);
      expect((await fetch(`${server.url}/status`)).status).toBe(501);
      const basic = `Basic ${Buffer.from("ops:pw-123456").toString("base64")}`;
      expect((await fetch(`${server.url}/admin/export`, { method: "POST", headers: { authorization: basic } })).status).toBe(501);
    } finally {
      await server.stop();
    }
    expect(server.output()).toContain("api_key=[redacted]");
    expect(server.output()).not.toContain(key);
  });
});

describe("--auth, for a spec without @useAuth", () => {
  it("--auth api-key protects every route of petstore, records the choice, and the project's tests pass", async () => {
    const dir = path.join(work, "petstore-keys");
    generate(dir, ["--spec", specs.petstore, "--auth", "api-key"]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "typespec-stack.json"), "utf8")).answers.auth).toBe("api-key");
    expect(fs.readFileSync(path.join(dir, ".env.example"), "utf8")).toMatch(/^API_KEYS=$/m);
    expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toContain("| `GET /pets` | API key in header `x-api-key` |");
    await linkNodeModules(dir);
    const report = ownTests(dir);
    expect(report).toContain("✔ refuses a wrong key: 401");
  }, 300_000);

  it("without --auth a spec with no @useAuth stays open", () => {
    const dir = path.join(work, "petstore-open");
    generate(dir, ["--spec", specs.petstore]);
    expect(fs.existsSync(path.join(dir, "src/auth"))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "typespec-stack.json"), "utf8")).answers.auth).toBe("none");
  });

  it("--auth is refused when the spec declares @useAuth, saying why", () => {
    const result = runCli([path.join(work, "x"), "--spec", specs.bookstore, "--auth", "jwt", "--yes", "--no-install", "--no-git"], {
      cwd: work,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--auth does not apply here: the spec declares @useAuth");
    expect(fs.existsSync(path.join(work, "x"))).toBe(false);
  });
});
