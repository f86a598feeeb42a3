#!/usr/bin/env node
// Remakes docs/images/docs-page.png, the README's picture of a generated project's /docs page: runs
// the README's quickstart (its spec, `--yes`), serves the project and photographs /docs with
// headless Chromium (Debian: `apt-get install chromium`). Run after `npm run build`.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const quickstart = readme.slice(readme.indexOf("## Quickstart"));
const writeSpec = /```sh\n([\s\S]*?)```/.exec(quickstart)[1];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cts-screenshots-"));
const port = 4790;
const out = path.join(root, "docs", "images", "docs-page.png");

execFileSync("bash", ["-euo", "pipefail", "-c", writeSpec], { cwd: work, stdio: "inherit" });
const todo = path.join(work, "todo");
execFileSync(process.execPath, [path.join(root, "dist/src/cli/bin.js"), "server", "--spec", "spec/main.tsp", "--yes", "--no-git"], {
  cwd: todo,
  stdio: "inherit",
});
const project = path.join(todo, "server");
execFileSync("npm", ["run", "build"], { cwd: project, stdio: "inherit" });
const server = spawn(process.execPath, ["dist/src/main.js"], {
  cwd: project,
  env: { ...process.env, PORT: String(port), LOG_LEVEL: "warn" },
  stdio: "inherit",
});
try {
  for (let i = 0; ; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 100) throw new Error("the server did not get ready");
    await new Promise((r) => setTimeout(r, 100));
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // The page draws itself from the document after it loads: virtual time lets it finish first.
  execFileSync(
    "chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--hide-scrollbars",
      "--window-size=1280,860",
      "--virtual-time-budget=8000",
      `--screenshot=${out}`,
      `http://127.0.0.1:${port}/docs`,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  server.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}
