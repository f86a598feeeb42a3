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
