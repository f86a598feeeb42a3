/**
 * Kubernetes layer: a kustomize base (Deployment with probes, resources and a locked-down security
 * context, Service, ConfigMap, autoscaling, disruption budget, optional Ingress) and dev/prod
 * overlays that add the namespace, the Secret (from a git-ignored secrets.env) and their sizes.
 * A ServiceMonitor component joins prod when the monitoring layer serves metrics.
 */
import { definePlugin, type RenderContext } from "../src/plugins/contract.ts";
import { type DeployView, deployTargets, deployView, monitoringOn, validIngressHost } from "../src/codegen/deploy-view.ts";
import { templatesDir } from "../src/tool.ts";

export default definePlugin({
  name: "kubernetes",
  layer: "deploy",
  description: "kustomize base and dev/prod overlays under deploy/k8s",
  templates: templatesDir("kubernetes"),
  targets: ["typescript", "go"],
  questions: [
    {
      name: "ingress",
      topic: "deploy",
      label: "Ingress host",
      message: "Ingress host name for Kubernetes",
      type: "input",
      default: "",
      defaultLabel: "no Ingress",
      validate: validIngressHost,
      fix: () => ({ rule: "Use a host name without scheme or port, or leave it empty for no Ingress", example: "api.example.com" }),
      when: (answers) => deployTargets(answers).includes("kubernetes"),
    },
  ],
  enabled: (answers) => deployTargets(answers).includes("kubernetes"),
  helpers: {
    k8sView: (root: RenderContext) => deployView(root),
  },
  contribute(ctx) {
    const host = String(ctx.answers.ingress ?? "").trim();
    return {
      collections: {
        ingress: host ? [{ fileName: "ingress", host }] : [],
        monitoring: monitoringOn(ctx.answers) ? [{ fileName: "monitoring" }] : [],
      },
      // From the merged context: replicas, storage and secrets follow what the other layers contributed.
      readme: [{ title: "Deploy to Kubernetes", body: (root) => readme(root) }],
    };
  },
});

/** How many pods an overlay runs, as its manifests say. */
function podsOf(view: DeployView, overlay: "dev" | "prod"): string {
  if (view.stateful) return "one replica";
  const { min, max } = view.replicas[overlay];
  return `autoscaled from ${min} to ${max} replicas`;
}

function readme(root: RenderContext): string {
  const view = deployView(root);
  const { app } = view;
  const migrates = root.env.find((v) => v.name === "MIGRATE_ON_START");
  const lines = [
    "```sh",
    ...(view.secrets.length > 0
      ? ["cp deploy/k8s/overlays/dev/secrets.env.example deploy/k8s/overlays/dev/secrets.env   # then fill it in"]
      : []),
    `kubectl apply -k deploy/k8s/overlays/dev     # namespace ${app}-dev, ${podsOf(view, "dev")}, debug logs`,
    ...(view.secrets.length > 0
      ? ["cp deploy/k8s/overlays/prod/secrets.env.example deploy/k8s/overlays/prod/secrets.env # the production values"]
      : []),
    `kubectl apply -k deploy/k8s/overlays/prod    # namespace ${app}, ${podsOf(view, "prod")}`,
    "```",
    "",
    `\`deploy/k8s/base\` holds what every environment shares: the Deployment (readiness on \`${view.probes.readiness}\`,`,
    `liveness and start-up on \`${view.probes.liveness}\`, non-root, read-only root file system with a writable \`/tmp\`,`,
    "no privilege escalation, every capability dropped, seccomp `RuntimeDefault`), its Service, a",
    "ConfigMap with every setting that is not secret, " +
      (view.stateful ? "and the disruption budget" : "the autoscaler and the disruption budget") +
      (view.ingressHost ? `, and an Ingress for \`${view.ingressHost}\`.` : "."),
    ...(view.stateful
      ? [
          `The app keeps its data in files (SQLite), so it runs one replica, replaced with \`Recreate\`, and its \`${view.dataDir}\``,
          `is a ${view.dataVolumeSize} PersistentVolumeClaim (\`${app}-data\`); there is no autoscaler. For more replicas use a database server (\`--db postgres\`).`,
        ]
      : []),
    "",
  ];
  if (view.secrets.length > 0) {
    lines.push(
      "**The Secret.** The settings `.env.example` marks as secret (" + view.secrets.map((v) => `\`${v.name}\``).join(", ") + ")",
      "go into `secrets.env` beside the overlay's kustomization, one `NAME=value` a line, as",
      "`secrets.env.example` lists them. kustomize turns it into the Secret the pods read; git ignores",
      "the file, so values are never committed." +
        (view.services.length > 0
          ? " Point the URLs at your own servers" +
            (deployTargets(root.answers).includes("docker") ? ", not at the compose host names." : ".")
          : ""),
      "",
    );
  }
  lines.push(
    deployTargets(root.answers).includes("docker")
      ? "Build and push the image first (`docker build`, see the Dockerfile), then set its name in the overlay:"
      : `Build and push an image that runs \`${view.command.join(" ")}\` as user ${view.uid} (\`--deploy docker,kubernetes\` writes its Dockerfile), then set its name in the overlay:`,
    `\`kustomize edit set image ${app}=<registry>/${app}:<tag>\`.` +
      (migrates === undefined
        ? ""
        : migrates.example === "true"
          ? " The ConfigMap has `MIGRATE_ON_START=true`: each pod applies pending migrations as it starts."
          : " The ConfigMap has `MIGRATE_ON_START=false`: set it to `true` for a first deployment, or apply migrations from your pipeline before rolling out."),
  );
  if (view.metricsPath)
    lines.push(
      "The prod overlay adds a Prometheus Operator `ServiceMonitor` (deploy/k8s/components/monitoring); remove the",
      "`components:` entry on a cluster without the operator. Pods also carry `prometheus.io/*` scrape annotations.",
    );
  return lines.join("\n");
}
