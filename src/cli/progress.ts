/**
 * How post tasks (install, git) show on stderr: on a terminal a live spinner whose text follows the
 * task's latest output line; elsewhere (CI, pipes) one line when a task starts and one when it ends.
 */
import yoctoSpinner from "yocto-spinner";
import type { RunTasksHooks } from "../post/tasks.ts";
import type { Style } from "./output.ts";

export function taskProgress(
  stream: NodeJS.WriteStream | NodeJS.WritableStream,
  live: boolean,
  style: Style,
): RunTasksHooks & { stop(): void } {
  const done = (title: string, ms: number, skipped?: string) =>
    skipped ? `${title}: skipped (${skipped})` : `${title} ${style.dim(`(${(ms / 1000).toFixed(1)} s)`)}`;
  if (!live) {
    const say = (text: string) => stream.write(`${text}\n`);
    return {
      onStart: (title) => say(`${style.dim("…")} ${title}`),
      onDone: (title, ms, skipped) => say(`${skipped ? style.dim("-") : style.green("✔")} ${done(title, ms, skipped)}`),
      stop: () => {},
    };
  }
  let spinner: ReturnType<typeof yoctoSpinner> | undefined;
  let current = "";
  return {
    onStart: (title) => {
      current = title;
      spinner = yoctoSpinner({ text: title, stream: stream as NodeJS.WriteStream }).start();
    },
    onProgress: (line) => {
      if (spinner) spinner.text = `${current}  ${style.dim(line.trim().slice(0, 80))}`;
    },
    onDone: (title, ms, skipped) => {
      if (skipped) spinner?.info(done(title, ms, skipped));
      else spinner?.success(done(title, ms));
      spinner = undefined;
    },
    stop: () => {
      spinner?.stop();
      spinner = undefined;
    },
  };
}
