import { describe, expect, it } from "@jest/globals";
import { formatHelp } from "../../src/questions/help.ts";
import { byTopic } from "../../src/questions/topics.ts";
import { allQuestions } from "../../src/plugins/registry.ts";
import { allPlugins } from "../../src/index.ts";
import { coreQuestions } from "../../src/questions/core.ts";
import { questions } from "./fixtures.ts";

describe("short --help", () => {
  // The real question list, as the CLI builds it without a folder argument.
  const real = allQuestions(coreQuestions({ env: {}, installed: () => ["npm"] }), allPlugins());
  const help = formatHelp(real, { bin: "create-typespec-stack", version: "1.2.3" });
  const lines = help.split("\n");
  const lineOf = (flag: string) => lines.find((line) => line.trimStart().startsWith(flag)) ?? "";

  it("fits on one screen: under 45 lines, none wider than 100 columns", () => {
    expect(lines.length).toBeLessThan(45);
    expect(lines.filter((line) => line.length > 100)).toEqual([]);
  });

  it("groups the flags by what the user chooses, in the prompt's order, never by plugin", () => {
    const headings = lines.filter((line) => /^[A-Z][A-Za-z ]+:$/.test(line));
    expect(headings).toEqual(["Usage:", "Project:", "Database:", "Auth:", "Deploy:", "Events:", "Extras:", "Tooling:", "Running:"]);
    expect(help).not.toMatch(/Questions from|From plugin|monitoring-prometheus|cache-redis/);
  });

  it("gives one line per flag with its default", () => {
    expect(lineOf("--name <value>")).toMatch(/Project name \(default: the \[dir\] folder's name\)$/);
    expect(lineOf("--db <sqlite|postgres|mysql|none>")).toMatch(/Database \(default: sqlite\)$/);
    expect(lineOf("--deploy <docker,kubernetes,none>")).toMatch(/Deployment files \(default: docker\)$/);
    expect(lineOf("--[no-]install")).toMatch(/Install dependencies \(default: yes\)$/);
    expect(lineOf("--port <number>")).toMatch(/Port \(default: 3000\)$/);
    expect(lineOf("-y, --yes")).toContain("never prompt");
    expect(help).not.toContain("--templates");
  });

  it("says where the full list is", () => {
    expect(help).toContain(
      "Every flag, its choices and examples: --help all\nOne topic with its choices: --help <project|database|auth|deploy|events|extras|tooling>\n",
    );
  });

  it("--help all lists every flag and the examples", () => {
    const all = formatHelp(real, { bin: "create-typespec-stack" }, "all");
    for (const flag of ["--templates <dir>", "--plugin <name>", "--debug", "--no-color", "--check", "--ingress <value>"])
      expect(all).toContain(flag);
    expect(all).toContain("npx create-typespec-stack update --check");
    expect(all).toMatch(/sqlite\s+SQLite, embedded/);
  });

  it("--help <topic> shows that topic's flags with their choices", () => {
    expect(formatHelp(real, {}, "database")).toMatch(
      /^Database:\n\s+--db <sqlite\|postgres\|mysql\|none>\n\s+Database \(default: sqlite\)\n\s+sqlite\s+SQLite, embedded/,
    );
  });
});

describe("--help all (formatHelp with the fixture questions)", () => {
  const help = formatHelp(byTopic(questions("shop-api")), { bin: "create-typespec-stack", version: "1.2.3" }, "all");
  const lineOf = (flag: string) => help.split("\n").find((line) => line.includes(flag)) ?? "";

  it("starts with the name, version and usage", () => {
    expect(help.startsWith("create-typespec-stack 1.2.3\n")).toBe(true);
    expect(help).toContain("npm create typespec-stack@latest [dir] -- [flags]");
  });

  it("shows examples that work today", () => {
    expect(help).toContain("npm create typespec-stack@latest my-api -- --yes");
    expect(help).toContain("--answers answers.yaml");
    expect(help).toContain("--spec ./api --dry-run");
    expect(help).toContain("--templates ./team-templates");
    const examples = help.slice(help.indexOf("Examples:"), help.indexOf("Options:"));
    expect(examples).not.toMatch(/--db|--deploy|--events/);
    expect(examples).toContain("npx create-typespec-stack update --check");
    expect(examples).toContain("npx create-typespec-stack add cache redis");
  });

  it("lists every tool option", () => {
    for (const flag of [
      "-y, --yes",
      "--dry-run",
      "--json",
      "--force",
      "--templates <dir>",
      "--answers <file>",
      "--plugin <name>",
      "--debug",
      "-h, --help",
      "-v, --version",
      "--no-color",
    ]) {
      expect(help).toContain(flag);
    }
  });

  it("lists every question flag with its choices and default", () => {
    expect(lineOf("--name <value>")).toContain("Project name (default: shop-api)");
    expect(lineOf("--spec <value>")).toContain("default: the bundled example spec");
    expect(lineOf("--pm <npm|pnpm|yarn|bun>")).toContain("(default: pnpm)");
    expect(lineOf("--[no-]install")).toContain("default: yes");
    expect(lineOf("--[no-]git")).toContain("default: yes");
    expect(lineOf("--port <number>")).toContain("default: 3000");
    expect(help).toContain("--db <sqlite|postgres|mysql|none>");
    expect(help).toMatch(/Database \(default: sqlite\)/);
    expect(help).toMatch(/sqlite\s+a file, zero setup/);
    expect(help).toContain("Deployment targets (comma-separated; default: docker)");
    expect(help).toContain("Database URL (default: sqlite://localhost/app)");
  });

  it("groups: tool options, then topics, then a third-party plugin's questions under its name, tooling last", () => {
    const at = (text: string) => help.indexOf(text);
    expect(at("Options:")).toBeLessThan(at("Project:"));
    expect(at("Project:")).toBeLessThan(at("From plugin database:"));
    expect(at("From plugin database:")).toBeLessThan(at("Tooling:"));
  });

  it("resolves a dynamic default from the defaults (or answers) before it", () => {
    const withAnswers = formatHelp(questions(), { answers: { db: "postgres" } }, "all");
    expect(withAnswers).toContain("Database URL (default: postgres://localhost/app)");
  });
});
