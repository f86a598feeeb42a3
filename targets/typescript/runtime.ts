/**
 * How a TypeScript project runs in an image: built with its package manager on the Node image,
 * run as `node dist/src/main.js` by the image's `node` user on the slim Node image.
 */
import type { PackageManager } from "../../src/post/package-manager.ts";
import { packageManagerCommands } from "../../src/post/package-manager.ts";
import { builtinRoutes } from "../../src/codegen/builtin-routes.ts";
import type { RenderContext } from "../../src/plugins/contract.ts";
import type { RuntimeProfile } from "../target.ts";

/** Node major the images are pinned to; the generated package.json asks for Node 22.9 or newer. */
export const NODE_IMAGE_MAJOR = 22;
const APP_DIR = "/app";

/**
 * The build stage's install, build and prune for the project's package manager. The node images
 * ship npm and classic yarn; pnpm comes through corepack, bun is copied from its official image.
 */
export function dockerPackageManager(pm: PackageManager = "npm") {
  const commands = packageManagerCommands(pm);
  const setup: Partial<Record<PackageManager, string>> = {
    pnpm: "RUN corepack enable pnpm",
    bun: "COPY --from=oven/bun:1 /usr/local/bin/bun /usr/local/bin/bun",
  };
  return { ...commands, build: commands.run("build"), setup: setup[pm] };
}

/** The workflow's install, build, test and audit for the project's package manager (the runners ship npm and yarn). */
export function ciPackageManager(pm: PackageManager = "npm") {
  const commands = packageManagerCommands(pm);
  const setup: Partial<Record<PackageManager, string>> = {
    pnpm: "      - uses: pnpm/action-setup@v4\n        with:\n          version: 10",
    bun: "      - uses: oven-sh/setup-bun@v2",
  };
  return { ...commands, build: commands.run("build"), test: commands.run("test"), setup: setup[pm] };
}

export function typescriptRuntime(ctx: RenderContext): RuntimeProfile {
  const answers = ctx.answers ?? {};
  const pm = dockerPackageManager(answers.packageManager as PackageManager | undefined);
  const ci = ciPackageManager(answers.packageManager as PackageManager | undefined);
  const port = Number(answers.port ?? 3000);
  const liveness = builtinRoutes(ctx.api).liveness;
  const tool = ctx.tool ?? { name: "create-typespec-stack", version: "0.0.0" };
  return {
    appDir: APP_DIR,
    command: ["node", "dist/src/main.js"],
    healthcheck: [
      "node",
      "-e",
      `fetch('http://127.0.0.1:' + process.env.PORT + '${liveness}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
    ],
    // The official node images' unprivileged user.
    user: { name: "node", uid: 1000 },
    env: [
      { name: "NODE_ENV", value: "production", description: "Production mode for Node.js libraries" },
      { name: "HOST", value: "0.0.0.0", description: "Listen on every interface of the container" },
      { name: "PORT", value: String(port), description: "Port the HTTP server listens on" },
    ],
    productionEnv: "NODE_ENV=production",
    docker: {
      summary: [
        "Two stages: the first builds with every dependency, the second runs",
        "the compiled app with production dependencies only, as an unprivileged user.",
      ],
      build: {
        image: `node:${NODE_IMAGE_MAJOR}-bookworm`,
        workdir: APP_DIR,
        setup: pm.setup,
        dependencies: `package.json ${pm.lockfile}*`,
        install: `if [ -f ${pm.lockfile} ]; then ${pm.lockedInstall}; else ${pm.install}; fi`,
        build: `${pm.build} && ${pm.pruneDev}`,
      },
      runtime: {
        image: `node:${NODE_IMAGE_MAJOR}-bookworm-slim`,
        copies: ["package.json", "node_modules", "dist"].map((name) => ({ from: `${APP_DIR}/${name}`, to: `./${name}` })),
        dataFolder: `RUN mkdir -p ${APP_DIR}/data && chown node:node ${APP_DIR}/data`,
      },
      ignore: ["node_modules", "dist"],
      readme: {
        build: "two stages: build, then production dependencies only",
        runs: [
          "The image runs `node dist/src/main.js` as the unprivileged `node` user with `NODE_ENV=production`,",
          `\`HOST=0.0.0.0\`, and checks its own health on \`${liveness}\`.`,
        ],
      },
    },
    ci: {
      setup: [
        `      - uses: actions/setup-node@v4\n        with:\n          node-version: ${NODE_IMAGE_MAJOR}`,
        ...(ci.setup ? [ci.setup] : []),
      ].join("\n"),
      steps: [
        { name: "Install", run: `if [ -f ${ci.lockfile} ]; then ${ci.lockedInstall}; else ${ci.install}; fi` },
        {
          name: "Generated code matches the spec",
          why: `Fails when spec/ changed but \`npx ${tool.name} update\` was not run and committed.`,
          run: `npx --yes ${tool.name}@${tool.version} update --check`,
        },
        { name: "Build", run: ci.build },
        { name: "Test", run: ci.test },
        { name: "Audit dependencies", run: ci.audit },
      ],
      does: "installs, builds and runs the tests",
      audit: ci.audit,
      lockfile: ci.lockfile,
    },
  };
}
