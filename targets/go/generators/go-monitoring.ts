/**
 * The Go target's monitoring layer, as the TypeScript one (generators/monitoring-prometheus.ts):
 * GET /metrics with client_golang, http_requests_total and the http_request_duration_seconds
 * histogram by method, route template and status code, the Go runtime's and the process's
 * metrics, and METRICS_TOKEN guarding the scrape. The same `monitoring` answer enables it.
 */
import path from "node:path";
import { definePlugin } from "../../../src/plugins/contract.ts";
import { packageRoot } from "../../../src/tool.ts";
import { monitoringOn } from "../../../src/codegen/deploy-view.ts";
import { builtinRoutes } from "../../../src/codegen/builtin-routes.ts";
import { BUCKETS, DURATION_METRIC, REQUESTS_METRIC } from "../../../generators/monitoring-prometheus.ts";
import { goRoutes } from "../views/go-routes.ts";

/** A path of the pattern's shape a test can call: each wildcard filled with "1". */
function samplePath(pattern: string): string {
  return pattern
    .replace(/^\S+ /, "")
    .replace(/\{\$\}$/, "")
    .replace(/\{[^}]+\}/g, "1");
}

export default definePlugin({
  name: "go-monitoring",
  layer: "monitoring",
  targets: ["go"],
  description: "Prometheus GET /metrics (client_golang): request count and duration by route, Go runtime and process metrics",
  templates: path.join(packageRoot, "targets", "go", "templates", "monitoring"),
  requires: ["go-server"],
  enabled: monitoringOn,
  contribute(ctx) {
    const routes = builtinRoutes(ctx.api);
    // A GET route of the spec for the generated test: counted under its pattern, not its URL.
    const get = goRoutes(ctx.api).patterns.find((p) => p.pattern.startsWith("GET ") && p.pattern.includes("{"));
    return {
      extraDependencies: { "github.com/prometheus/client_golang": "v1.23.2" },
      serverExtensions: [{ from: "internal/metrics", name: "Instrument" }],
      readme: [
        {
          title: "Monitoring",
          body: [
            `\`GET ${routes.metrics}\` serves Prometheus metrics: \`${REQUESTS_METRIC}\` and the \`${DURATION_METRIC}\``,
            "histogram by `method`, `route` (the route template, such as `/books/{id}`, written `/books/:id` as the",
            "TypeScript target writes it; `unmatched` for a request no route took) and `status_code`, plus the Go",
            "runtime's and the process's metrics (`go_*`, `process_*`: memory, CPU, goroutines, GC).",
            `\`${routes.metrics}\` is public unless \`METRICS_TOKEN\` is set: then a scrape must send \`Authorization: Bearer <METRICS_TOKEN>\``,
            "(in Prometheus, `authorization: { credentials: ... }` in the scrape config).",
            "",
            "Logs are JSON lines (slog) on stdout; each request's line carries `reqId`. A caller's `x-request-id`",
            "header is used as that id when it is a plain token (letters, digits, `.`, `_`, `:`, `-`, at most",
            "128 characters); otherwise the server makes one (its random prefix and a counter, such as",
            "`3f9c2a71b0de-1k`). Every answer returns the id in `x-request-id`.",
          ].join("\n"),
        },
      ],
      data: {
        path: routes.metrics,
        liveness: routes.liveness,
        requestsMetric: REQUESTS_METRIC,
        durationMetric: DURATION_METRIC,
        bucketsGo: `[]float64{${BUCKETS.join(", ")}}`,
        // The auth layer guards the spec's routes only: a public /metrics is said at start.
        auth: ctx.plugins.some((name) => name === "auth" || name === "go-auth"),
        sample: get && {
          url: samplePath(get.pattern),
          route: get.pattern
            .replace(/^\S+ /, "")
            .replace(/\{\$\}$/, "")
            .replace(/\{([^}.$]+)(\.\.\.)?\}/g, ":$1"),
        },
      },
    };
  },
});
