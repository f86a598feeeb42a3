/**
 * Scaffolds specs for the spec fuzz test, one message at a time, in a worker thread: the test can
 * terminate a worker stuck in a synchronous loop (a hang), which no timer on the same thread could.
 * Runs outside jest's module sandbox, so it imports the TypeScript sources through Node's own type
 * stripping, as `node src/cli/bin.ts` does.
 */
import { parentPort } from "node:worker_threads";
import { scaffold } from "../../src/index.ts";

parentPort.on("message", async ({ id, spec, target, cwd, answers }) => {
  try {
    const result = await scaffold({
      target,
      cwd,
      answers: { name: `fuzz-${id}`, spec, install: false, git: false, port: 3000, ...answers },
    });
    parentPort.postMessage({ id, ok: true, files: result.written.length });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: {
        name: error?.name ?? typeof error,
        code: error?.code,
        message: String(error?.message ?? error),
        details: Array.isArray(error?.details) ? error.details : [],
        stack: String(error?.stack ?? error),
      },
    });
  }
});
