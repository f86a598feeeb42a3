#!/usr/bin/env node
// create-typespec-stack: the installed command. Everything else is in main.ts.
import { main } from "./main.ts";

const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
