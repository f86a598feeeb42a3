/**
 * Monitoring layer: Prometheus metrics through a server extension (request count and duration by
 * route template and status, Node.js process metrics, GET /metrics), the request id returned as
 * x-request-id, and a Grafana dashboard for those metrics. Logs are the server's pino JSON lines,
 * each carrying the request id (reqId).
 */
import { definePlugin } from "../src/plugins/contract.ts";
import { monitoringOn } from "../src/codegen/deploy-view.ts";
import { builtinRoutes } from "../src/codegen/builtin-routes.ts";
import { templatesDir } from "../src/tool.ts";

export const REQUESTS_METRIC = "http_requests_total";
export const DURATION_METRIC = "http_request_duration_seconds";
/** Seconds; dense below 100 ms, where a healthy CRUD service answers. */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The Grafana panels: two a row, 12 columns wide each. */
function dashboardPanels() {
  const window = "[$__rate_interval]";
  const panels = [
    {
      title: "Requests per second by route",
      unit: "reqps",
      legend: "{{method}} {{route}}",
      expr: `sum by (method, route) (rate(${REQUESTS_METRIC}${window}))`,
    },
    {
      title: "Errors (5xx) per second by route",
      unit: "reqps",
      legend: "{{method}} {{route}} {{status_code}}",
      expr: `sum by (method, route, status_code) (rate(${REQUESTS_METRIC}{status_code=~"5.."}${window}))`,
    },
    {
      title: "95th percentile latency by route",
      unit: "s",
      legend: "{{method}} {{route}}",
      expr: `histogram_quantile(0.95, sum by (le, method, route) (rate(${DURATION_METRIC}_bucket${window})))`,
    },
    {
      title: "Median latency by route",
      unit: "s",
      legend: "{{method}} {{route}}",
      expr: `histogram_quantile(0.5, sum by (le, method, route) (rate(${DURATION_METRIC}_bucket${window})))`,
    },
    { title: "Resident memory", unit: "bytes", legend: "{{instance}}", expr: "process_resident_memory_bytes" },
    { title: "Event loop lag (p99)", unit: "s", legend: "{{instance}}", expr: "nodejs_eventloop_lag_p99_seconds" },
  ];
  return panels.map((panel, index) => ({
    ...panel,
    id: index + 1,
    gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
  }));
}

export default definePlugin({
  name: "monitoring-prometheus",
  layer: "monitoring",
  description: "Prometheus /metrics (prom-client), x-request-id, Grafana dashboard",
  templates: templatesDir("monitoring-prometheus"),
  requires: ["server"],
  questions: [
    {
      name: "monitoring",
      topic: "extras",
      message: "Monitoring",
      type: "select",
      choices: [
        {
          value: "prometheus",
          description: "GET /metrics for Prometheus (request count and duration by route, process metrics), Grafana dashboard",
        },
        { value: "none", description: "no metrics endpoint" },
      ],
      default: "prometheus",
    },
  ],
  enabled: monitoringOn,
  contribute(ctx) {
    const routes = builtinRoutes(ctx.api);
    return {
      dependencies: ["prom-client"],
      serverExtensions: [{ from: "./monitoring/metrics.js", name: "metricsExtension" }],
      readme: [
        {
          title: "Monitoring",
          body: [
            `\`GET ${routes.metrics}\` serves Prometheus metrics: \`${REQUESTS_METRIC}\` and the \`${DURATION_METRIC}\``,
            "histogram by `method`, `route` (the route template, such as `/books/{id}` in Fastify's `/books/:id` form)",
            "and `status_code`, plus Node.js process metrics (memory, CPU, event loop lag, GC).",
            `\`${routes.metrics}\` is public unless \`METRICS_TOKEN\` is set: then a scrape must send \`Authorization: Bearer <METRICS_TOKEN>\``,
            "(in Prometheus, `authorization: { credentials: ... }` in the scrape config; in a ServiceMonitor, `authorization` with a Secret).",
            "`monitoring/grafana-dashboard.json` imports into Grafana (pick your Prometheus data source).",
            ...(ctx.plugins.includes("auth")
              ? [
                  `\`${routes.metrics}\` needs no credentials, like \`${routes.liveness}\` and \`${routes.readiness}\`: the auth layer guards the spec's routes only,`,
                  "so let only your Prometheus reach it (a network policy, or a proxy that does not forward it).",
                ]
              : []),
            "",
            "Logs are JSON lines (pino) on stdout; each request's lines carry `reqId`. A caller's `x-request-id`",
            "header is used as that id when it is a plain token (letters, digits, `.`, `_`, `:`, `-`, at most",
            "128 characters); otherwise the server makes one (its random prefix and a counter, such as",
            `\`3f9c2a71b0de-1k\`). Every answer returns the id in \`x-request-id\`. \`${routes.liveness}\` says the process is up,`,
            `\`${routes.readiness}\` that every dependency answers (503 with the failing \`checks\` otherwise).`,
          ].join("\n"),
        },
      ],
      data: {
        path: routes.metrics,
        requestsMetric: REQUESTS_METRIC,
        durationMetric: DURATION_METRIC,
        buckets: BUCKETS,
        dashboardTitle: `${ctx.project.name} requests`,
        panels: dashboardPanels(),
      },
    };
  },
});
