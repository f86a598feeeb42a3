/**
 * Docker layer: a two-stage Dockerfile from the target's runtime profile (TypeScript: pinned Node
 * major; Go: a static binary on distroless; both non-root with a HEALTHCHECK on the liveness path), a .dockerignore that keeps secrets and local data out, and a docker-compose.yml with the
 * app and every backing service other layers contributed (healthchecks, start order, named volumes).
 * Owns the `deploy` question, shared with the Kubernetes layer.
 */
import { definePlugin, type RenderContext } from "../src/plugins/contract.ts";
import { DEPLOY_TARGETS, deployTargets, deployView } from "../src/codegen/deploy-view.ts";
import { templatesDir } from "../src/tool.ts";

/** Where the secret settings go, and (with auth) that production refuses the auth layer's development defaults. */
function secretsLine(root: RenderContext): string[] {
  const view = deployView(root);
  const secrets = view.secrets.map((v) => `\`${v.name}\``);
  if (secrets.length === 0) return [];
  const production = view.runtime.productionEnv;
  return [
    `Put the settings \`.env.example\` marks as secret (${secrets.join(", ")}) in \`.env\`` +
      (root.plugins.includes("auth") && production
        ? `; with \`${production}\` the auth layer refuses to start on its development defaults (see Auth).`
        : "."),
  ];
}

export default definePlugin({
  name: "docker",
  layer: "deploy",
  description: "Dockerfile, .dockerignore and docker-compose.yml with the app's backing services",
  templates: templatesDir("docker"),
  targets: ["typescript", "go"],
  questions: [
    {
      name: "deploy",
      topic: "deploy",
      message: "Deployment files",
      type: "multiselect",
      choices: [
        { value: "docker", description: "Dockerfile and docker-compose.yml with the services the app needs" },
        { value: "kubernetes", description: "kustomize base and dev/prod overlays under deploy/k8s" },
        { value: "none", description: "no deployment files" },
      ],
      default: ["docker"],
      validate: (value) => {
        const list = Array.isArray(value) ? value : [];
        return list.includes("none") && list.length > 1
          ? `"none" cannot be combined with ${DEPLOY_TARGETS.filter((t) => list.includes(t)).join(", ")}`
          : true;
      },
      fix: (value) => ({
        rule: 'Use "none" alone, or the targets without it',
        example: (Array.isArray(value) ? value : []).filter((t) => t !== "none"),
      }),
    },
  ],
  enabled: (answers) => deployTargets(answers).includes("docker"),
  helpers: {
    dockerView: (root: RenderContext) => deployView(root),
  },
  contribute(ctx) {
    const app = ctx.project.names.kebab;
    return {
      readme: [
        {
          title: "Run in containers",
          // From the merged context: which settings are secret, and whether anything refuses development defaults.
          body: (root) => {
            const { readme } = deployView(root).runtime.docker;
            return [
              "```sh",
              `docker build -t ${app} .          # ${readme.build}`,
              "docker compose up --build        # the app and the services it needs, on http://127.0.0.1:" +
                Number(ctx.answers.port ?? 3000),
              "```",
              "",
              ...readme.runs.slice(0, -1),
              `${readme.runs.at(-1)} Compose starts the app once every backing`,
              "service reports healthy, passes `.env` (when present) to it, keeps each service's data in a named",
              "volume, and runs the app with a read-only file system (`/tmp` and `data/` are writable).",
              ...secretsLine(root),
            ].join("\n");
          },
        },
      ],
    };
  },
});
