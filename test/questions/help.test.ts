import { describe, expect, it } from "@jest/globals";
import { formatHelp } from "../../src/questions/help.ts";
import { questions } from "./fixtures.ts";

describe("formatHelp", () => {
  const help = formatHelp(questions("shop-api"), { bin: "create-typespec-stack", version: "1.2.3" });
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
    // Layers that do not exist yet are not advertised in the examples (the fixture's own
    // db/deploy questions do appear further down, as flags).
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
    expect(lineOf("--deploy <docker,kubernetes>")).toBeDefined();
    expect(help).toContain("Deployment targets (comma-separated; default: docker)");
    expect(help).toContain("Database URL (default: sqlite://localhost/app)");
  });

  it("groups: tool options first, then each question group in order", () => {
    const at = (text: string) => help.indexOf(text);
    expect(at("Options:")).toBeLessThan(at("Project questions:"));
    expect(at("Project questions:")).toBeLessThan(at("Questions from server:"));
    expect(at("Questions from server:")).toBeLessThan(at("Questions from database:"));
    expect(at("Questions from database:")).toBeLessThan(at("Questions from deploy:"));
  });

  it("resolves a dynamic default from the defaults (or answers) before it", () => {
    const withAnswers = formatHelp(questions(), { answers: { db: "postgres" } });
    expect(withAnswers).toContain("Database URL (default: postgres://localhost/app)");
  });
});
