/**
 * The plugin contract. Every layer (server, database, auth, ...) is a StackPlugin; built-in layers
 * use exactly this contract, so a team's plugin is a peer of ours. Plugins are data plus small pure
 * functions: they never touch the file system; rendering and writing belong to the pipeline.
 */
import type { HelperDelegate } from "handlebars";
import type { OpenApiResult } from "../spec/openapi.ts";
import type { ApiModel } from "../spec/model.ts";
import type { Answers, Question } from "../questions/types.ts";
import type { DependencyName } from "../versions.ts";

export type { Answers, Question } from "../questions/types.ts";

/** One identifier in every casing a template may need, already safe for TypeScript. */
export interface Names {
  original: string;
  pascal: string;
  camel: string;
  kebab: string;
  snake: string;
}

export interface EnvVar {
  name: string;
  description: string;
  /** Value written to .env.example; never a real secret. */
  example?: string;
  secret?: boolean;
}

export interface ReadmeSection {
  title: string;
  /**
   * Markdown. A function is called once every layer has contributed, with what templates see: a
   * section that states what other layers decide (the deploy layers read the merged env vars and
   * services) says what the files say.
   */
  body: string | ((ctx: RenderContext) => string);
}

/** A template rendered once per item: `src/handlers/[group].ts.hbs` iterates `collections.group`. */
export interface CollectionItem {
  /** File name stem used in place of `[name]` in the template path; sanitised by the pipeline. */
  fileName: string;
  [key: string]: unknown;
}

/**
 * A function the generated server calls while it builds the app, before the routes are added:
 * `export async function <name>(app: FastifyInstance): Promise<ServerExtension | void>` in the
 * module `from` (a path relative to the generated src/server.ts, e.g. "./auth/server.js"). This is
 * how a layer (auth, metrics, events) adds hooks, routes and readiness checks without editing the
 * server layer's templates.
 */
export interface ServerExtensionRef {
  from: string;
  name: string;
}

/**
 * A backing service the app needs at run time (database server, cache, broker). The deploy layers
 * read these (never the database or events plugins themselves) to add a compose service, wire the
 * app's env, and document what Kubernetes must provide.
 */
export interface BackingService {
  /** Compose service name and host name the app uses inside compose: "postgres", "redis", "nats". */
  name: string;
  /** Image pinned at least by major version: "postgres:17-alpine". */
  image: string;
  /** Ports the service listens on inside its container. */
  ports: number[];
  /** The service container's own environment (e.g. POSTGRES_PASSWORD for a local database). */
  environment?: Record<string, string>;
  command?: string[];
  /** Compose healthcheck test, e.g. ["CMD-SHELL", "pg_isready -U postgres"]. */
  healthcheck: string[];
  /** Where the service keeps its data, mounted from a named volume. */
  dataPath?: string;
  /** The app's env values when it runs beside this service in compose: { DATABASE_URL: "postgres://...@postgres:5432/app" }. */
  appEnv: Record<string, string>;
}

export interface Contribution {
  /** Runtime dependencies, by name; versions come from the pinned map in src/versions.ts. */
  dependencies?: DependencyName[];
  devDependencies?: DependencyName[];
  /** For third-party plugins whose packages are not in our map: name -> exact version. */
  extraDependencies?: Record<string, string>;
  extraDevDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  env?: EnvVar[];
  readme?: ReadmeSection[];
  /** Data for this plugin's templates, reachable there as `{{<plugin name in camelCase>.x}}`. */
  data?: Record<string, unknown>;
  /** Backing services this layer needs at run time; see BackingService. */
  services?: BackingService[];
  /** Called by the generated server in render order; see ServerExtensionRef. */
  serverExtensions?: ServerExtensionRef[];
  collections?: Record<string, CollectionItem[]>;
  /**
   * What the user must do after this generation, said once the files are written: e.g. an
   * operation the spec gained that their handler file does not implement yet.
   */
  notices?: string[];
}

export interface StackContext {
  answers: Answers;
  api: ApiModel;
  project: { name: string; names: Names; description: string };
  tool: { name: string; version: string };
  /** Names of the enabled plugins, in render order. */
  plugins: string[];
  /**
   * What an earlier run generated in the target folder, read-only: a plugin that keeps history
   * (the database layer's schema snapshot, to write the next migration) reads its own record here.
   * Absent for a new project.
   */
  previous?: { readFile(path: string): string | undefined };
  /** The spec's OpenAPI 3.1 document from @typespec/openapi3, or why there is none (see src/spec/openapi.ts). */
  openapi?: OpenApiResult;
}

/** What templates see: the context plus the merged contributions of every enabled plugin. */
export interface RenderContext extends StackContext {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
  env: EnvVar[];
  readme: { title: string; body: string }[];
  serverExtensions: ServerExtensionRef[];
  services: BackingService[];
  notices: string[];
  /** data contributed by each plugin, keyed by the plugin's name in camelCase. */
  [pluginData: string]: unknown;
}

export interface StackPlugin {
  /** "server", "database-sqlite", "@acme/typespec-stack-plugin-audit". */
  name: string;
  /** server | database | auth | events | deploy | monitoring | docs | base | ... */
  layer: string;
  /**
   * The targets (languages) the plugin renders for: "typescript", "go". Absent: TypeScript only,
   * as every plugin made before targets existed. A plugin runs only for the project's target.
   */
  targets?: string[];
  description?: string;
  /** Join the one question list, so they are also flags and answers-file keys. */
  questions?: Question[];
  /** Whether the layer runs; `api` lets a layer follow the spec (auth runs when the spec has @useAuth). */
  enabled(answers: Answers, api?: ApiModel): boolean;
  /** Absolute folder of .hbs templates whose relative paths mirror the output. */
  templates?: string;
  helpers?: Record<string, HelperDelegate>;
  /** Output paths (prefixes) owned by the user: created once, never overwritten. */
  userFiles?: string[];
  /** Plugins that must also be enabled, and plugins that cannot be enabled with this one. */
  requires?: string[];
  conflicts?: string[];
  contribute?(ctx: StackContext): Contribution;
}

const NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** The SDK entry point: checks the plugin's shape early, with a message that names it. */
export function definePlugin(plugin: StackPlugin): StackPlugin {
  if (typeof plugin !== "object" || plugin === null) throw new TypeError("definePlugin expects a plugin object");
  if (typeof plugin.name !== "string" || !NAME.test(plugin.name)) {
    throw new TypeError(`plugin name ${JSON.stringify(plugin.name)} must be a lowercase package-style name`);
  }
  if (typeof plugin.layer !== "string" || plugin.layer.length === 0) {
    throw new TypeError(`plugin ${plugin.name}: layer must be a non-empty string`);
  }
  if (typeof plugin.enabled !== "function") {
    throw new TypeError(`plugin ${plugin.name}: enabled(answers) must be a function`);
  }
  return plugin;
}
