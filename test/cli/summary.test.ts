import { describe, expect, it } from "@jest/globals";
import { formatSummary } from "../../src/cli/summary.ts";
import { allPlugins } from "../../src/index.ts";
import { allQuestions } from "../../src/plugins/registry.ts";
import { commandLine, flagFor } from "../../src/questions/command-line.ts";
import { coreQuestions } from "../../src/questions/core.ts";

const questions = allQuestions(coreQuestions({ targetDir: "shop", env: {}, installed: () => ["npm"] }), allPlugins());
const byName = (name: string) => questions.find((q) => q.name === name)!;
const bin = "npx create-typespec-stack";

describe("the summary before writing", () => {
  const answers = {
    name: "shop",
    spec: "",
    db: "postgres",
    auth: "jwt",
    deploy: ["docker", "kubernetes"],
    ingress: "",
    ci: "github",
    cache: "none",
    monitoring: "prometheus",
    docs: "scalar",
    packageManager: "npm",
    install: false,
    git: true,
    port: 3000,
  };

  it("shows one line per answer, in the order asked, then the same run as one command", () => {
    const command = commandLine(questions, answers, { bin, folder: "shop", always: ["packageManager"] });
    expect(formatSummary(questions, answers, command)).toBe(
      [
        "Your choices:",
        "  Project name            shop",
        "  Spec                    the bundled example spec",
        "  Database                postgres",
        "  Auth                    jwt",
        "  Deployment files        docker, kubernetes",
        "  Ingress host            no Ingress",
        "  Continuous integration  github",
        "  Cache                   none",
        "  Monitoring              prometheus",
        "  API reference           scalar",
        "  Package manager         npm",
        "  Install dependencies    no",
        "  Git repository          yes",
        "  Port                    3000",
        "The same without questions (for CI):",
        "  npx create-typespec-stack shop --db postgres --auth jwt --deploy docker,kubernetes --pm npm --no-install --yes",
      ].join("\n"),
    );
  });

  it("the command names only what differs from the defaults (and the package manager), quoted for a shell", () => {
    expect(commandLine(questions, { name: "shop", spec: "", db: "sqlite", packageManager: "npm" }, { bin, folder: "shop" })).toBe(
      "npx create-typespec-stack shop --yes",
    );
    const named = commandLine(questions, { name: "billing", spec: "./my api/main.tsp" }, { bin, folder: "my dir", extra: ["--force"] });
    expect(named).toBe("npx create-typespec-stack 'my dir' --name billing --spec './my api/main.tsp' --force --yes");
  });

  it("writes each kind of answer as its flag", () => {
    expect(flagFor(byName("install"), false)).toBe("--no-install");
    expect(flagFor(byName("git"), true)).toBe("--git");
    expect(flagFor(byName("deploy"), ["none"])).toBe("--deploy none");
    expect(flagFor(byName("port"), 8080)).toBe("--port 8080");
    expect(flagFor(byName("ingress"), "")).toBe("--ingress ''");
  });
});
