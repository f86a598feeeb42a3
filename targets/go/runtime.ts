/**
 * How a Go project runs in an image: `go build` with CGO_ENABLED=0 on the golang image of the
 * go.mod's Go, then the static binary alone on distroless (no shell, no libc) as its nonroot user.
 * Distroless has no curl, so the image checks its health with the binary itself:
 * `server healthcheck` (cmd/server) GETs the liveness path and exits 0 or 1.
 */
import { builtinRoutes } from "../../src/codegen/builtin-routes.ts";
import type { RenderContext } from "../../src/plugins/contract.ts";
import type { RuntimeProfile } from "../target.ts";
import { GO_VERSION } from "./generators/go-base.ts";
import { goModFile } from "./views/go-modules.ts";

/** govulncheck, run with `go run` so nothing is installed; v1.1.4 is the newest whose go.mod accepts Go 1.22+ (v1.2.0 needs 1.25). */
export const GOVULNCHECK_VERSION = "v1.1.4";
/** distroless' static image: CA certificates, tzdata, /etc/passwd with `nonroot` (65532), nothing else. */
export const GO_RUNTIME_IMAGE = "gcr.io/distroless/static-debian12:nonroot";
const NONROOT_UID = 65532;
const APP_DIR = "/app";

/** The Go release the project's go.mod names, as major.minor (its `go` line is 1.24.0 or newer). */
export function goRelease(dependencies: Record<string, string>): string {
  return goModFile(dependencies, GO_VERSION).go.split(".").slice(0, 2).join(".");
}

export function goRuntime(ctx: RenderContext): RuntimeProfile {
  const answers = ctx.answers ?? {};
  const port = Number(answers.port ?? 3000);
  const liveness = builtinRoutes(ctx.api).liveness;
  const release = goRelease(ctx.dependencies ?? {});
  const binary = `${APP_DIR}/server`;
  const tool = ctx.tool ?? { name: "create-typespec-stack", version: "0.0.0" };
  return {
    appDir: APP_DIR,
    command: [binary],
    healthcheck: [binary, "healthcheck"],
    // Numeric, so Kubernetes' runAsNonRoot can verify it from the image alone.
    user: { name: `${NONROOT_UID}:${NONROOT_UID}`, uid: NONROOT_UID },
    env: [
      { name: "HOST", value: "0.0.0.0", description: "Listen on every interface of the container" },
      { name: "PORT", value: String(port), description: "Port the HTTP server listens on" },
    ],
    docker: {
      summary: [
        "Two stages: the first compiles a static binary (CGO_ENABLED=0)",
        "with the Go of go.mod, the second runs it alone on distroless, as an unprivileged user.",
      ],
      build: {
        image: `golang:${release}-bookworm`,
        workdir: "/src",
        dependencies: "go.mod go.sum",
        install: "go mod download",
        // data/ is created here: the runtime image has no shell to mkdir it.
        build: "CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/server ./cmd/server && mkdir -p /out/data",
      },
      runtime: {
        image: GO_RUNTIME_IMAGE,
        copies: [{ from: "/out/server", to: "./server" }],
        dataFolder: `COPY --from=build --chown=${NONROOT_UID}:${NONROOT_UID} /out/data ./data`,
      },
      ignore: ["bin"],
      readme: {
        build: "two stages: a static binary, then distroless with it alone",
        runs: [
          `The image runs \`${binary}\` (static, \`CGO_ENABLED=0\`) on distroless as the unprivileged user ${NONROOT_UID}`,
          `with \`HOST=0.0.0.0\`, and checks its own health with \`${binary} healthcheck\` (a GET of \`${liveness}\`).`,
        ],
      },
    },
    ci: {
      // The release go.mod names at its newest patch: the .0 patch go.mod spells would fail
      // govulncheck on standard-library advisories fixed since.
      setup: [
        "      - uses: actions/setup-go@v5",
        "        with:",
        `          go-version: "${release}.x"`,
        "          check-latest: true",
        // For the generator's own check below: a Node 22 CLI.
        "      - uses: actions/setup-node@v4",
        "        with:",
        "          node-version: 22",
      ].join("\n"),
      steps: [
        { name: "Download modules", run: "go mod download" },
        { name: "go.mod and go.sum are tidy", run: "go mod tidy -diff" },
        {
          name: "Generated code matches the spec",
          why: `Fails when spec/ changed but \`npx ${tool.name} update\` was not run and committed.`,
          run: `npx --yes ${tool.name}@${tool.version} update --check`,
        },
        { name: "Vet", run: "go vet ./..." },
        { name: "Build", run: "CGO_ENABLED=0 go build -trimpath -o bin/server ./cmd/server" },
        { name: "Test", run: "go test ./..." },
        { name: "Audit dependencies", run: `go run golang.org/x/vuln/cmd/govulncheck@${GOVULNCHECK_VERSION} ./...` },
      ],
      // The generated tests use their own database: TEST_DATABASE_URL, here the service's.
      env: (serviceEnv) => {
        const database = serviceEnv.find((e) => e.name === "DATABASE_URL");
        return database ? [{ name: "TEST_DATABASE_URL", value: database.value }] : [];
      },
      does: "vets, builds and runs the tests",
      audit: "govulncheck ./...",
      lockfile: "go.sum",
    },
  };
}
