/**
 * `npx plop` in this repository lists the generators the pipeline runs: one per built-in layer and
 * `app`, which composes them. A team can `plop.load()` this file into its own plopfile.
 * Run from plop, `app` asks for a folder and a spec and scaffolds a whole project with the
 * defaults (as `create-typespec-stack <dir> --spec <spec> --yes --no-install` would); the layer
 * generators render inside a session the pipeline prepares.
 */
import { select } from "@inquirer/prompts";
import type { CustomActionConfig, NodePlopAPI } from "node-plop";
import { builtinPlugins } from "./generators/index.ts";
import { main } from "./src/cli/main.ts";
import { registerGenerators } from "./src/render/plop.ts";

const SCAFFOLD_ACTION = "typespec-stack:scaffold";

export default function plopfile(plop: NodePlopAPI): void {
  // node-plop runs on inquirer 14 here (package.json "overrides": the legacy inquirer 9 pulled in
  // rxjs), where the prompt plop's CLI uses to pick a generator is called `select`, not `list`.
  plop.setPrompt("list", select as unknown as Parameters<NodePlopAPI["setPrompt"]>[1]);
  registerGenerators(plop, builtinPlugins);
  plop.setActionType(SCAFFOLD_ACTION, async (answers) => {
    const { target, spec } = answers as { target: string; spec: string };
    const argv = [target, "--yes", "--no-install", ...(spec ? ["--spec", spec] : [])];
    const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
    const code = await main(argv, io);
    if (code !== 0) throw new Error(`create-typespec-stack exited with ${code}`);
    return `project written to ${target}`;
  });
  plop.setGenerator("app", {
    description: "a whole project: every enabled layer",
    prompts: [
      { type: "input", name: "target", message: "Folder to create", default: "my-api" },
      { type: "input", name: "spec", message: "TypeSpec file or folder (empty: the bundled example)", default: "" },
    ],
    actions: [{ type: SCAFFOLD_ACTION } as CustomActionConfig<typeof SCAFFOLD_ACTION>],
  });
}
