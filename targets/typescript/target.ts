/** The TypeScript target: Fastify on Node 22. Its layers are generators/ and templates/. */
import type { Target } from "../target.ts";
import { installTask } from "../../src/post/tasks.ts";
import { type PackageManager, packageManagerCommands } from "../../src/post/package-manager.ts";
import { databaseSetupSteps } from "../../src/codegen/database-setup.ts";
import { typescriptRuntime } from "./runtime.ts";

export const typescript: Target = {
  name: "typescript",
  label: "TypeScript: Fastify on Node 22, every layer",
  packageManager: true,
  install: (answers) => installTask((answers.packageManager as PackageManager | undefined) ?? "npm"),
  // The project's own dev script: tsx restarts the server on every save.
  dev: (answers) => ({ command: String(answers.packageManager ?? "npm"), args: ["run", "dev"] }),
  nextSteps(input) {
    const pm = packageManagerCommands(input.pm);
    return [
      ...(input.installed ? [] : [{ command: pm.install }]),
      ...(input.newProject ? databaseSetupSteps(input.db, input.pm) : []),
      { command: pm.run("dev"), note: `serves http://127.0.0.1:${input.port} and restarts on every save` },
      { command: pm.run("test"), note: "builds, then calls every route on a real server" },
      ...(input.scripts.token ? [{ command: pm.run("token"), note: "mints a development JWT for the protected routes" }] : []),
    ];
  },
  runtime: typescriptRuntime,
};
