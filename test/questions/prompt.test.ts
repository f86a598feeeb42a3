/**
 * The real @inquirer/prompts session, driven through in-memory streams: what the user sees and
 * what each keystroke answers. (test/questions/prompt-tty.test.ts repeats a few through a real
 * pseudo-terminal.)
 */
import { describe, expect, it } from "@jest/globals";
import { PassThrough } from "node:stream";
import { StackError } from "../../src/diagnostics.ts";
import { createPrompter } from "../../src/questions/prompt.ts";
import type { Question } from "../../src/questions/types.ts";
import { questions } from "./fixtures.ts";

const ENTER = "\r";
const DOWN = "\x1b[B";
const SPACE = " ";
const CTRL_C = "\x03";
const BACKSPACE = "\x7f";

/** A fake terminal: types each group of keys once the screen shows the text expected before it. */
function terminal(script: [waitFor: string | RegExp, keys: string][]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  let step = 0;
  output.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
    const next = script[step];
    const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
    if (next && (typeof next[0] === "string" ? plain.includes(next[0]) : next[0].test(plain))) {
      step++;
      setImmediate(() => input.write(next[1]));
    }
  });
  return { prompt: createPrompter({ input, output }), screen: () => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "") };
}

const q = (name: string): Question => questions("shop").find((question) => question.name === name)!;

describe("createPrompter", () => {
  it("input: shows the default and takes it on Enter", async () => {
    const t = terminal([["Project name", ENTER]]);
    expect(await t.prompt(q("name"), "shop", {})).toBe("shop");
    expect(t.screen()).toContain("Project name (shop)");
  });

  it("input: shows the validate() message and asks again", async () => {
    const t = terminal([
      ["Project name", `Bad Name${ENTER}`],
      ["must not contain spaces", `${BACKSPACE.repeat(8)}good-name${ENTER}`],
    ]);
    expect(await t.prompt(q("name"), "shop", {})).toBe("good-name");
  });

  it("input: an empty default that stands for something is said in words", async () => {
    const t = terminal([["TypeSpec file", ENTER]]);
    expect(await t.prompt(q("spec"), "", {})).toBe("");
    expect(t.screen()).toContain("TypeSpec file or folder (leave empty for the bundled example spec)");
  });

  it("input with a number default: a number prompt", async () => {
    const t = terminal([["Port the server listens on", `8080${ENTER}`]]);
    expect(await t.prompt(q("port"), 3000, {})).toBe(8080);
    const d = terminal([["Port the server listens on", ENTER]]);
    expect(await d.prompt(q("port"), 3000, {})).toBe(3000);
  });

  it("select: starts on the default, arrows move", async () => {
    const t = terminal([["Package manager", ENTER]]);
    expect(await t.prompt(q("packageManager"), "yarn", {})).toBe("yarn");
    const moved = terminal([["Package manager", `${DOWN}${ENTER}`]]);
    expect(await moved.prompt(q("packageManager"), "npm", {})).toBe("pnpm");
  });

  it("select: shows choice descriptions", async () => {
    const t = terminal([["Database", ENTER]]);
    expect(await t.prompt(q("db"), "sqlite", {})).toBe("sqlite");
    expect(t.screen()).toContain("a file, zero setup");
  });

  it("confirm: Enter takes the default, n says no", async () => {
    expect(await terminal([["Install dependencies?", ENTER]]).prompt(q("install"), true, {})).toBe(true);
    expect(await terminal([["Install dependencies?", `n${ENTER}`]]).prompt(q("install"), true, {})).toBe(false);
  });

  it("multiselect: the defaults start checked, space toggles", async () => {
    expect(await terminal([["Deployment targets", ENTER]]).prompt(q("deploy"), ["docker"], {})).toEqual(["docker"]);
    const t = terminal([["Deployment targets", `${DOWN}${SPACE}${ENTER}`]]);
    expect(await t.prompt(q("deploy"), ["docker"], {})).toEqual(["docker", "kubernetes"]);
  });

  it("multiselect with a none choice: no none box, `a` ticks every real target, nothing ticked answers none", async () => {
    const deploy: Question = {
      name: "deploy",
      message: "Deployment files",
      type: "multiselect",
      default: ["docker"],
      choices: [{ value: "docker" }, { value: "kubernetes" }, { value: "none", description: "no deployment files" }],
      validate: (value) => (Array.isArray(value) && value.includes("none") && value.length > 1 ? "none cannot be combined" : true),
    };
    const all = terminal([["Deployment files", `a${ENTER}`]]);
    expect(await all.prompt(deploy, ["docker"], {})).toEqual(["docker", "kubernetes"]);
    expect(all.screen()).toContain("Deployment files (none ticked: no deployment files)");
    expect(all.screen()).not.toMatch(/[◯◉] none/);
    const nothing = terminal([["Deployment files", `${SPACE}${ENTER}`]]);
    expect(await nothing.prompt(deploy, ["docker"], {})).toEqual(["none"]);
  });

  it("Ctrl-C becomes StackError cancelled, said calmly", async () => {
    const t = terminal([["Project name", CTRL_C]]);
    const error = await t.prompt(q("name"), "shop", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect(error).toMatchObject({ code: "cancelled", message: "Cancelled; nothing was written.", exitCode: 130 });
  });
});
