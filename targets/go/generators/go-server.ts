/**
 * The Go target's server layer: a Go module with net/http's ServeMux routes for every operation,
 * request decoding and validation against the same JSON Schemas as the TypeScript target, errors in
 * the spec's error model, /healthz and /readyz, slog JSON logs with request ids, a handler interface
 * per operation group (your code in internal/handlers/, created once) and a test calling every route.
 */
import path from "node:path";
import { definePlugin } from "../../../src/plugins/contract.ts";
import { packageRoot } from "../../../src/tool.ts";
import { DEFAULT_PORT } from "../../../src/questions/core.ts";
import { modelsInUse } from "../../../src/codegen/routes.ts";
import { builtinRoutes } from "../../../src/codegen/builtin-routes.ts";
import { goDeclarations, goZero, qualifiedGoType, usesTime } from "../views/go-types.ts";
import { goContract, goGroupLines, goRoutes, goTestRows, goUnknownPath } from "../views/go-routes.ts";
import { goString } from "../views/go-names.ts";
import { goModFile } from "../views/go-modules.ts";
import { GO_VERSION } from "./go-base.ts";

export default definePlugin({
  name: "go-server",
  layer: "server",
  targets: ["go"],
  description: "Go net/http server: routes, validation, errors in the spec's model, handlers, tests",
  enabled: () => true,
  templates: path.join(packageRoot, "targets", "go", "templates", "server"),
  userFiles: ["internal/handlers/"],
  helpers: {
    goString: (value: unknown) => goString(String(value ?? "")),
    // A layer's extension lives in a package of the module ("internal/metrics"); Go calls it by the last segment.
    // go.mod and go.sum from every layer's modules (targets/go/modules.json pins them).
    goModules: (dependencies: unknown) => goModFile((dependencies ?? {}) as Record<string, string>, GO_VERSION),
    goPackage: (from: unknown) =>
      String(from ?? "")
        .split("/")
        .pop() ?? "",
    // internal/api, internal/handlers and each layer's package, sorted as gofmt sorts an import group.
    goModuleImports: (module: unknown, extensions: unknown) =>
      [
        ...new Set(
          ["internal/api", "internal/handlers", ...((extensions ?? []) as { from: string }[]).map((e) => e.from)].map(
            (from) => `${String(module)}/${from}`,
          ),
        ),
      ].sort(),
    // A comment stays one line: a newline in a doc comment would end it and start Go code.
    goComment: (value: unknown) => String(value ?? "").replace(/\s*\n\s*/g, " "),
  },
  contribute(ctx) {
    const ops = ctx.api.services.flatMap((s) => s.operations);
    const types = goDeclarations(ctx.api, modelsInUse(ctx.api, ops));
    const { groups, patterns, unsupported } = goRoutes(ctx.api);
    const port = Number(ctx.answers.port ?? DEFAULT_PORT);
    const typeTexts = types.flatMap((t) => (t.fields ?? []).map((f) => f.type));
    const routeTexts = groups.flatMap((g) => g.routes.flatMap((r) => [...r.params.map((p) => p.type), r.bodyType ?? ""]));
    return {
      // What internal/api imports; other layers add theirs the same way.
      extraDependencies: { "github.com/santhosh-tekuri/jsonschema/v6": "v6.0.2", "github.com/dlclark/regexp2": "v1.11.0" },
      data: {
        module: ctx.project.names.kebab,
        port,
        otherPort: port + 1,
        probes: builtinRoutes(ctx.api),
        types,
        typesUseTime: usesTime(typeTexts),
        routesUseTime: usesTime(routeTexts),
        groups,
        patterns,
        unknownPath: goUnknownPath(ctx.api),
        contract: goContract(ctx.api),
        groupLines: goGroupLines(groups),
        testRows: goTestRows(ctx.api),
      },
      collections: {
        group: groups.map((g) => ({
          ...g,
          routes: g.routes.map((r) => ({
            ...r,
            qualifiedResult: r.resultType ? qualifiedGoType(r.resultType) : undefined,
            zeroResult: r.resultType ? goZero(r.resultType) : undefined,
          })),
        })),
      },
      notices: unsupported.map(
        (route) => `${route}: the Go target cannot route this path yet (a segment mixes text and a parameter); it is left out`,
      ),
    };
  },
});
