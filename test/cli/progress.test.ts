/** The install's progress on a terminal: a spinner that moves and shows the latest output line. */
import { expect, it } from "@jest/globals";
import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { taskProgress } from "../../src/cli/progress.ts";
import { createStyle } from "../../src/cli/output.ts";
import { runTasks } from "../../src/post/tasks.ts";

function terminal() {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number; cursorTo(): boolean; clearLine(): boolean; moveCursor(): boolean };
  Object.assign(stream, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, text: () => text };
}

const slowTask = {
  title: "Installing dependencies with npm",
  async run({ onProgress }: { onProgress?(line: string): void }) {
    onProgress?.("added 120 packages");
    await new Promise((resolve) => setTimeout(resolve, 600));
  },
};

it("on a terminal the spinner turns while the task runs, shows its latest line, and ends with a tick", async () => {
  const tty = terminal();
  // yocto-spinner holds its frames still whenever CI is set (as on the build machines): this test is
  // about a person's terminal.
  const ci = process.env.CI;
  delete process.env.CI;
  try {
    const progress = taskProgress(tty.stream, true, createStyle(false));
    await runTasks([slowTask], process.cwd(), progress);
  } finally {
    if (ci !== undefined) process.env.CI = ci;
  }
  const out = stripVTControlCharacters(tty.text());
  const frames = new Set(out.match(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g));
  expect(frames.size).toBeGreaterThan(2);
  expect(out).toContain("added 120 packages");
  expect(out).toMatch(/✔ Installing dependencies with npm \(\d+\.\d s\)/);
});

it("elsewhere, one line when a task starts and one when it ends", async () => {
  const pipe = terminal();
  pipe.stream.isTTY = false;
  const progress = taskProgress(pipe.stream, false, createStyle(false));
  await runTasks([slowTask], process.cwd(), progress);
  expect(pipe.text()).toMatch(/^… Installing dependencies with npm\n✔ Installing dependencies with npm \(\d+\.\d s\)\n$/);
});
