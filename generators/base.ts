/**
 * Base layer: the project's package.json, tsconfig, README, .gitignore, .env.example and the copy
 * of the spec. Other layers add to these through their contributions (dependencies, scripts, env
 * vars, README sections), never by editing base templates.
 */
import { templatesDir } from "../src/tool.ts";
import { definePlugin } from "../src/plugins/contract.ts";
import { DEFAULT_DATABASE_URLS, databaseSetupSteps } from "../src/codegen/database-setup.ts";
import { type PackageManager, packageManagerCommands } from "../src/post/package-manager.ts";

export default definePlugin({
  name: "base",
  layer: "base",
  description: "package.json, tsconfig, README, .gitignore, .env.example",
  templates: templatesDir("base"),
  enabled: () => true,
  contribute(ctx) {
    return {
      data: {
        // Node 22.9: what the generated dependencies and scripts are tested on (process.loadEnvFile reads .env).
        nodeVersion: "22.9",
        title: ctx.api.services[0]?.title ?? ctx.project.name,
        pm: readmeCommands(ctx.answers.packageManager as PackageManager | undefined, ctx.answers.db),
        storage: storageOf(ctx.answers.db),
      },
    };
  },
});

/** The commands the README shows, in the project's package manager; a database server's setup is the CLI's own next steps. */
function readmeCommands(pm: PackageManager | undefined, db: unknown) {
  const commands = packageManagerCommands(pm);
  const script = Object.fromEntries(["build", "test", "start", "serve", "dev"].map((name) => [name, commands.run(name)]));
  const lines: [string, string][] = [
    [commands.install, ""],
    ...databaseSetupSteps(db, pm).map((step): [string, string] => [step.command, step.note ?? ""]),
    [script.test, "builds, starts the server on a free port and calls every route"],
    [script.dev, "serves src/ and restarts on every save"],
    [script.start, "builds and serves (PORT and HOST override the address)"],
  ];
  const width = Math.max(...lines.map(([command]) => command.length)) + 2;
  const runIt = lines.map(([command, note]) => (note ? `${command.padEnd(width)}# ${note}` : command)).join("\n");
  return { ...commands, script, runIt };
}

/** Where the generated CRUD keeps rows, for the README's closing paragraph (the database layer's answer). */
function storageOf(db: unknown): string {
  switch (db ?? "sqlite") {
    case "sqlite":
      return `in the SQLite file \`DATABASE_URL\` names (default \`${DEFAULT_DATABASE_URLS.sqlite}\`)`;
    case "postgres":
      return "in PostgreSQL (`DATABASE_URL`)";
    case "mysql":
      return "in MySQL/MariaDB (`DATABASE_URL`)";
    default:
      return "in memory: they are gone when the server stops (`--db sqlite` keeps them in a file)";
  }
}
