/** The postgres dialect of the database layer: its driver and connection code. */
import { definePlugin } from "../src/plugins/contract.ts";
import { templatesDir } from "../src/tool.ts";

export default definePlugin({
  name: "database-postgres",
  layer: "database",
  description: "postgres driver for the database layer",
  templates: templatesDir("database-postgres"),
  requires: ["database"],
  conflicts: ["database-sqlite", "database-postgres", "database-mysql"].filter((name) => name !== "database-postgres"),
  enabled: (answers) => (answers.db ?? "sqlite") === "postgres",
  contribute: () => ({ dependencies: ["pg"], devDependencies: ["@types/pg"] }),
});
