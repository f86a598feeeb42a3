/**
 * The Go target's base layer: the README and .gitignore of a Go project (the module itself,
 * go.mod and go.sum, comes with the server layer, which knows its dependencies).
 */
import path from "node:path";
import { definePlugin } from "../../../src/plugins/contract.ts";
import { packageRoot } from "../../../src/tool.ts";
import { goRoutes } from "../views/go-routes.ts";
import { goZero, qualifiedGoType } from "../views/go-types.ts";

/** The oldest Go the generated go.mod accepts (its `go` line). */
export const GO_VERSION = "1.24";

export default definePlugin({
  name: "go-base",
  layer: "base",
  targets: ["go"],
  description: "README and .gitignore of a Go project",
  enabled: () => true,
  templates: path.join(packageRoot, "targets", "go", "templates", "base"),
  contribute(ctx) {
    const { groups } = goRoutes(ctx.api);
    const routes = ctx.api.services
      .flatMap((s) => s.operations)
      .map((op) => ({ route: `${op.verb.toUpperCase()} ${op.path}`, doc: op.doc?.replace(/\s*\n\s*/g, " ") }));
    const first = groups[0]?.routes[0];
    return {
      data: {
        title: ctx.api.services[0]?.title ?? ctx.project.name,
        goVersion: GO_VERSION,
        routes,
        example: first && {
          group: first.group,
          method: first.method,
          inputType: first.inputType,
          signatureResult: first.resultType ? `(${qualifiedGoType(first.resultType)}, error)` : "error",
          returnValue: `${first.resultType ? `${goZero(first.resultType)}, ` : ""}api.NewError(404, "not found")`,
        },
      },
    };
  },
});
