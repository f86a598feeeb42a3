import { describe, expect, it } from "@jest/globals";
import { StackError } from "../../src/diagnostics.ts";
import { parseArgv, peekFirstPositional, peekToolOptions } from "../../src/questions/flags.ts";
import type { Question } from "../../src/questions/types.ts";
import { questions } from "./fixtures.ts";

function failure(argv: string[], list: Question[] = questions()): StackError {
  try {
    parseArgv(argv, list);
  } catch (error) {
    if (error instanceof StackError) return error;
    throw error;
  }
  throw new Error(`expected ${argv.join(" ")} to fail`);
}

describe("parseArgv", () => {
  it("turns every kind of question into a flag", () => {
    const parsed = parseArgv(
      ["my-api", "--name", "shop", "--pm", "yarn", "--db", "postgres", "--deploy", "docker,kubernetes", "--port", "8080", "--git"],
      questions(),
    );
    expect(parsed.positionals).toEqual(["my-api"]);
    expect(parsed.answers).toEqual({
      name: "shop",
      packageManager: "yarn",
      db: "postgres",
      deploy: ["docker", "kubernetes"],
      port: 8080,
      git: true,
    });
  });

  it("returns only the answers given as flags", () => {
    expect(parseArgv(["my-api"], questions()).answers).toEqual({});
  });

  it("--no-install sets install to false", () => {
    expect(parseArgv(["--no-install", "--no-git"], questions()).answers).toEqual({ install: false, git: false });
  });

  it("accepts --flag=value, --install=false and repeated multiselect flags", () => {
    const parsed = parseArgv(["--db=mysql", "--install=false", "--deploy", "docker", "--deploy=kubernetes,docker"], questions());
    expect(parsed.answers).toEqual({ db: "mysql", install: false, deploy: ["docker", "kubernetes"] });
  });

  it("reads the tool options", () => {
    const parsed = parseArgv(
      [
        "-y",
        "--dry-run",
        "--json",
        "--force",
        "--templates",
        "team",
        "--answers",
        "a.yaml",
        "--plugin",
        "@acme/audit",
        "--plugin",
        "./local",
        "--debug",
        "--no-color",
      ],
      questions(),
    );
    expect(parsed.options).toEqual({
      yes: true,
      dryRun: true,
      check: false,
      json: true,
      force: true,
      templates: "team",
      answers: "a.yaml",
      plugins: ["@acme/audit", "./local"],
      debug: true,
      help: false,
      version: false,
      color: false,
    });
    expect(parseArgv(["-h", "-v"], questions()).options).toMatchObject({ help: true, version: true });
  });

  it("takes everything after -- as positionals", () => {
    expect(parseArgv(["--", "--db"], questions()).positionals).toEqual(["--db"]);
  });

  it("lists the allowed values for a bad choice", () => {
    const error = failure(["--db", "oracle"]);
    expect(error.code).toBe("flag-invalid");
    expect(error.message).toBe('--db must be one of: sqlite, postgres, mysql, none (got "oracle")');
  });

  it("checks each multiselect item", () => {
    expect(failure(["--deploy", "docker,swarm"]).message).toBe('--deploy must be a list of: docker, kubernetes (got "swarm")');
  });

  it("rejects a non-number for a question with a number default", () => {
    const error = failure(["--port", "eighty"]);
    expect(error.code).toBe("flag-invalid");
    expect(error.message).toBe('--port must be a whole number (got "eighty")');
  });

  it("applies the question's validate()", () => {
    const error = failure(["--name", "My API"]);
    expect(error.code).toBe("flag-invalid");
    expect(error.message).toMatch(/^--name: "My API" must not contain spaces/);
  });

  it("names an unknown flag and suggests the closest one", () => {
    const error = failure(["--dry"]);
    expect(error.code).toBe("flag-unknown");
    expect(error.message).toBe("Unknown flag --dry. Did you mean --dry-run?");
    expect(failure(["--databse"]).message).toContain("--databse");
    expect(failure(["--instal"]).message).toContain("Did you mean --install?");
    expect(failure(["--no-instal"]).message).toContain("Did you mean --no-install?");
  });

  it("names an unknown flag without a suggestion when nothing is close", () => {
    expect(failure(["--frobnicate"]).message).toBe("Unknown flag --frobnicate.");
    expect(failure(["-z"]).message).toBe("Unknown flag -z (short flags: -y, -h, -v).");
  });

  it("says when a value is missing", () => {
    expect(failure(["--spec"]).message).toBe("--spec needs a value");
    expect(failure(["--db", "--yes"]).message).toBe("--db needs a value (one of: sqlite, postgres, mysql, none)");
  });

  it("refuses --no- on a flag that takes a value, and a value on an on/off flag", () => {
    expect(failure(["--no-db"]).code).toBe("flag-invalid");
    expect(failure(["--git=maybe"]).message).toBe('--git is on/off and takes no value (got "maybe")');
  });

  it("refuses a question whose flag collides with a tool option", () => {
    const clash: Question = { name: "force", message: "Force?", type: "confirm", group: "@acme/x" };
    const error = failure([], [clash]);
    expect(error.code).toBe("plugin-invalid");
    expect(error.message).toContain("--force");
    expect(error.message).toContain("@acme/x");
  });
});

describe("peekToolOptions", () => {
  it("reads --plugin and --json while ignoring flags it does not know yet", () => {
    const options = peekToolOptions(["my-api", "--audit-level", "high", "--plugin", "@acme/audit", "--json", "--bogus"]);
    expect(options.plugins).toEqual(["@acme/audit"]);
    expect(options.json).toBe(true);
  });
});

describe("peekFirstPositional", () => {
  it("skips the values of the flags it knows, so a value before the command is not the folder", () => {
    expect(peekFirstPositional(["--pm", "pnpm", "update"], questions())).toBe("update");
    expect(peekFirstPositional(["--db=postgres", "my-api", "--yes"], questions())).toBe("my-api");
    expect(peekFirstPositional(["--yes"], questions())).toBeUndefined();
  });
});
