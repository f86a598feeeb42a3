#!/usr/bin/env node
// Run before this repository's build and tests: on an older Node, one line saying what to do, at
// once, instead of a 19-second type-check that ends in the TypeSpec compiler's stack trace.
const NEEDED_MAJOR = 22;
const major = Number(process.versions.node.split(".")[0]);
if (major < NEEDED_MAJOR) {
  process.stderr.write(
    `create-typespec-stack needs Node ${NEEDED_MAJOR} or newer; this is Node ${process.versions.node}. ` +
      `Run \`nvm use\` (this repository's .nvmrc says ${NEEDED_MAJOR}) or install Node ${NEEDED_MAJOR} from https://nodejs.org.\n`,
  );
  process.exit(1);
}
