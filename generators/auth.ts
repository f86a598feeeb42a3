/**
 * Auth layer: enforces what the spec's @useAuth says, per operation, from the first run. Bearer
 * JWTs and OAuth2 access tokens are verified with jose (HS256 with JWT_SECRET, or RS256/ES256 from
 * JWKS_URL); API keys and other Authorization schemes are compared, hashed, in constant time.
 * Missing or bad credentials answer 401 with WWW-Authenticate, valid but insufficient ones 403.
 *
 * A spec without any @useAuth gets the scheme the `auth` answer picks, for every operation.
 * The layer plugs into the server through a server extension (an onRequest hook), and gives the
 * generated tests their credentials by rendering its own test/support/credentials.ts.
 */
import { definePlugin } from "../src/plugins/contract.ts";
import { AUTH_CHOICES, type AuthView, authView, specDeclaresAuth } from "../src/codegen/auth-view.ts";
import { curlCommand } from "../src/codegen/curl.ts";
import { templatesDir } from "../src/tool.ts";

/** What the generated server accepts as an API key while API_KEYS is unset (templates/auth/src/auth/config.ts). */
export const DEV_API_KEY = "dev-api-key";

/** Shown in .env.example for what a dev default covers; production refuses to start with either. */
export function authEnvVars(view: AuthView, project: string) {
  const vars = [];
  if (view.usesJwt) {
    vars.push(
      {
        name: "JWT_SECRET",
        description:
          "HS256 signing secret, 32+ characters (openssl rand -base64 48); unset in development: a built-in dev secret, refused in production",
        example: "",
        secret: true,
      },
      {
        name: "JWKS_URL",
        description: "Identity provider's JWKS (RS256/ES256); when set, tokens are verified with its keys and JWT_SECRET is not used",
        example: "",
      },
      {
        name: "JWKS_COOLDOWN_MS",
        description: "After a JWKS fetch, how long a token with an unknown `kid` waits before the set is fetched again",
        example: "30000",
      },
      { name: "JWT_ISSUER", description: "The `iss` every token must carry", example: project },
      { name: "JWT_AUDIENCE", description: "The `aud` every token must carry", example: project },
    );
  }
  if (view.usesApiKeys) {
    vars.push({
      name: "API_KEYS",
      description: `Accepted API keys, comma separated; unset in development: the dev key \`${DEV_API_KEY}\`, refused in production`,
      example: "",
      secret: true,
    });
  }
  if (view.usesBasic) {
    vars.push({
      name: "BASIC_AUTH_USERS",
      description: "Accepted user:password pairs, comma separated; refused in production when unset",
      example: "",
      secret: true,
    });
  }
  return vars;
}

/** A curl command line for a route's sample request, with the credentials' own arguments. */
const curl = curlCommand;

function readme(view: AuthView, port: number): string {
  const base = `http://127.0.0.1:${port}`;
  const lines = [
    view.source === "spec"
      ? "The spec's `@useAuth` decides which routes need which credentials:"
      : "Every route needs the credentials chosen with `--auth`:",
    "",
    "| Route | Accepts |",
    "|---|---|",
    ...view.routes.map((r) => {
      const accepts = r.options
        .map((o) =>
          o.schemes.length === 0
            ? "no credentials"
            : o.schemes
                .map((s) => {
                  const label = view.schemes.find((v) => v.id === s.id)?.label ?? s.id;
                  return s.scopes.length ? `${label} with scope ${s.scopes.map((x) => `\`${x}\``).join(", ")}` : label;
                })
                .join(" and "),
        )
        .join(", or ");
      return `| \`${r.method} ${r.path}\` | ${accepts} |`;
    }),
    "",
    "Without credentials, or with bad ones, a protected route answers 401 with a `WWW-Authenticate` header;",
    "valid credentials without a scope the route needs answer 403. Routes not listed need nothing.",
    "",
  ];
  const routeTaking = (id: string) =>
    view.protectedRoutes.find((r) => r.options.some((o) => o.schemes.length === 1 && o.schemes[0].id === id));
  const jwtRoute = view.schemes
    .filter((s) => s.kind === "jwt")
    .map((s) => routeTaking(s.id))
    .find(Boolean);
  if (view.usesJwt) {
    lines.push(
      "**Tokens.** JWTs are checked for signature, `exp` (required), `nbf`, `iss` (`JWT_ISSUER`) and `aud` (`JWT_AUDIENCE`).",
      "With `JWT_SECRET` they must be HS256; with `JWKS_URL` they must be RS256 or ES256 from that key set (cached, fetched",
      "again when a token names an unknown `kid`). `alg: none` and algorithm switches are refused. Scopes are read from the",
      "`scope` claim (space separated) or `scp`. In development a token signed with the dev secret can be minted:",
      "",
      "```sh",
      `TOKEN=$(npm run -s token -- --sub alice${view.allScopes.length ? ` --scope "${view.allScopes.join(" ")}"` : ""})`,
      ...(jwtRoute ? [curl(jwtRoute.sample, base, `-H "Authorization: Bearer $TOKEN"`)] : []),
      "```",
      "",
    );
  }
  for (const scheme of view.schemes.filter((s) => s.kind !== "jwt")) {
    const route = routeTaking(scheme.id);
    if (!route) continue;
    const from = scheme.kind === "basic" ? "users from `BASIC_AUTH_USERS`" : "keys from `API_KEYS`";
    const command =
      scheme.kind === "basic"
        ? curl(route.sample, base, "-u alice:secret")
        : scheme.kind === "httpKey"
          ? curl(route.sample, base, `-H "Authorization: ${scheme.httpScheme} $API_KEY"`)
          : scheme.in === "query"
            ? curl(route.sample, base, "", `${scheme.keyName}=$API_KEY`)
            : scheme.in === "cookie"
              ? curl(route.sample, base, `--cookie "${scheme.keyName}=$API_KEY"`)
              : curl(route.sample, base, `-H "${scheme.keyName}: $API_KEY"`);
    // The variable the curl line uses is set first, to what a development server accepts.
    const setup =
      scheme.kind === "basic"
        ? "# the server must list the user: BASIC_AUTH_USERS=alice:secret in .env (there is no development default)"
        : `API_KEY=${DEV_API_KEY}   # the development key, accepted while API_KEYS is unset; otherwise one of API_KEYS`;
    lines.push(`**${scheme.label}** (${from}):`, "", "```sh", setup, command, "```", "");
  }
  lines.push(
    "**Production.** With `NODE_ENV=production` the server refuses to start while a secret it needs is unset or the",
    "development default, and names the variable. Put secrets in the environment (or your platform's secret store), never in",
    "files you commit. Handlers read who called from `ctx.request.auth` (scheme, subject, scopes, verified claims).",
  );
  return lines.join("\n");
}

export default definePlugin({
  name: "auth",
  layer: "auth",
  description: "Enforces the spec's @useAuth per operation: JWT bearer, OAuth2 scopes, API keys",
  templates: templatesDir("auth"),
  requires: ["server"],
  questions: [
    {
      name: "auth",
      topic: "auth",
      label: "Auth",
      message: "Authentication for every route (the spec declares no @useAuth)",
      type: "select",
      choices: [
        { value: "none", description: "open API" },
        { value: "jwt", description: "Bearer JWT (HS256 JWT_SECRET, or RS256/ES256 from JWKS_URL)" },
        { value: "api-key", description: "API key in the X-Api-Key header (keys from API_KEYS)" },
        { value: "oauth2", description: "OAuth2 access tokens: JWTs from your issuer's JWKS" },
      ],
      default: "none",
      usesSpec: true,
      when: (_answers, api) => api === undefined || !specDeclaresAuth(api),
      notApplicable: "here: the spec declares @useAuth, which decides each route's auth; remove --auth",
    },
  ],
  enabled: (answers, api) =>
    (api !== undefined && specDeclaresAuth(api)) || (AUTH_CHOICES.includes(answers.auth as never) && answers.auth !== "none"),
  contribute(ctx) {
    const view = authView(ctx.api, ctx.answers.auth);
    const port = Number(ctx.answers.port ?? 3000);
    return {
      dependencies: ["jose"],
      scripts: view.usesJwt ? { token: "tsc -p tsconfig.json && node dist/src/auth/mint-token.js" } : undefined,
      env: authEnvVars(view, ctx.project.names.kebab),
      readme: [{ title: "Auth", body: readme(view, port) }],
      serverExtensions: [{ from: "./auth/server.js", name: "authExtension" }],
      data: { ...view, realm: ctx.project.names.kebab, devApiKey: DEV_API_KEY },
    };
  },
});
