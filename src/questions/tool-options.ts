/**
 * The tool's own options (not answers): one table that the flag parser and --help both read.
 */

export interface ToolOptions {
  yes: boolean;
  dryRun: boolean;
  /** Write nothing; fail when the project differs from what its spec generates. */
  check: boolean;
  json: boolean;
  force: boolean;
  /** Folder of team template overrides. */
  templates?: string;
  /** Path of an answers file (.json, .yaml, .yml). */
  answers?: string;
  /** Third-party plugins by package name or path, in the order given. */
  plugins: string[];
  debug: boolean;
  help: boolean;
  version: boolean;
  /** False with --no-color. */
  color: boolean;
}

export interface ToolOptionSpec {
  key: keyof ToolOptions;
  flag: string;
  short?: string;
  type: "boolean" | "string";
  /** A string option that may be repeated; its values collect into an array. */
  multiple?: boolean;
  /** A boolean option that is on by default and documented as --no-<flag>. */
  negated?: boolean;
  /** Placeholder shown in --help: `--templates <dir>`. */
  valueName?: string;
  description: string;
  /** Listed in the short --help; the others only in `--help all`. */
  common?: boolean;
  /** The short --help's words for it, when the description is too long for one line there. */
  brief?: string;
}

export const TOOL_OPTIONS: readonly ToolOptionSpec[] = [
  {
    key: "yes",
    common: true,
    brief: "Take the defaults for what flags leave open; never prompt",
    flag: "yes",
    short: "y",
    type: "boolean",
    description: "Take the default for every question not given as a flag; never prompt",
  },
  { key: "dryRun", common: true, flag: "dry-run", type: "boolean", description: "Show the file plan and write nothing" },
  {
    key: "check",
    flag: "check",
    type: "boolean",
    description: "Write nothing; exit 1 and list the files when the project differs from what its spec generates (for CI)",
  },
  { key: "json", common: true, flag: "json", type: "boolean", description: "Print the result as JSON (for scripts and CI)" },
  {
    key: "force",
    common: true,
    brief: "Write into a non-empty folder, over your edits",
    flag: "force",
    type: "boolean",
    description: "Write into a non-empty folder and overwrite generated files you changed",
  },
  {
    key: "templates",
    flag: "templates",
    type: "string",
    valueName: "dir",
    description: "Folder of team template overrides, used before the built-in templates",
  },
  {
    key: "answers",
    common: true,
    brief: "Read answers from a .json or .yaml file",
    flag: "answers",
    type: "string",
    valueName: "file",
    description: "Read answers from a .json, .yaml or .yml file (flags still win)",
  },
  {
    key: "plugins",
    flag: "plugin",
    type: "string",
    multiple: true,
    valueName: "name",
    description: "Load a plugin by package name or path (repeatable)",
  },
  { key: "debug", flag: "debug", type: "boolean", description: "Show stack traces and internal steps" },
  { key: "help", common: true, flag: "help", short: "h", type: "boolean", description: "Show this help; --help all lists every flag" },
  { key: "version", flag: "version", short: "v", type: "boolean", description: "Show the version" },
  { key: "color", flag: "color", type: "boolean", negated: true, description: "Print without colours" },
];

export function defaultToolOptions(): ToolOptions {
  return {
    yes: false,
    dryRun: false,
    check: false,
    json: false,
    force: false,
    plugins: [],
    debug: false,
    help: false,
    version: false,
    color: true,
  };
}
