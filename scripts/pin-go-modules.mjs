#!/usr/bin/env node
// Pins Go modules for the Go target's layers: for each module@version given, resolves its whole
// module graph with the real go command (in a scratch module importing the given packages) and
// records the version, the indirect requirements and the go.sum lines in targets/go/modules.json.
// The generated go.mod and go.sum are written from that table, so a generated project builds
// with the checksums recorded here.
//
//   node scripts/pin-go-modules.mjs github.com/jackc/pgx/v5@v5.7.2 [--import github.com/jackc/pgx/v5/stdlib]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const table = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "targets", "go", "modules.json");
const args = process.argv.slice(2);
const modules = [];
const imports = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--import") imports.push(args[++i]);
  else modules.push(args[i]);
}
if (modules.length === 0 || modules.some((m) => !/^[^@\s]+@v[^@\s]+$/.test(m))) {
  console.error("usage: node scripts/pin-go-modules.mjs <module>@<version>... [--import <package>]...");
  process.exit(2);
}

/** Compares Go language versions ("1.22", "1.24.0"). */
function compareGo(a, b) {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

const pins = fs.existsSync(table) ? JSON.parse(fs.readFileSync(table, "utf8")) : {};
for (const spec of modules) {
  const [module, version] = spec.split("@");
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pin-go-"));
  const go = (...command) => execFileSync("go", command, { cwd: scratch, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  go("mod", "init", "pin.example/scratch");
  go("get", `${module}@${version}`);
  const wanted = imports.filter((p) => p === module || p.startsWith(`${module}/`));
  const packages = wanted.length > 0 ? wanted : [module];
  fs.writeFileSync(
    path.join(scratch, "main.go"),
    `package main\n\nimport (\n${packages.map((p) => `\t_ "${p}"\n`).join("")})\n\nfunc main() {}\n`,
  );
  go("mod", "tidy");
  // go.mod's own requirements are what go mod tidy keeps: those are the indirect ones to write.
  const listed = JSON.parse(go("mod", "edit", "-json")).Require ?? [];
  const indirect = Object.fromEntries(listed.filter((r) => r.Path !== module).map((r) => [r.Path, r.Version]));
  const sum = fs.readFileSync(path.join(scratch, "go.sum"), "utf8").split("\n").filter(Boolean);
  // The newest `go` line among the dependencies: the generated go.mod cannot say less.
  const needs = go("list", "-m", "-f", "{{if not .Main}}{{.GoVersion}}{{end}}", "all")
    .split("\n")
    .filter((v) => /^\d/.test(v));
  pins[module] = { version, go: needs.reduce((a, b) => (compareGo(a, b) >= 0 ? a : b), "1.0"), packages, indirect, sum };
  fs.rmSync(scratch, { recursive: true, force: true });
  console.log(
    `${module} ${version}: go ${pins[module].go}, ${Object.keys(indirect).length} indirect requirements, ${sum.length} go.sum lines`,
  );
}
const sorted = Object.fromEntries(
  Object.keys(pins)
    .sort()
    .map((k) => [k, pins[k]]),
);
fs.writeFileSync(table, `${JSON.stringify(sorted, null, 2)}\n`);
