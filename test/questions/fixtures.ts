/** A question list shaped like the real one: core questions plus plugin questions of every kind. */
import { coreQuestions } from "../../src/questions/core.ts";
import type { Question } from "../../src/questions/types.ts";

export const pluginQuestions: Question[] = [
  {
    name: "db",
    message: "Database",
    type: "select",
    group: "database",
    default: "sqlite",
    choices: [
      { value: "sqlite", description: "a file, zero setup" },
      { value: "postgres" },
      { value: "mysql" },
      { value: "none", description: "no database" },
    ],
  },
  {
    name: "dbUrl",
    message: "Database URL",
    type: "input",
    group: "database",
    when: (answers) => answers.db !== "none" && answers.db !== "sqlite",
    default: (answers) => `${answers.db}://localhost/app`,
  },
  {
    name: "deploy",
    message: "Deployment targets",
    type: "multiselect",
    group: "deploy",
    default: ["docker"],
    choices: [{ value: "docker" }, { value: "kubernetes" }],
  },
];

export function questions(targetDir = "my-api"): Question[] {
  return [...coreQuestions({ targetDir, env: { npm_config_user_agent: "pnpm/9.1.0 npm/? node/v22.0.0" } }), ...pluginQuestions];
}
