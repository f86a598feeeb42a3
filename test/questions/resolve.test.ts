import { describe, expect, it } from "@jest/globals";
import { StackError } from "../../src/diagnostics.ts";
import { isInteractive, resolveAnswers, type Prompter } from "../../src/questions/resolve.ts";
import type { Question } from "../../src/questions/types.ts";
import { questions } from "./fixtures.ts";

/** A prompter that answers from a table and records what it was asked, with which default. */
function fakePrompter(replies: Record<string, unknown>) {
  const asked: { name: string; defaultValue: unknown }[] = [];
  const prompt: Prompter = async (question, defaultValue) => {
    asked.push({ name: question.name, defaultValue });
    return question.name in replies ? replies[question.name] : defaultValue;
  };
  return { prompt, asked };
}

const env: Question = {
  name: "env",
  message: "Environment",
  type: "select",
  choices: [{ value: "dev" }, { value: "prod" }],
  default: "dev",
};
const four: Question[] = [
  { ...env, name: "a" },
  { ...env, name: "b" },
  { ...env, name: "c" },
  { ...env, name: "d" },
];

describe("resolveAnswers", () => {
  it("takes flag > answers file > prompt > default", async () => {
    const { prompt, asked } = fakePrompter({ a: "prod", b: "prod", c: "prod" });
    const answers = await resolveAnswers(four, {
      flags: { a: "prod" },
      fileAnswers: { a: "dev", b: "prod" },
      interactive: true,
      prompt,
    });
    expect(answers).toEqual({ a: "prod", b: "prod", c: "prod", d: "dev" });
    expect(asked.map((q) => q.name)).toEqual(["c", "d"]);
  });

  it("never prompts without a terminal; defaults fill the rest", async () => {
    const { prompt, asked } = fakePrompter({});
    const answers = await resolveAnswers(questions("my-shop"), { flags: { db: "postgres" }, interactive: false, prompt });
    expect(asked).toEqual([]);
    expect(answers).toEqual({
      name: "my-shop",
      spec: "",
      target: "typescript",
      packageManager: "pnpm",
      install: true,
      git: true,
      port: 3000,
      db: "postgres",
      dbUrl: "postgres://localhost/app",
      deploy: ["docker"],
    });
  });

  it("with --yes takes defaults instead of prompting", async () => {
    const { prompt, asked } = fakePrompter({});
    await resolveAnswers(four, { interactive: true, yes: true, prompt });
    expect(asked).toEqual([]);
  });

  it("passes each prompt its default computed from the earlier answers", async () => {
    const { prompt, asked } = fakePrompter({ db: "mysql" });
    const answers = await resolveAnswers(questions(), { interactive: true, prompt });
    expect(asked.find((q) => q.name === "dbUrl")).toEqual({ name: "dbUrl", defaultValue: "mysql://localhost/app" });
    expect(answers.dbUrl).toBe("mysql://localhost/app");
  });

  it("skips a question whose when() is false, and refuses its flag", async () => {
    const answers = await resolveAnswers(questions(), { flags: { db: "sqlite" }, fileAnswers: { dbUrl: "x" }, interactive: false });
    expect(answers).not.toHaveProperty("dbUrl");
    await expect(resolveAnswers(questions(), { flags: { db: "none", dbUrl: "x" }, interactive: false })).rejects.toMatchObject({
      code: "flag-invalid",
      message: expect.stringContaining("--db-url does not apply"),
    });
  });

  it("a required answer missing without a terminal is an error naming the flag", async () => {
    const list: Question[] = [{ name: "dbUrl", message: "Database URL", type: "input", required: true, group: "database" }];
    const error = await resolveAnswers(list, { interactive: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).code).toBe("answer-missing");
    expect((error as StackError).message).toContain("--db-url <value>");
    const yes = await resolveAnswers(list, { interactive: false, yes: true }).catch((e: unknown) => e);
    expect((yes as StackError).code).toBe("answer-missing");
  });

  it("asks a required question without a default even with --yes when there is a terminal", async () => {
    const list: Question[] = [{ name: "token", message: "Token", type: "input", required: true }];
    const { prompt, asked } = fakePrompter({ token: "t" });
    expect(await resolveAnswers(list, { interactive: true, yes: true, prompt })).toEqual({ token: "t" });
    expect(asked).toHaveLength(1);
  });

  it("omits a question with no answer and no default that is not required", async () => {
    const list: Question[] = [{ name: "note", message: "Note", type: "input" }];
    expect(await resolveAnswers(list, { interactive: false })).toEqual({});
  });

  it("checks flag and file answers against the answers before them", async () => {
    const list: Question[] = [
      { name: "min", message: "Min", type: "input", default: 1 },
      {
        name: "max",
        message: "Max",
        type: "input",
        default: 10,
        validate: (v, a) => (Number(v) >= Number(a.min) ? true : `max must be at least min (${String(a.min)})`),
      },
    ];
    await expect(
      resolveAnswers(list, { fileAnswers: { min: 5, max: 3 }, answersFile: "a.json", interactive: false }),
    ).rejects.toMatchObject({
      code: "answers-file-invalid",
      message: 'Answers file a.json: "max": max must be at least min (5)',
    });
  });
});

describe("questions that depend on the spec", () => {
  const spec: Question = { name: "spec", message: "Spec", type: "input", default: "" };
  const broker: Question = {
    name: "broker",
    message: "Broker",
    type: "select",
    choices: [{ value: "none" }, { value: "nats" }],
    usesSpec: true,
    when: (_answers, api) => api?.services.length !== 0,
    default: (_answers, api) => (api?.services[0]?.title === "Events" ? "nats" : "none"),
    notApplicable: "here: the spec has no services",
  };
  const api = (title: string | undefined) => ({
    specPath: "x",
    services: title ? [{ namespace: "X", title, operations: [] }] : [],
    models: {},
    enums: {},
    unions: {},
    authSchemes: {},
  });

  it("compiles the spec once, after the spec answer, and passes it to when() and default()", async () => {
    const seen: unknown[] = [];
    const answers = await resolveAnswers([spec, broker, { ...broker, name: "second" }], {
      flags: { spec: "events.tsp" },
      interactive: false,
      spec: async (partial) => {
        seen.push(partial.spec);
        return api("Events");
      },
    });
    expect(answers).toEqual({ spec: "events.tsp", broker: "nats", second: "nats" });
    expect(seen).toEqual(["events.tsp"]);
  });

  it("a flag for a question the spec rules out is refused with the question's reason", async () => {
    await expect(
      resolveAnswers([spec, broker], { flags: { broker: "nats" }, interactive: false, spec: async () => api(undefined) }),
    ).rejects.toMatchObject({
      code: "flag-invalid",
      message: "--broker does not apply here: the spec has no services",
    });
  });

  it("never compiles when no question needs the spec", async () => {
    let compiled = false;
    await resolveAnswers([spec, env], { interactive: false, spec: async () => ((compiled = true), api("Events")) });
    expect(compiled).toBe(false);
  });
});

describe("the accept-defaults question and the offered choices", () => {
  const project: Question[] = [
    { name: "name", message: "Project name", type: "input", topic: "project", required: true, promptDefault: "my-api" },
    { ...env, name: "spec", type: "input", topic: "project", default: "" },
  ];
  const rest: Question[] = [
    { ...env, name: "db", topic: "database", default: "sqlite", choices: [{ value: "sqlite" }, { value: "postgres" }] },
    { ...env, name: "pm", topic: "tooling", default: "npm", choices: [{ value: "npm" }, { value: "pnpm" }, { value: "bun" }] },
  ];

  it("asks it once, after the project questions; yes takes every other default", async () => {
    const { prompt, asked } = fakePrompter({ name: "shop" });
    const gate: unknown[] = [];
    const answers = await resolveAnswers([...project, ...rest], {
      interactive: true,
      prompt,
      acceptDefaults: async (so) => (gate.push({ ...so }), true),
    });
    expect(asked.map((a) => a.name)).toEqual(["name", "spec"]);
    expect(gate).toEqual([{ name: "shop", spec: "" }]);
    expect(answers).toEqual({ name: "shop", spec: "", db: "sqlite", pm: "npm" });
  });

  it("no asks the rest; the name prompt gets its pre-filled default", async () => {
    const { prompt, asked } = fakePrompter({ db: "postgres" });
    const answers = await resolveAnswers([...project, ...rest], { interactive: true, prompt, acceptDefaults: async () => false });
    expect(asked).toEqual([
      { name: "name", defaultValue: "my-api" },
      { name: "spec", defaultValue: "" },
      { name: "db", defaultValue: "sqlite" },
      { name: "pm", defaultValue: "npm" },
    ]);
    expect(answers).toMatchObject({ name: "my-api", db: "postgres" });
  });

  it("is not asked when flags answer everything after the project questions", async () => {
    let gateAsked = false;
    const { prompt } = fakePrompter({});
    await resolveAnswers([...project, ...rest], {
      interactive: true,
      prompt,
      flags: { db: "postgres", pm: "npm" },
      acceptDefaults: async () => (gateAsked = true),
    });
    expect(gateAsked).toBe(false);
  });

  it("offers only the choices offered() names, and asks nothing when one is left", async () => {
    const seen: string[][] = [];
    const prompt: Prompter = async (question, fallback) => (seen.push((question.choices ?? []).map((c) => c.value)), fallback);
    const pm = (offered: string[]) => ({ ...rest[1]!, offered: () => offered });
    expect(await resolveAnswers([pm(["npm", "bun"])], { interactive: true, prompt })).toEqual({ pm: "npm" });
    expect(seen).toEqual([["npm", "bun"]]);
    seen.length = 0;
    expect(await resolveAnswers([pm(["npm"])], { interactive: true, prompt })).toEqual({ pm: "npm" });
    expect(seen).toEqual([]);
    // A flag may still name one that is not offered (generating for another machine).
    expect(await resolveAnswers([pm(["npm"])], { interactive: true, prompt, flags: { pm: "bun" } })).toEqual({ pm: "bun" });
  });
});

describe("isInteractive", () => {
  const tty = { isTTY: true };
  it("is true only when stdin and stdout are terminals and CI is not set", () => {
    expect(isInteractive(tty, tty, {})).toBe(true);
    expect(isInteractive(tty, tty, { CI: "" })).toBe(true);
    expect(isInteractive(tty, tty, { CI: "false" })).toBe(true);
    expect(isInteractive({}, tty, {})).toBe(false);
    expect(isInteractive(tty, { isTTY: false }, {})).toBe(false);
  });

  it("is false with CI=true (or any other CI value)", () => {
    expect(isInteractive(tty, tty, { CI: "true" })).toBe(false);
    expect(isInteractive(tty, tty, { CI: "1" })).toBe(false);
  });
});
