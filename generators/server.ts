/**
 * Server layer: a Fastify app with one route per operation, JSON-schema validation and
 * serialisation from the TypeSpec constraints, CRUD operations wired to repositories, and every
 * other operation answering 501 until its handler is written.
 */
import { templatesDir } from "../src/tool.ts";
import { DEFAULT_PORT } from "../src/questions/core.ts";
import type { ApiModel } from "../src/spec/model.ts";
import { definePlugin, type StackContext } from "../src/plugins/contract.ts";
import { curlCommand } from "../src/codegen/curl.ts";
import { type PackageManager, packageManagerCommands } from "../src/post/package-manager.ts";
import { declarations } from "../src/codegen/ts-types.ts";
import { modelsInUse, routeView, sharedSchemas } from "../src/codegen/routes.ts";
import { crudOperationView, crudResources } from "../src/codegen/crud-view.ts";
import { problemShapeOf, problemShapes, serviceErrorShape } from "../src/codegen/problems.ts";
import { builtinRoutes, movedAside, refusedMethod, unknownPath } from "../src/codegen/builtin-routes.ts";
import { GENERATED_TYPE_NAMES, camelCase, freshName, inheritsName, names, safeIdentifier } from "../src/names.ts";
import { invalidRequest, sampleRequest } from "../src/codegen/test-view.ts";
import { bodyFormatOf, mediaOf } from "../src/spec/media-types.ts";
import { handlerNotices, retiredGroups } from "../src/codegen/handler-drift.ts";
import { repositoryExamples } from "../src/codegen/repository-examples.ts";

/** API keys the spec sends in the query string: a pattern for the request log to show them as [redacted]. */
function sensitiveQueryPattern(api: ApiModel): string | undefined {
  const names = Object.values(api.authSchemes).flatMap((s) => (s.type === "apiKey" && s.in === "query" && s.keyName ? [s.keyName] : []));
  if (names.length === 0) return undefined;
  return `([?&](?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})=)[^&#]*`;
}

/** Fastify parses these itself; registering a parser for them again throws. */
const BUILT_IN_PARSERS = new Set(["application/json", "text/plain"]);

/**
 * The content-type parsers the app needs beyond JSON: media types read as text or as Buffers, and
 * whether forms or multipart bodies occur. `*\/*` (a file of any type) takes every other type as a Buffer.
 */
function bodyParsers(api: ApiModel) {
  const text = new Set<string>();
  const binary = new Set<string>();
  let form = false;
  let multipart = false;
  for (const op of api.services.flatMap((s) => s.operations)) {
    if (!op.body || op.body.format === "json") continue;
    for (const type of op.body.contentTypes) {
      const media = mediaOf(type);
      const format = bodyFormatOf(media);
      // Wildcards (`*\/*`, `application/*`) get parsers in their route's own scope (RouteView.anyBody).
      if (media.endsWith("/*")) continue;
      else if (format === "form") form = true;
      else if (format === "multipart") multipart = true;
      else if (BUILT_IN_PARSERS.has(media) || format === "json") continue;
      else if (format === "text") text.add(media);
      else binary.add(media);
    }
  }
  return { text: [...text].sort(), binary: [...binary].sort(), form, multipart };
}

export default definePlugin({
  name: "server",
  layer: "server",
  description: "Fastify HTTP server generated from the TypeSpec operations",
  templates: templatesDir("server"),
  userFiles: ["src/handlers/"],
  requires: ["base"],
  enabled: () => true,
  helpers: {
    /** `{{{jsString "GET " path " answers"}}}`: the parts joined as one JS string literal, whatever they hold. */
    jsString: (...args: unknown[]) => JSON.stringify(args.slice(0, -1).map(String).join("")),
  },
  contribute(ctx) {
    const operations = ctx.api.services.flatMap((s) => s.operations);
    const types = declarations(ctx.api, modelsInUse(ctx.api, operations));
    // Every name types.ts declares or imports, so the per-operation and per-group types added below
    // never collide with a model (a spec may well have a model called `CreateBookInput`).
    const taken = new Set([...GENERATED_TYPE_NAMES, ...types.map((t) => t.name)]);
    const views = operations.map((op) => routeView(ctx.api, op));
    // Fastify answers HEAD for every GET route by itself; when the spec declares its own HEAD on
    // the same path, the GET must not claim it, or registering the HEAD route throws.
    const routeShape = (url: string) => url.replace(/:[^/]+/g, ":");
    const declaredHeads = new Set(views.filter((r) => r.method === "HEAD").map((r) => routeShape(r.url)));
    const routes = views.map((r) => ({
      ...r,
      inputTypeName: freshName(r.inputTypeName, taken),
      resultTypeName: freshName(r.resultTypeName, taken),
      headDeclared: r.method === "GET" && declaredHeads.has(routeShape(r.url)),
    }));
    const resources = crudResources(ctx.api);
    // Group file and factory names come from the group's name (the project's for operations outside
    // any interface), so two groups could ask for the same one; later ones get a number.
    const fileNames = new Set<string>();
    const factoryNames = new Set<string>();
    // Routes and operations are parallel arrays; index maps keep this pass linear in the spec's size.
    const routeIndexesByGroup = new Map<string, number[]>();
    routes.forEach((r, i) => (routeIndexesByGroup.get(r.groupKey) ?? routeIndexesByGroup.set(r.groupKey, []).get(r.groupKey)!).push(i));
    const resourceByModel = new Map(resources.map((res) => [res.model, res]));
    // The first operation with an id, as a search from the start would find it.
    const operationById = new Map([...operations].reverse().map((op) => [op.id, op]));
    const groups = [...routeIndexesByGroup].map(([key, indexes]) => {
      const groupRoutes = indexes.map((i) => routes[i]);
      const groupOps = indexes.map((i) => operations[i]);
      const crud = groupOps.filter((op) => op.crud && resourceByModel.has(op.crud.resource));
      const crudIds = new Set(crud.map((op) => op.id));
      const n = names(groupOps[0]?.group || ctx.project.name);
      // `defaultHandlers`, not `default_Handlers`: only the whole name must avoid reserved words.
      const factoryName = freshName(safeIdentifier(`${camelCase(n.original) || "api"}Handlers`), factoryNames);
      return {
        key,
        fileName: freshName(n.kebab, fileNames),
        typeName: freshName(`${n.pascal}Handlers`, taken),
        operationsTypeName: freshName(`${n.pascal}Operations`, taken),
        factoryName,
        crudFactoryName: factoryName.replace(/Handlers(\d*)$/, "Crud$1"),
        routes: groupRoutes.map((r) => ({ ...r, crud: crudIds.has(r.id) })),
        crudOperations: crud.map((op) => {
          const resource = resourceByModel.get(op.crud!.resource)!;
          return { ...crudOperationView(ctx.api, op), resource };
        }),
        hasCustom: groupRoutes.length > crud.length,
        hasCrud: crud.length > 0,
      };
    });
    const serviceShape = serviceErrorShape(
      ctx.api,
      routes.flatMap((r) => Object.values(r.errorShapes)),
    );
    const shapes = problemShapes(ctx.api, [
      ...routes.flatMap((r) => Object.values(r.errorShapes)),
      ...(serviceShape ? [serviceShape] : []),
    ]);
    const parsers = bodyParsers(ctx.api);
    const readPrevious = (file: string) => ctx.previous?.readFile(file);
    const groupFiles = groups.map((g) => ({ file: `src/handlers/${g.fileName}.ts`, routes: g.routes }));
    // Names a dropped group's handler file imports stay declared unless something current took them.
    const retired = retiredGroups(new Set(groupFiles.map((g) => g.file)), readPrevious).map((r) => ({
      ...r,
      types: r.types.filter((name) => !taken.has(name)),
      crudFactories: r.crudFactories.filter((name) => !groups.some((g) => g.crudFactoryName === name)),
    }));
    const notices = [
      ...handlerNotices(groupFiles, readPrevious),
      ...retired.map(
        (r) => `${r.file}: the spec has none of its operations any more; delete the file (its imports are kept, deprecated, until you do)`,
      ),
    ];
    return {
      dependencies: [
        "fastify",
        "@fastify/ajv-compiler",
        "@fastify/fast-json-stringify-compiler",
        ...(parsers.multipart ? (["@fastify/multipart"] as const) : []),
      ],
      devDependencies: ["typescript", "@types/node", "tsx"],
      scripts: {
        build: "tsc -p tsconfig.json",
        // `npm start` works straight after install; `serve` runs the built server as an image would.
        // .env is read by src/env.ts (when there is one), not by Node's --env-file-if-exists, which
        // prints ".env not found. Continuing without it." on every start without one.
        start: "tsc -p tsconfig.json && node dist/src/main.js",
        serve: "node dist/src/main.js",
        // tsx runs src/ and restarts on every save; tsc --watch type-checks beside it (scripts/dev.mjs).
        dev: "node scripts/dev.mjs",
        // The preflight stops the run with one line when the tests cannot run here (no test database).
        test: 'tsc -p tsconfig.json && node dist/test/support/preflight.js && node --test --test-reporter=spec "dist/test/**/*.test.js"',
      },
      env: [
        { name: "PORT", description: "Port the HTTP server listens on", example: String(ctx.answers.port ?? DEFAULT_PORT) },
        { name: "HOST", description: "Interface to bind; 0.0.0.0 inside containers", example: "127.0.0.1" },
        { name: "LOG_LEVEL", description: "pino log level (fatal, error, warn, info, debug, trace, silent)", example: "info" },
      ],
      readme: [
        {
          title: "Routes",
          // An operation without a doc comment is listed bare: its summary would repeat the route.
          body: [
            routes
              .map((r) => {
                const summary = r.summary.split("\n")[0]!;
                return summary === `${r.method} ${r.path}` ? `- \`${r.method} ${r.path}\`` : `- \`${r.method} ${r.path}\` — ${summary}`;
              })
              .join("\n"),
            ...tryIt(ctx, resources),
          ].join("\n"),
        },
        {
          title: "What the server refuses",
          body: [
            "Every request is checked against the spec before a handler runs; what fails is a 400 that names each failing field, and nothing of it is stored.",
            'A JSON body must carry the spec\'s own types (`"12"` is not an integer there); a path, query or header number must be written as JSON writes one',
            "(`12`, `-3`, `1.5e3`: not `0x10`, ` 12`, `Infinity` or `1e999`).",
            "Text containing NUL (U+0000) or a lone UTF-16 surrogate is refused on every database alike: PostgreSQL cannot store the first, MySQL's JSON columns the second.",
            "A method a path does not take is a 405 whose `Allow` header lists the ones it does; a path no route has is a 404.",
            ...(routes.some((r) => r.anyBody)
              ? [
                  "An operation whose body may be of any media type (`*/*`, `application/*`) gets the raw body whatever the type, JSON included; a type outside its family is a 415.",
                ]
              : []),
            ...(movedAside(ctx.api) ? ["", movedAside(ctx.api)!] : []),
          ].join("\n"),
        },
      ],
      data: {
        port: Number(ctx.answers.port ?? DEFAULT_PORT),
        probes: builtinRoutes(ctx.api),
        unknownPath: unknownPath(ctx.api) ?? null,
        refusedMethod: refusedMethod(ctx.api) ?? null,
        routes,
        groups,
        resources,
        // What a handler stub shows in comments: one use of each repository.
        repositoryExamples: repositoryExamples(resources),
        schemas: sharedSchemas(ctx.api, operations),
        types,
        retiredFiles: retired.map((r) => r.file),
        retiredTypes: retired.flatMap((r) => r.types.map((name) => ({ name, file: r.file }))),
        retiredCrud: retired.flatMap((r) => r.crudFactories.map((name) => ({ name, file: r.file }))),
        hasDelimited: routes.some((r) => r.delimited.length > 0),
        hasPathDecoders: routes.some((r) => r.pathDecoders.length > 0),
        hasQueryRecords: routes.some((r) => r.queryRecords.length > 0),
        hasInheritedFields: routes.some((r) => r.inheritedFields.length > 0),
        hasAnyBody: routes.some((r) => r.anyBody !== undefined),
        // types.ts declares ImplicitPatch only where a route's body uses it.
        implicitPatch: operations.some((op) => op.body?.allOptional === true),
        // Ajv checks own properties only (a little slower) where some name in the spec is also an
        // Object.prototype member: nested objects too, which the routes' hook does not reach.
        ownProperties:
          Object.values(ctx.api.models).some((m) => m.properties.some((p) => inheritsName(p.jsonName))) ||
          operations.some((op) => op.parameters.some((p) => inheritsName(p.wireName))),
        parsers,
        hasCookies: routes.some((r) => r.cookies),
        sharedRoutes: routes.some((r) => r.contentTypeConstraint !== undefined),
        // The runtime's cookie parser also serves API keys the spec sends in a cookie (the auth layer).
        parsesCookies:
          routes.some((r) => r.cookies) || Object.values(ctx.api.authSchemes).some((s) => s.type === "apiKey" && s.in === "cookie"),
        sensitiveQuery: sensitiveQueryPattern(ctx.api),
        problemShapes: shapes,
        serviceErrorShape: serviceShape ?? null,
        customRoutes: groups.flatMap((g) =>
          g.routes
            .filter((r) => !r.crud)
            .map((r) => {
              const op = operationById.get(r.id)!;
              const handlerFile = `src/handlers/${g.fileName}.ts`;
              return {
                ...r,
                handlerFile,
                sample: sampleRequest(ctx.api, op),
                invalid: invalidRequest(ctx.api, op),
                // The 501 body can name the file only when it has a body (not HEAD) whose shape, as
                // the spec declares it for 501, has a place for the message.
                namesFile:
                  r.method !== "HEAD" &&
                  (problemShapeOf(shapes, r.errorShapes, 501, serviceShape)?.some(([, fill]) => fill === "message") ?? true),
              };
            }),
        ),
      },
      collections: {
        group: groups.map((g) => ({ ...g, fileName: g.fileName })),
      },
      notices,
    };
  },
});

/**
 * The README's first requests against `dev`: the liveness probe, then a create and a list the
 * generated CRUD answers (no handler to write). With auth on, the Auth section shows them with
 * credentials instead.
 */
function tryIt(ctx: StackContext, resources: ReturnType<typeof crudResources>): string[] {
  const base = `http://127.0.0.1:${Number(ctx.answers.port ?? DEFAULT_PORT)}`;
  if (ctx.plugins.includes("auth")) return [];
  const wired = new Set(resources.map((r) => r.model));
  const operations = ctx.api.services.flatMap((s) => s.operations).filter((op) => op.crud && wired.has(op.crud.resource));
  const list = operations.find((op) => op.crud!.kind === "list" && !op.crud!.scope?.length);
  const create = list && operations.find((op) => op.crud!.kind === "create" && op.crud!.resource === list.crud!.resource);
  const commands = [
    `curl ${base}${builtinRoutes(ctx.api).liveness}`,
    ...[create, list].flatMap((op) => (op ? [curlCommand(sampleRequest(ctx.api, op), base)] : [])),
  ];
  const dev = packageManagerCommands(ctx.answers.packageManager as PackageManager | undefined).run("dev");
  return ["", `With the server running (\`${dev}\`), from another terminal:`, "", "```sh", ...commands, "```"];
}
