/**
 * Kubernetes layer: a kustomize base (Deployment with probes, resources and a locked-down security
 * context, Service, ConfigMap, autoscaling, disruption budget, optional Ingress) and dev/prod
 * overlays that add the namespace, the Secret (from a git-ignored secrets.env) and their sizes.
 * A ServiceMonitor component joins prod when the monitoring layer serves metrics.
 */
import { builtinRoutes } from "../src/codegen/builtin-routes.ts";
import { definePlugin, type RenderContext } from "../src/plugins/contract.ts";
import { deployTargets, deployView, monitoringOn, validIngressHost } from "../src/codegen/deploy-view.ts";
import { templatesDir } from "../src/tool.ts";

export default definePlugin({
  name: "kubernetes",
  layer: "deploy",
  description: "kustomize base and dev/prod overlays under deploy/k8s",
  templates: templatesDir("kubernetes"),
  requires: ["server"],
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
    const routes = builtinRoutes(ctx.api);
    const host = String(ctx.answers.ingress ?? "").trim();
    const app = ctx.project.names.kebab;
    return {
      collections: {
        ingress: host ? [{ fileName: "ingress", host }] : [],
        monitoring: monitoringOn(ctx.answers) ? [{ fileName: "monitoring" }] : [],
      },
      readme: [
        {
          title: "Deploy to Kubernetes",
          body: [
            "```sh",
            "cp deploy/k8s/overlays/dev/secrets.env.example deploy/k8s/overlays/dev/secrets.env   # then fill it in",
            "kubectl apply -k deploy/k8s/overlays/dev     # namespace " + `${app}-dev, one replica, debug logs`,
            "kubectl apply -k deploy/k8s/overlays/prod    # namespace " + `${app}, autoscaled from 3 replicas`,
            "```",
            "",
            `\`deploy/k8s/base\` holds what every environment shares: the Deployment (readiness on \`${routes.readiness}\`,`,
            `liveness and start-up on \`${routes.liveness}\`, non-root, read-only root file system with a writable \`/tmp\`,`,
            "no privilege escalation, every capability dropped, seccomp `RuntimeDefault`), its Service, a",
            "ConfigMap with every setting that is not secret, the autoscaler and the disruption budget" +
              (host ? `, and an Ingress for \`${host}\`.` : "."),
            "",
            "**The Secret.** Every setting `.env.example` marks as secret (connection URLs with passwords,",
            "keys) goes into `secrets.env` beside the overlay's kustomization, one `NAME=value` a line, as",
            "`secrets.env.example` lists them. kustomize turns it into the Secret the pods read; git ignores",
            "the file, so values are never committed. Point the URLs at your database and services, not at",
            "the compose host names.",
            "",
            deployTargets(ctx.answers).includes("docker")
              ? "Build and push the image first (`docker build`, see the Dockerfile), then set its name in the overlay:"
              : "Build and push an image that runs `node dist/src/main.js` as user 1000 (`--deploy docker,kubernetes` writes its Dockerfile), then set its name in the overlay:",
            `\`kustomize edit set image ${app}=<registry>/${app}:<tag>\`. When the ConfigMap has \`MIGRATE_ON_START\`, set it`,
            "to `true` for a first deployment, or apply migrations from your pipeline before rolling out." +
              (monitoringOn(ctx.answers)
                ? "\nThe prod overlay adds a Prometheus Operator `ServiceMonitor` (deploy/k8s/components/monitoring); remove the\n`components:` entry on a cluster without the operator. Pods also carry `prometheus.io/*` scrape annotations."
                : ""),
          ].join("\n"),
        },
      ],
    };
  },
});
