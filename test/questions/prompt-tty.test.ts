/**
 * The real prompts in a real pseudo-terminal (tmux): keystrokes in, answers out, Ctrl-C and CI.
 * Skipped where tmux is not installed.
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { fileURLToPath } from "node:url";
import { shellQuote, startTty, type TtySession } from "../helpers/tty.ts";

const driver = fileURLToPath(new URL("./tty-driver.ts", import.meta.url));
const command = (...args: string[]) =>
  [process.execPath, "--experimental-strip-types", "--no-warnings", driver, ...args].map(shellQuote).join(" ");
const answersOn = (screen: string) => JSON.parse(/ANSWERS (\{.*\})/.exec(screen)![1]) as Record<string, unknown>;

describe("prompts in a real terminal", () => {
  let tty: TtySession | undefined;
  afterEach(async () => {
    await tty?.close();
    tty = undefined;
  });

  it("asks every core question and returns what was typed", async () => {
    tty = await startTty(command(), { env: { CI: undefined } });
    await tty.waitFor("Project name (shop)");
    await tty.press("Enter");
    await tty.waitFor("TypeSpec file or folder (leave empty for the bundled example spec)");
    await tty.type("./api/main.tsp");
    await tty.press("Enter");
    await tty.waitFor(/Server language[\s\S]*go/);
    await tty.press("Enter");
    await tty.waitFor(/Package manager[\s\S]*bun/);
    await tty.press("Down", "Enter");
    await tty.waitFor("Install dependencies? (Y/n)");
    await tty.type("n");
    await tty.press("Enter");
    await tty.waitFor("Initialise a git repository?");
    await tty.press("Enter");
    await tty.waitFor("Port the server listens on by default");
    await tty.press("Enter");
    const screen = await tty.waitFor("ANSWERS");
    expect(await tty.waitForExit()).toBe(0);
    expect(answersOn(screen)).toEqual({
      name: "shop",
      spec: "./api/main.tsp",
      target: "typescript",
      packageManager: "pnpm",
      install: false,
      git: true,
      port: 3000,
    });
  });

  it("shows a validation message and keeps asking", async () => {
    tty = await startTty(command(), { env: { CI: undefined } });
    await tty.waitFor("Project name (shop)");
    await tty.type("Shop API");
    await tty.press("Enter");
    await tty.waitFor("must not contain spaces");
    await tty.press(...Array<string>(8).fill("BSpace"));
    await tty.type("shop-api");
    await tty.press("Enter");
    await tty.waitFor("TypeSpec file or folder");
    await tty.press("C-c");
    await tty.waitFor("ERROR");
  });

  it("Ctrl-C cancels with exit status 130", async () => {
    tty = await startTty(command(), { env: { CI: undefined } });
    await tty.waitFor("Project name");
    await tty.press("C-c");
    expect(await tty.waitFor("ERROR")).toContain("ERROR cancelled: Cancelled; nothing was written.");
    expect(await tty.waitForExit()).toBe(130);
  });

  it("with CI=true never prompts, even on a terminal", async () => {
    tty = await startTty(command(), { env: { CI: "true" } });
    const screen = await tty.waitFor("ANSWERS");
    expect(screen).not.toContain("Project name");
    expect(answersOn(screen)).toEqual({
      name: "shop",
      spec: "",
      target: "typescript",
      packageManager: "npm",
      install: true,
      git: true,
      port: 3000,
    });
    expect(await tty.waitForExit()).toBe(0);
  });
});
