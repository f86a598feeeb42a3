/**
 * The Go target's auth layer, behaving as the TypeScript one (generators/auth.ts): the spec's
 * @useAuth enforced per operation, or the `auth` answer for every operation of a spec without it.
 * Bearer JWTs and OAuth2 tokens are verified with golang-jwt (HS256 with JWT_SECRET, or RS256/ES256
 * from JWKS_URL, keys read by MicahParks/jwkset); API keys and Basic users are compared, hashed, in
 * constant time. The layer guards each operation through api.Extensions.Guard, which the server
 * runs before it decodes the request, and renders the attack tests as internal/wire/auth_test.go.
 */
import path from "node:path";
import { definePlugin } from "../../../src/plugins/contract.ts";
import { packageRoot } from "../../../src/tool.ts";
import { AUTH_CHOICES, type AuthView, authView, specDeclaresAuth } from "../../../src/codegen/auth-view.ts";
import { routeUrl } from "../../../src/codegen/routes.ts";
import { goRoutes } from "../views/go-routes.ts";
import { goString } from "../views/go-names.ts";
import { goAligned } from "../views/go-format.ts";
import { DEV_API_KEY, authEnvVars } from "../../../generators/auth.ts";

/**
 * golang-jwt verifies tokens (alg pinned per parser, exp/nbf/iss/aud); jwkset reads an identity
 * provider's keys. keyfunc/v3 (the two glued) needs Go 1.25 in every release not retracted; the
 * generated go.mod says 1.24, so the small JWKS cache with jose's semantics is ours (jwt.go).
 */
const JWT_MODULES: Record<string, string> = { "github.com/golang-jwt/jwt/v5": "v5.3.1", "github.com/MicahParks/jwkset": "v0.11.4" };

type Options = AuthView["routes"][number]["options"];

const goStrings = (values: string[]) => values.map(goString).join(", ");

/** `[][]need{{{"BearerAuth", []string{"a"}}}}`: the options of a requirement as a Go literal. */
function optionsLiteral(options: Options, need: string): string {
  const option = (o: Options[number]) => `{${o.schemes.map((s) => `{${goString(s.id)}, []string{${goStrings(s.scopes)}}}`).join(", ")}}`;
  return `[][]${need}{${options.map(option).join(", ")}}`;
}

/** `key: value,` lines of a Go map literal, aligned as gofmt aligns them. */
const mapLines = (entries: [string, string][]) => goAligned(entries.map(([key, value]) => ({ cells: [`${key}:`, `${value},`] })));

function schemeLiteral(s: AuthView["schemes"][number], type: string): [string, string] {
  const fields = [`kind: ${goString(s.kind)}`];
  if (s.in) fields.push(`in: ${goString(s.in)}`);
  if (s.keyName) fields.push(`keyName: ${goString(s.keyName)}`);
  if (s.httpScheme) fields.push(`httpScheme: ${goString(s.httpScheme)}`);
  return [goString(s.id), `${type}{id: ${goString(s.id)}, ${fields.join(", ")}}`];
}

/** Go's `[][2]string{{"k", "v"}}` for a sample's headers. */
function headersLiteral(headers: Record<string, string>): string {
  return `[][2]string{${Object.entries(headers)
    .map(([k, v]) => `{${goString(k)}, ${goString(v)}}`)
    .join(", ")}}`;
}

export default definePlugin({
  name: "go-auth",
  layer: "auth",
  targets: ["go"],
  description: "Enforces the spec's @useAuth per operation in the Go server: JWT bearer, OAuth2 scopes, API keys, Basic",
  templates: path.join(packageRoot, "targets", "go", "templates", "auth"),
  requires: ["go-server"],
  enabled: (answers, api) =>
    (api !== undefined && specDeclaresAuth(api)) || (AUTH_CHOICES.includes(answers.auth as never) && answers.auth !== "none"),
  contribute(ctx) {
    const view = authView(ctx.api, ctx.answers.auth);
    const byKey = new Map(view.routes.map((r) => [r.key, r]));
    const ops = ctx.api.services.flatMap((s) => s.operations);
    // Every operation, @sharedRoute ones included, carries the requirement of its route.
    const requirementOf = (op: (typeof ops)[number]) => byKey.get(`${op.verb.toUpperCase()} ${routeUrl(op)}`);
    const operationLines = ops.flatMap((op) => {
      const r = requirementOf(op);
      return r ? [[goString(op.id), `{options: ${optionsLiteral(r.options, "need")}, open: ${r.open}}`] as [string, string]] : [];
    });
    // The ServeMux pattern of each protected route, for the tests to find a request's requirement.
    const patternOf = new Map<string, string>();
    for (const p of goRoutes(ctx.api).patterns) for (const r of p.routes) patternOf.set(r.id, p.pattern);
    const testRoutes = view.protectedRoutes.map((r) => {
      const body = r.sample.body === undefined ? "" : JSON.stringify(r.sample.body);
      return `\t{name: ${goString(`${r.method} ${r.path}`)}, method: ${goString(r.method)}, url: ${goString(r.sample.url)}, headers: ${headersLiteral(r.sample.headers)}, body: ${goString(body)}, options: ${optionsLiteral(r.options, "authNeed")}},`;
    });
    const patterns = new Map<string, [string, string]>();
    for (const op of ops) {
      const r = requirementOf(op);
      const pattern = patternOf.get(op.id);
      if (r && !r.open && pattern && !patterns.has(pattern))
        patterns.set(pattern, [goString(pattern), optionsLiteral(r.options, "authNeed")]);
    }
    const openRoutes = view.openSamples.map((s) => {
      const body = s.body === undefined ? "" : JSON.stringify(s.body);
      return `\t{name: ${goString(`${s.method} ${s.url}`)}, method: ${goString(s.method)}, url: ${goString(s.url)}, headers: ${headersLiteral(s.headers)}, body: ${goString(body)}},`;
    });
    return {
      extraDependencies: view.usesJwt ? JWT_MODULES : undefined,
      env: authEnvVars(view, ctx.project.names.kebab),
      serverExtensions: [{ from: "internal/auth", name: "Extension" }],
      data: {
        ...view,
        realm: ctx.project.names.kebab,
        devApiKey: DEV_API_KEY,
        schemeLines: mapLines(view.schemes.map((s) => schemeLiteral(s, "scheme"))),
        testSchemeLines: mapLines(view.schemes.map((s) => schemeLiteral(s, "authScheme"))),
        operationLines: mapLines(operationLines),
        allScopesList: goStrings(view.allScopes),
        testRoutes,
        testPatterns: mapLines([...patterns.values()]),
        openRoutes,
        // The error the production check names first, as the TS layer's test expects it.
        firstSecret: view.usesJwt ? "JWT_SECRET" : view.usesApiKeys ? "API_KEYS" : "BASIC_AUTH_USERS",
      },
      collections: { jwt: view.usesJwt ? [{ fileName: "jwt" }] : [], token: view.usesJwt ? [{ fileName: "token" }] : [] },
    };
  },
});
