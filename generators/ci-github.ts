/**
 * CI layer: a GitHub Actions workflow for the generated project: install, build, test next to the
 * backing services other layers contributed, `npm audit --audit-level=high`, and the image build
 * when the Docker layer is on.
 */
import { definePlugin, type RenderContext } from "../src/plugins/contract.ts";
import { deployTargets, deployView } from "../src/codegen/deploy-view.ts";
import { templatesDir } from "../src/tool.ts";

/** A compose healthcheck test as the one command line `docker run --health-cmd` takes. */
export function healthCommand(test: string[]): string {
  return test[0] === "CMD" || test[0] === "CMD-SHELL" ? test.slice(1).join(" ") : test.join(" ");
}

export default definePlugin({
  name: "ci-github",
  layer: "ci",
  description: "GitHub Actions workflow: install, build, test, audit, image build",
  templates: templatesDir("ci-github"),
  requires: ["server"],
  questions: [
    {
      name: "ci",
      message: "Continuous integration",
      type: "select",
      choices: [
        { value: "github", description: "GitHub Actions: install, build, test, npm audit, image build" },
        { value: "none", description: "no CI workflow" },
      ],
      default: "github",
    },
  ],
  enabled: (answers) => (answers.ci ?? "github") === "github",
  helpers: {
    ciView: (root: RenderContext) => {
      const view = deployView(root);
      return {
        ...view,
        docker: deployTargets(root.answers ?? {}).includes("docker"),
        services: view.services.map((s) => ({ ...s, healthCommand: healthCommand(s.healthcheck) })),
        serviceEnv: view.composeEnv.filter((e) => !view.imageEnv.some((i) => i.name === e.name)),
      };
    },
  },
  contribute: () => ({
    readme: [
      {
        title: "Continuous integration",
        body: [
          "`.github/workflows/ci.yml` installs, builds and runs the tests (next to the services the app needs,",
          "started from the same images as docker-compose.yml), fails on `npm audit --audit-level=high`, and",
          "builds the image when the project has a Dockerfile. Commit `package-lock.json` so CI installs exactly it.",
        ].join("\n"),
      },
    ],
  }),
});
