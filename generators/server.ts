/**
 * Server layer: a Fastify app with one route per operation, JSON-schema validation and
 * serialisation from the TypeSpec constraints, CRUD operations wired to repositories, and every
 * other operation answering 501 until its handler is written.
 */
import { templatesDir } from "../src/tool.ts";
import { definePlugin } from "../src/plugins/contract.ts";
import { declarations } from "../src/codegen/ts-types.ts";
import { modelsInUse, routeView, sharedSchemas } from "../src/codegen/routes.ts";
import { finishResourceViews, resourceViews } from "../src/codegen/crud-view.ts";
import { problemShapes } from "../src/codegen/problems.ts";
import { names } from "../src/names.ts";
import { invalidRequest, sampleRequest } from "../src/codegen/test-view.ts";

export const DEFAULT_PORT = 3000;

export default definePlugin({
  name: "server",
  layer: "server",
  description: "Fastify HTTP server generated from the TypeSpec operations",
  templates: templatesDir("server"),
  userFiles: ["src/handlers/"],
  requires: ["base"],
  questions: [
    {
      name: "port",
      message: "Port the server listens on by default",
      type: "input",
      default: DEFAULT_PORT,
      group: "server",
      validate: (value) =>
        Number.isInteger(Number(value)) && Number(value) > 0 && Number(value) < 65536 ? true : "a port between 1 and 65535",
    },
  ],
  enabled: () => true,
  contribute(ctx) {
    const operations = ctx.api.services.flatMap((s) => s.operations);
    const routes = operations.map((op) => routeView(ctx.api, op));
    const resources = finishResourceViews(resourceViews(ctx.api, operations));
    const groups = [...new Set(routes.map((r) => r.groupKey))].map((key) => {
      const groupRoutes = routes.filter((r) => r.groupKey === key);
      const groupOps = operations.filter((op) => groupRoutes.some((r) => r.id === op.id));
      const crud = groupOps.filter((op) => op.crud && resources.some((res) => res.model === op.crud!.resource));
      const n = names(groupOps[0]?.group || ctx.project.name);
      return {
        key,
        fileName: n.kebab,
        typeName: `${n.pascal}Handlers`,
        factoryName: `${n.camel}Handlers`,
        crudFactoryName: `${n.camel}Crud`,
        routes: groupRoutes.map((r) => ({ ...r, crud: crud.some((op) => op.id === r.id) })),
        crudOperations: crud.map((op) => ({
          ...resources.find((res) => res.model === op.crud!.resource)!.operations[op.crud!.kind],
          resource: resources.find((res) => res.model === op.crud!.resource)!,
        })),
        hasCustom: groupRoutes.length > crud.length,
        hasCrud: crud.length > 0,
      };
    });
    const shapes = problemShapes(ctx.api, routes.flatMap((r) => Object.values(r.errorShapes)));
    return {
      dependencies: ["fastify"],
      devDependencies: ["typescript", "@types/node"],
      scripts: {
        build: "tsc -p tsconfig.json",
        start: "node dist/src/main.js",
        dev: "tsc -p tsconfig.json && node --watch dist/src/main.js",
        test: "tsc -p tsconfig.json && node --test --test-reporter=spec \"dist/test/**/*.test.js\"",
      },
      env: [
        { name: "PORT", description: "Port the HTTP server listens on", example: String(ctx.answers.port ?? DEFAULT_PORT) },
        { name: "HOST", description: "Interface to bind; 0.0.0.0 inside containers", example: "127.0.0.1" },
        { name: "LOG_LEVEL", description: "pino log level (fatal, error, warn, info, debug, trace, silent)", example: "info" },
      ],
      readme: [
        {
          title: "Routes",
          body: routes.map((r) => `- \`${r.method} ${r.path}\` — ${r.summary.split("\n")[0]}`).join("\n"),
        },
      ],
      data: {
        port: Number(ctx.answers.port ?? DEFAULT_PORT),
        routes,
        groups,
        resources,
        schemas: sharedSchemas(ctx.api, operations),
        types: declarations(ctx.api, modelsInUse(ctx.api, operations)),
        problemShapes: shapes,
        customRoutes: groups.flatMap((g) =>
          g.routes
            .filter((r) => !r.crud)
            .map((r) => {
              const op = operations.find((o) => o.id === r.id)!;
              return { ...r, handlerFile: `src/handlers/${g.fileName}.ts`, sample: sampleRequest(ctx.api, op), invalid: invalidRequest(ctx.api, op) };
            }),
        ),
      },
      collections: {
        group: groups.map((g) => ({ ...g, fileName: g.fileName })),
      },
    };
  },
});
