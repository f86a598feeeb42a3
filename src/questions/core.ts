/**
 * The core questions every project answers. Plugins add theirs to the same list.
 */
import { basename, extname, resolve } from "node:path";
import { toValidPackageName, validatePackageName } from "./package-name.ts";
import type { Question } from "./types.ts";
import { detectPackageManager } from "../post/package-manager.ts";
import { installedPackageManagers } from "../post/on-path.ts";
import { DEFAULT_TARGET, TARGETS, targetOf } from "../../targets/index.ts";

/** The port a generated server listens on unless PORT says otherwise. */
export const DEFAULT_PORT = 3000;

/** Files people pass by mistake (an OpenAPI document, a TypeScript file); anything else is checked by src/spec. */
const NOT_TYPESPEC = new Set([".ts", ".js", ".json", ".yaml", ".yml", ".md"]);

export { PACKAGE_MANAGERS, type PackageManager } from "../post/package-manager.ts";

export interface CoreQuestionOptions {
  /** The positional folder argument (`my-api`, `.`, `../x`); the project name defaults to its name. */
  targetDir?: string;
  /** Read for npm_config_user_agent; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Resolves a relative targetDir; defaults to process.cwd(). */
  cwd?: string;
  /** The package managers on this machine; defaults to a PATH lookup (tests pass their own). */
  installed?: (env: Record<string, string | undefined>) => readonly string[];
}

/** The project name a folder suggests: its own name, made into a valid package name. */
export function defaultProjectName(targetDir: string | undefined, cwd: string = process.cwd()): string {
  return toValidPackageName(targetDir === undefined ? "" : basename(resolve(cwd, targetDir)));
}

export function coreQuestions(options: CoreQuestionOptions = {}): Question[] {
  const env = options.env ?? process.env;
  return [
    {
      name: "name",
      message: "Project name",
      type: "input",
      group: "core",
      topic: "project",
      required: true,
      // No folder argument: no default, so CI must say --name (or the folder); a person gets my-api pre-filled.
      default: () => (options.targetDir === undefined ? undefined : defaultProjectName(options.targetDir, options.cwd)),
      promptDefault: defaultProjectName(undefined),
      defaultLabel: options.targetDir === undefined ? "the [dir] folder's name" : undefined,
      validate: (value) => validatePackageName(String(value)),
      fix: (value) => ({
        rule: "Use lowercase letters, digits, '-', '.', '_' (an npm package name)",
        example: toValidPackageName(String(value)),
      }),
    },
    {
      name: "spec",
      message: "TypeSpec file or folder",
      label: "Spec",
      type: "input",
      group: "core",
      topic: "project",
      default: "",
      defaultLabel: "the bundled example spec",
      validate: (value) => {
        const path = String(value).trim();
        return NOT_TYPESPEC.has(extname(path).toLowerCase())
          ? `${JSON.stringify(path)} is not a TypeSpec file; pass a .tsp file or a folder holding main.tsp`
          : true;
      },
      fix: () => ({ rule: "Use a .tsp file or a folder holding main.tsp", example: "./api/main.tsp" }),
    },
    {
      name: "target",
      message: "Server language",
      label: "Language",
      type: "select",
      group: "core",
      topic: "project",
      choices: TARGETS.map((t) => ({ value: t.name, description: t.label })),
      default: DEFAULT_TARGET,
    },
    {
      name: "packageManager",
      message: "Package manager",
      type: "select",
      group: "core",
      topic: "tooling",
      flag: "pm",
      when: (answers) => targetOf(answers).packageManager,
      notApplicable: (answers) => `to a ${targetOf(answers).name} project, which has no package manager to choose`,
      choices: [{ value: "npm" }, { value: "pnpm" }, { value: "yarn" }, { value: "bun" }],
      default: () => detectPackageManager(env),
      // The one the user ran us with is offered even when PATH does not show it (e.g. a shim).
      offered: () => [...new Set([detectPackageManager(env), ...(options.installed ?? installedPackageManagers)(env)])],
    },
    {
      name: "install",
      message: "Install dependencies?",
      label: "Install dependencies",
      type: "confirm",
      group: "core",
      topic: "tooling",
      default: true,
    },
    {
      name: "git",
      message: "Initialise a git repository?",
      label: "Git repository",
      type: "confirm",
      group: "core",
      topic: "tooling",
      default: true,
    },
    {
      name: "port",
      topic: "tooling",
      label: "Port",
      message: "Port the server listens on by default",
      type: "input",
      group: "core",
      default: DEFAULT_PORT,
      validate: (value) =>
        Number.isInteger(Number(value)) && Number(value) > 0 && Number(value) < 65536 ? true : `${value} is not a port number`,
      fix: () => ({ rule: "Use a port from 1 to 65535", example: DEFAULT_PORT }),
    },
  ];
}
