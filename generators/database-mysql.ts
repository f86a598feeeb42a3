/** The mysql dialect of the database layer: its driver and connection code. */
import { definePlugin } from "../src/plugins/contract.ts";
import { templatesDir } from "../src/tool.ts";

export default definePlugin({
  name: "database-mysql",
  layer: "database",
  description: "mysql driver for the database layer",
  templates: templatesDir("database-mysql"),
  requires: ["database"],
  conflicts: ["database-sqlite", "database-postgres", "database-mysql"].filter((name) => name !== "database-mysql"),
  enabled: (answers) => (answers.db ?? "sqlite") === "mysql",
  contribute: () => ({ dependencies: ["mysql2"], devDependencies: [] }),
});
