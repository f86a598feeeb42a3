/**
 * What the auth layer enforces, worked out from the spec: each operation's effective requirement
 * (@useAuth on the operation, else its interface, else the namespace; TypeSpec's http library
 * resolves that order), or, for a spec without any @useAuth, the one scheme the `auth` answer picks
 * for the whole API. Plain data for the templates.
 */
import type { ApiModel, AuthRequirement, AuthScheme, Operation } from "../spec/model.ts";
import { routeUrl } from "./routes.ts";
import { type SampleRequest, sampleRequest } from "./test-view.ts";

/** How the generated code checks a scheme. */
export type SchemeKind = "jwt" | "apiKey" | "basic" | "httpKey";

export interface SchemeView {
  id: string;
  kind: SchemeKind;
  /** jwt: "bearer" or "oauth2" (scopes checked); apiKey: header/query/cookie; httpKey: Authorization scheme. */
  flavour: string;
  /** apiKey: the header, query parameter or cookie name (headers lower-cased, as Fastify sees them). */
  keyName?: string;
  in?: "header" | "query" | "cookie";
  /** httpKey and basic: the Authorization scheme word ("Basic", "SharedAccessKey"). */
  httpScheme?: string;
  /** What the README shows. */
  label: string;
}

export interface RouteAuth {
  id: string;
  /** `<METHOD> <Fastify URL>`: how the generated hook finds the route. */
  key: string;
  method: string;
  /** Fastify URL, the key the generated hook looks the route up by. */
  url: string;
  /** OpenAPI-style path for people. */
  path: string;
  /** Any one option lets the request in; an option needs all of its schemes (with their scopes). */
  options: { schemes: { id: string; scopes: string[] }[] }[];
  /** An option with no scheme: NoAuth, the route is open. */
  open: boolean;
  /** A request the route would accept apart from credentials. */
  sample: SampleRequest;
}

export interface AuthView {
  /** Where the requirements come from: the spec's @useAuth, or the `auth` answer. */
  source: "spec" | "answer" | "none";
  schemes: SchemeView[];
  routes: RouteAuth[];
  /** Routes that need credentials (not open). */
  protectedRoutes: RouteAuth[];
  /** Requests to the open (NoAuth) routes, which must answer without credentials. */
  openSamples: SampleRequest[];
  usesJwt: boolean;
  usesApiKeys: boolean;
  usesBasic: boolean;
  /** An API key travels in a cookie: read with the server runtime's cookie parser. */
  usesCookieKeys: boolean;
  /** Every scope any route requires: a dev token minted with all of them passes every scope check. */
  allScopes: string[];
}

/** The `auth` answer's choices for a spec without @useAuth. */
export const AUTH_CHOICES = ["none", "jwt", "api-key", "oauth2"] as const;
export type AuthChoice = (typeof AUTH_CHOICES)[number];

/** Header an `--auth api-key` project reads the key from. */
export const DEFAULT_API_KEY_HEADER = "x-api-key";

const CHOSEN_SCHEMES: Record<Exclude<AuthChoice, "none">, AuthScheme> = {
  jwt: { id: "BearerAuth", type: "http", scheme: "Bearer" },
  "api-key": { id: "ApiKeyAuth", type: "apiKey", in: "header", keyName: DEFAULT_API_KEY_HEADER },
  oauth2: { id: "OAuth2Auth", type: "oauth2", scopes: [] },
};

/** True when any operation of the spec carries a @useAuth requirement. */
export function specDeclaresAuth(api: ApiModel): boolean {
  return api.services.some((s) => s.operations.some((op) => op.auth !== undefined));
}

function schemeView(scheme: AuthScheme): SchemeView | undefined {
  switch (scheme.type) {
    case "noAuth":
      return undefined;
    case "oauth2":
    case "openIdConnect":
      return { id: scheme.id, kind: "jwt", flavour: "oauth2", label: "OAuth2 access token (JWT, scopes checked)" };
    case "apiKey":
      return {
        id: scheme.id,
        kind: "apiKey",
        flavour: scheme.in ?? "header",
        in: scheme.in ?? "header",
        keyName: scheme.in === "header" ? (scheme.keyName ?? DEFAULT_API_KEY_HEADER).toLowerCase() : (scheme.keyName ?? "api_key"),
        label: `API key in ${scheme.in ?? "header"} \`${scheme.keyName}\``,
      };
    case "http": {
      const word = scheme.scheme ?? "Bearer";
      if (word.toLowerCase() === "bearer") return { id: scheme.id, kind: "jwt", flavour: "bearer", label: "Bearer JWT" };
      if (word.toLowerCase() === "basic")
        return { id: scheme.id, kind: "basic", flavour: "basic", httpScheme: "Basic", label: "HTTP Basic" };
      return { id: scheme.id, kind: "httpKey", flavour: word, httpScheme: word, label: `\`Authorization: ${word} <key>\`` };
    }
  }
}

export function authView(api: ApiModel, choice: unknown): AuthView {
  const fromSpec = specDeclaresAuth(api);
  const chosen =
    !fromSpec && typeof choice === "string" && choice in CHOSEN_SCHEMES ? CHOSEN_SCHEMES[choice as keyof typeof CHOSEN_SCHEMES] : undefined;
  const known: Record<string, AuthScheme> = chosen ? { [chosen.id]: chosen } : api.authSchemes;
  const requirementOf = (op: Operation): AuthRequirement | undefined =>
    chosen ? { options: [{ schemes: [{ id: chosen.id, scopes: [] }] }] } : op.auth;

  const schemes = new Map<string, SchemeView>();
  const routes: RouteAuth[] = [];
  const seen = new Set<string>();
  for (const op of api.services.flatMap((s) => s.operations)) {
    const requirement = requirementOf(op);
    if (!requirement) continue;
    // NoAuth inside an option means "nothing needed" for that option.
    const options = requirement.options.map((option) => ({
      schemes: option.schemes.filter((s) => known[s.id] !== undefined && known[s.id].type !== "noAuth"),
    }));
    for (const s of options.flatMap((o) => o.schemes)) {
      const view = schemeView(known[s.id]);
      if (view) schemes.set(s.id, view);
    }
    const method = op.verb.toUpperCase();
    const url = routeUrl(op);
    const key = `${method} ${url}`;
    // Operations sharing a route (@sharedRoute) share its auth requirement (the spec layer checks).
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({
      id: op.id,
      key,
      method,
      url,
      path: op.path,
      options,
      open: options.some((o) => o.schemes.length === 0),
      sample: sampleRequest(api, op),
    });
  }
  const list = [...schemes.values()];
  return {
    source: fromSpec ? "spec" : chosen ? "answer" : "none",
    schemes: list,
    routes,
    protectedRoutes: routes.filter((r) => !r.open),
    openSamples: routes.filter((r) => r.open).map((r) => r.sample),
    usesJwt: list.some((s) => s.kind === "jwt"),
    usesApiKeys: list.some((s) => s.kind === "apiKey" || s.kind === "httpKey"),
    usesBasic: list.some((s) => s.kind === "basic"),
    usesCookieKeys: list.some((s) => s.kind === "apiKey" && s.in === "cookie"),
    allScopes: [...new Set(routes.flatMap((r) => r.options.flatMap((o) => o.schemes.flatMap((s) => s.scopes))))].sort(),
  };
}
