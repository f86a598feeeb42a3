/**
 * The paths of the routes every generated server adds of its own: liveness, readiness and (with
 * monitoring) Prometheus metrics. The spec's routes win: a path the spec declares itself moves
 * the built-in one under BUILTIN_PREFIX, and everything that points at it (probes, the image's
 * health check, the scrape config, the README, the tests) reads the path from here.
 */
import type { ApiModel } from "../spec/model.ts";

export const BUILTIN_PREFIX = "/_stack";

export interface BuiltinRoutes {
  liveness: string;
  readiness: string;
  metrics: string;
}

const DEFAULTS: BuiltinRoutes = { liveness: "/healthz", readiness: "/readyz", metrics: "/metrics" };

export function builtinRoutes(api: ApiModel): BuiltinRoutes {
  const declared = new Set(
    api.services.flatMap((service) => service.operations.map((op) => op.path.split("?")[0].replace(/\/+$/, "") || "/")),
  );
  const place = (path: string) => (declared.has(path) ? `${BUILTIN_PREFIX}${path}` : path);
  return { liveness: place(DEFAULTS.liveness), readiness: place(DEFAULTS.readiness), metrics: place(DEFAULTS.metrics) };
}

/** The README's line on built-in routes that moved aside, if any did. */
export function movedAside(api: ApiModel): string | undefined {
  const routes = builtinRoutes(api);
  const moved = (Object.keys(DEFAULTS) as (keyof BuiltinRoutes)[]).filter((k) => routes[k] !== DEFAULTS[k]);
  if (moved.length === 0) return undefined;
  return `The spec declares ${moved.map((k) => `\`${DEFAULTS[k]}\``).join(", ")} itself, so the server's own ${moved.length > 1 ? "routes for them are" : "route for it is"} at ${moved.map((k) => `\`${routes[k]}\``).join(", ")} (the probes, health check and scrape config point there).`;
}

/** A route template as a pattern of the URLs it takes: a parameter is any text within its segment, a styled one anything. */
function routePattern(template: string): RegExp {
  const source = template
    .replace(/\{[?&][^}]*\}/g, "")
    .split("?")[0]
    .replace(/\/+$/, "")
    .split(/(\{[^}]*\})/)
    .map((part) => {
      if (!part.startsWith("{")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      // `{/x}`, `{+x}`, `{x*}` and friends may hold `/` (the router's wildcard): match anything.
      return /^\{[/+.;#?&]|\*\}$/.test(part) ? ".*" : "[^/]+";
    })
    .join("");
  return new RegExp(`^${source}/?$`);
}

/**
 * A path no route of the spec matches, for the generated test of the router's 404: `/no-such-route`
 * unless a route such as a root `/{id}` takes it, then with more segments. Undefined when a
 * wildcard route takes every path (there is then no unknown path to ask for).
 */
export function unknownPath(api: ApiModel): string | undefined {
  const patterns = api.services.flatMap((service) => service.operations.map((op) => routePattern(op.path)));
  for (let depth = 1; depth <= 8; depth++) {
    const candidate = "/no-such-route" + "/at-all".repeat(depth - 1);
    if (!patterns.some((pattern) => pattern.test(candidate))) return candidate;
  }
  return undefined;
}

/** The order an Allow header lists methods in (the runtime's METHODS). */
const ALLOW_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * For the generated test of the router's 405: a method no route takes on the liveness path, and
 * the Allow header the router then sends (GET and HEAD, and the methods of spec routes such as a
 * root `/{id}` that take the path too). Undefined when every method is taken there.
 */
export function refusedMethod(api: ApiModel): { path: string; method: string; allow: string } | undefined {
  const path = builtinRoutes(api).liveness;
  const taken = new Set(["GET", "HEAD"]);
  for (const op of api.services.flatMap((service) => service.operations))
    if (routePattern(op.path).test(path)) taken.add(op.verb.toUpperCase());
  const method = ["DELETE", "PUT", "PATCH", "POST"].find((m) => !taken.has(m));
  if (method === undefined) return undefined;
  return { path, method, allow: ALLOW_ORDER.filter((m) => taken.has(m)).join(", ") };
}
