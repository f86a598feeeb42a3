/**
 * Ctrl-C while writing: instead of dying mid-write (leaving a temporary folder or half a project),
 * a signal aborts the commit, which stops at its next check and cleans up. Handlers live only for
 * the duration of the work.
 */
import { StackError } from "../diagnostics.ts";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
type Signal = (typeof SIGNALS)[number];

export async function withInterrupts<T>(outer: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let received: Signal | undefined;
  const onSignal = (signal: Signal) => {
    received ??= signal;
    controller.abort(new StackError("cancelled", `Interrupted by ${signal}.`));
  };
  const onOuter = () => controller.abort(outer?.reason);
  for (const s of SIGNALS) process.on(s, onSignal);
  outer?.addEventListener("abort", onOuter, { once: true });
  if (outer?.aborted) onOuter();

  let completed = false;
  try {
    const result = await work(controller.signal);
    completed = true;
    return result;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
    outer?.removeEventListener("abort", onOuter);
    // The signal landed after the last check, so the work finished; still honour the user's
    // request to stop, by letting the default handling (or the caller's own handler) take it.
    if (completed && received) process.kill(process.pid, received);
  }
}
