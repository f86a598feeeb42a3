/** The sqlite dialect of the database layer: its driver and connection code. */
import { definePlugin } from "../src/plugins/contract.ts";
import { templatesDir } from "../src/tool.ts";

export default definePlugin({
  name: "database-sqlite",
  layer: "database",
  description: "sqlite driver for the database layer",
  templates: templatesDir("database-sqlite"),
  requires: ["database"],
  conflicts: ["database-sqlite", "database-postgres", "database-mysql"].filter((name) => name !== "database-sqlite"),
  enabled: (answers) => (answers.db ?? "sqlite") === "sqlite",
  contribute: () => ({ dependencies: ["better-sqlite3"], devDependencies: ["@types/better-sqlite3"] }),
});
