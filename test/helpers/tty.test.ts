import { afterEach, describe, expect, it } from "@jest/globals";
import { shellQuote, startTty, type TtySession } from "./tty.ts";

describe("startTty (tmux)", () => {
  let tty: TtySession | undefined;
  afterEach(async () => {
    await tty?.close();
    tty = undefined;
  });

  it("answers a shell read prompt and reads the exit status", async () => {
    tty = await startTty(`sh -c ${shellQuote('printf "Your name? "; read n; echo "hello $n"; [ -t 0 ] && echo "on a tty"; exit 3')}`);
    await tty.waitFor("Your name?");
    await tty.type("Ada");
    await tty.press("Enter");
    const screen = await tty.waitFor(/hello Ada/);
    expect(screen).toContain("on a tty");
    expect(await tty.waitForExit()).toBe(3);
  });

  it("uses the size, folder and environment it is given", async () => {
    tty = await startTty(`sh -c ${shellQuote('echo "cols=$(tput cols) rows=$(tput lines) dir=$(pwd) x=$X ci=${CI-unset}"')}`, {
      width: 60,
      height: 12,
      cwd: "/tmp",
      env: { X: "42", CI: undefined },
    });
    expect(await tty.waitForExit()).toBe(0);
    // The exit status can be known before tmux has drawn the last output (a loaded machine): wait for it.
    expect(await tty.waitFor("cols=60 rows=12 dir=/tmp x=42 ci=unset")).toContain("cols=60 rows=12 dir=/tmp x=42 ci=unset");
  });

  it("times out with the screen in the message", async () => {
    tty = await startTty(`sh -c ${shellQuote("echo waiting here; sleep 5")}`);
    await expect(tty.waitFor("never shown", 300)).rejects.toThrow(
      /timed out after 300 ms waiting for never shown; the screen shows:\nwaiting here/,
    );
  });
});
