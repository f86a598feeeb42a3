/**
 * CI layer: a GitHub Actions workflow for the generated project: the target's steps (TypeScript:
 * install, build, test, `npm audit --audit-level=high` or the package manager's own; Go: vet, test,
 * govulncheck) next to the backing services other layers contributed, and the image build when
 * the Docker layer is on.
 */
import { type BackingService, definePlugin, type RenderContext } from "../src/plugins/contract.ts";
import { deployTargets, deployView } from "../src/codegen/deploy-view.ts";
import { shellQuote } from "../src/post/package-manager.ts";
import { templatesDir } from "../src/tool.ts";

/** A compose healthcheck test as the one command line `docker run --health-cmd` takes. */
export function healthCommand(test: string[]): string {
  return test[0] === "CMD" || test[0] === "CMD-SHELL" ? test.slice(1).join(" ") : test.join(" ");
}

/**
 * The `docker run` that starts a backing service on the runner, published on localhost. Job-level
 * `services:` cannot pass a command (NATS needs `-js`, Mosquitto its config), so every service is
 * started this way, the same for all.
 */
export function dockerRun(service: BackingService): string {
  const words = ["docker", "run", "--detach", "--name", service.name];
  for (const port of service.ports) words.push("--publish", `127.0.0.1:${port}:${port}`);
  for (const [name, value] of Object.entries(service.environment ?? {})) words.push("--env", `${name}=${value}`);
  words.push("--health-cmd", healthCommand(service.healthcheck), "--health-interval", "2s", "--health-retries", "60");
  words.push(service.image, ...(service.command ?? []));
  return words.map(shellQuote).join(" ");
}

/** An env value that names a compose host (`postgres://...@postgres:5432/app`) points at localhost instead. */
export function onRunner(value: string, services: readonly BackingService[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (!services.some((s) => s.name === url.hostname)) return value;
  url.hostname = "127.0.0.1";
  return url.toString();
}

export default definePlugin({
  name: "ci-github",
  layer: "ci",
  description: "GitHub Actions workflow: install, build, test, audit, image build",
  templates: templatesDir("ci-github"),
  targets: ["typescript", "go"],
  questions: [
    {
      name: "ci",
      topic: "deploy",
      message: "Continuous integration",
      type: "select",
      choices: [
        { value: "github", description: "GitHub Actions: install, build, test, audit, image build" },
        { value: "none", description: "no CI workflow" },
      ],
      default: "github",
    },
  ],
  enabled: (answers) => (answers.ci ?? "github") === "github",
  helpers: {
    ciView: (root: RenderContext) => {
      const view = deployView(root);
      const serviceEnv = view.composeEnv
        .filter((e) => !view.imageEnv.some((i) => i.name === e.name))
        .map((e) => ({ ...e, value: onRunner(e.value, view.services) }));
      return {
        ...view,
        docker: deployTargets(root.answers ?? {}).includes("docker"),
        services: view.services.map((s) => ({ ...s, start: dockerRun(s) })),
        testEnv: [...serviceEnv, ...(view.runtime.ci.env?.(serviceEnv) ?? [])],
      };
    },
  },
  contribute: () => {
    return {
      readme: [
        {
          title: "Continuous integration",
          // From the merged context: the services and the Dockerfile are other layers' answers.
          body: (root) => {
            const { ci } = deployView(root).runtime;
            const services = root.services.map((service) => `\`${service.image}\``);
            const docker = deployTargets(root.answers).includes("docker");
            return [
              `\`.github/workflows/ci.yml\` ${ci.does}` +
                (services.length > 0
                  ? ` next to the services the app needs (${services.join(", ")}, started with \`docker run\` on the runner)`
                  : ""),
              `and fails on \`${ci.audit}\`` + (docker ? "; then it builds the image from the Dockerfile." : "."),
              `Commit \`${ci.lockfile}\` so CI installs exactly it.`,
            ].join("\n");
          },
        },
      ],
    };
  },
});
