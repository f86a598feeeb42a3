/**
 * Base layer: the project's package.json, tsconfig, README, .gitignore, .env.example and the copy
 * of the spec. Other layers add to these through their contributions (dependencies, scripts, env
 * vars, README sections), never by editing base templates.
 */
import { templatesDir } from "../src/tool.ts";
import { definePlugin } from "../src/plugins/contract.ts";

export default definePlugin({
  name: "base",
  layer: "base",
  description: "package.json, tsconfig, README, .gitignore, .env.example",
  templates: templatesDir("base"),
  enabled: () => true,
  contribute(ctx) {
    return {
      data: {
        // --env-file-if-exists (the scripts read .env) arrived in Node 22.9.
        nodeVersion: "22.9",
        title: ctx.api.services[0]?.title ?? ctx.project.name,
      },
    };
  },
});
