#!/usr/bin/env node
// create-typespec-stack: the installed command. It checks the Node version before loading anything
// (the TypeSpec compiler and execa fail on older Node with stack traces), then runs main.ts.
const NEEDED_MAJOR = 22;
const major = Number(process.versions.node.split(".")[0]);
if (major < NEEDED_MAJOR) {
  process.stderr.write(
    `create-typespec-stack needs Node ${NEEDED_MAJOR} or newer; this is Node ${process.versions.node}. Install Node ${NEEDED_MAJOR} from https://nodejs.org (or \`nvm install ${NEEDED_MAJOR}\`).\n`,
  );
  process.exit(1);
}

// --no-color reaches the libraries too (the prompts, the spinner): they follow NO_COLOR, and some
// pick their colours when they load, so it is set before anything is imported.
if (process.argv.slice(2).includes("--no-color")) process.env.NO_COLOR = "1";

const { main } = await import("./main.ts");
const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
