/**
 * The CLI's contract with a user who gets something wrong, or wants to see before writing:
 * clear errors with the right exit code and nothing written; dry runs; JSON output; answers
 * files; team template overrides; regenerating a project without losing the user's edits.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { cliBin, runCli, specs, snapshot, tempDir } from "./cli-helpers.ts";

const petstore = specs.petstore;
let work: string;
beforeAll(() => {
  work = tempDir("cli");
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const quiet = ["--no-install", "--no-git"];

describe("bad input", () => {
  it("a broken spec exits 1 with file:line:col and creates nothing", () => {
    const specDir = path.join(work, "broken-spec");
    fs.mkdirSync(specDir);
    fs.writeFileSync(
      path.join(specDir, "main.tsp"),
      'import "@typespec/http";\nusing Http;\n@service namespace Broken;\nmodel Thing {\n  name: strin;\n}\n@route("/things") op list(): Thing[];\n',
    );
    const target = path.join(work, "from-broken");
    const result = runCli([target, "--spec", specDir, "--yes", ...quiet], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken-spec\/main\.tsp:5:9 - error [\w-]+: .*strin/);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(work).filter((n) => n.includes("tmp"))).toEqual([]);
  });

  it("a missing spec names the path", () => {
    const result = runCli([path.join(work, "x"), "--spec", "nope/main.tsp", "--yes", ...quiet], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("nope/main.tsp");
  });

  it("a non-empty folder is refused and left untouched", () => {
    const target = path.join(work, "occupied");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "notes.txt"), "mine\n");
    const before = snapshot(target);
    const result = runCli([target, "--spec", petstore, "--yes", ...quiet], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("occupied");
    expect(result.stderr).toContain("--force");
    expect(snapshot(target)).toEqual(before);
  });

  it("on Node older than 22, one line naming the version needed, exit 1 (no stack trace)", () => {
    // The machine's own Node 20 when there is one; everywhere, Node 22 made to report 20.11.1 before the bin loads.
    const oldNode = spawnSync("/usr/bin/node", ["-v"], { encoding: "utf8" }).stdout?.trim();
    const runs: [string, string[]][] = [
      [process.execPath, ["--import", 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.11.1"})']],
    ];
    if (oldNode && Number(oldNode.slice(1).split(".")[0]) < 22) runs.push(["/usr/bin/node", []]);
    for (const [node, flags] of runs) {
      const result = spawnSync(node, [...flags, cliBin, path.join(work, "old-node"), "--yes"], { cwd: work, encoding: "utf8" });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /^create-typespec-stack needs Node 22 or newer; this is Node 20\.\d+\.\d+\. Install Node 22 from https:\/\/nodejs\.org \(or `nvm install 22`\)\.\n$/,
      );
      expect(result.stdout).toBe("");
    }
    expect(fs.existsSync(path.join(work, "old-node"))).toBe(false);
  });

  it("an unknown flag exits 2 and suggests the closest one", () => {
    const result = runCli([path.join(work, "y"), "--yse"], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--yse");
    expect(result.stderr).toContain("--yes");
  });

  it("a bad choice lists the allowed values", () => {
    const result = runCli([path.join(work, "z"), "--pm", "pip", "--yes"], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error flag-invalid: --pm must be one of: npm, pnpm, yarn, bun (got "pip")\nfix: Use one of the values listed above, e.g. --pm npm\n',
    );
  });

  // Each refusal says its own rule with an example that follows it; none points at a list that is not there.
  it.each([
    [
      ["--name", "Bad Name!"],
      'error flag-invalid: --name: "Bad Name!" must not contain spaces',
      "fix: Use lowercase letters, digits, '-', '.', '_' (an npm package name), e.g. --name bad-name",
    ],
    [["--port", "99999"], "error flag-invalid: --port: 99999 is not a port number", "fix: Use a port from 1 to 65535, e.g. --port 3000"],
    [["--port", "abc"], 'error flag-invalid: --port must be a whole number (got "abc")', "fix: Use a whole number, e.g. --port 3000"],
    [
      ["--no-db"],
      "error flag-invalid: --no-db is not a flag: --db takes a value, it is not on/off",
      "fix: Pass a value instead, e.g. --db sqlite",
    ],
    [
      ["--git=maybe"],
      'error flag-invalid: --git is on/off and takes no value (got "maybe")',
      "fix: Use --git to turn it on, or --no-git to turn it off.",
    ],
    [
      ["--deploy", "none,docker"],
      'error flag-invalid: --deploy: "none" cannot be combined with docker',
      'fix: Use "none" alone, or the targets without it, e.g. --deploy docker',
    ],
  ])("%j says its own fix", (flags, message, fix) => {
    const result = runCli([path.join(work, "bad-value"), ...flags, "--yes", ...quiet], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${message}\n${fix}\n`);
    expect(fs.existsSync(path.join(work, "bad-value"))).toBe(false);
  });

  it("no fix line anywhere says 'listed above' without a list above it", () => {
    const result = runCli([path.join(work, "bad-value"), "--port", "0", "--yes", ...quiet], { cwd: work });
    expect(result.stderr).not.toContain("allowed values listed above");
  });

  it("a spec error's fix names a tsp command that works outside a TypeSpec project", () => {
    const spec = path.join(work, "unclosed.tsp");
    fs.writeFileSync(spec, "model X {");
    const result = runCli([path.join(work, "from-unclosed"), "--spec", spec, "--yes", ...quiet], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(
      "fix: Fix the TypeSpec errors above; `npx -p @typespec/compiler tsp compile <spec>` shows the same diagnostics.",
    );
  });

  it("without a terminal, a missing required answer names its flag instead of waiting", () => {
    const result = runCli(["--spec", petstore, ...quiet], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--name");
  });
});

describe("--help", () => {
  it("is one short page by topic; --help all and --help <topic> give the rest", () => {
    const short = runCli(["--help"], { cwd: work });
    expect(short.code).toBe(0);
    const lines = short.stdout.trimEnd().split("\n");
    expect(lines.length).toBeLessThan(45);
    expect(lines.filter((line) => /^[A-Z][a-z]+:$/.test(line))).toEqual([
      "Usage:",
      "Project:",
      "Database:",
      "Auth:",
      "Deploy:",
      "Events:",
      "Extras:",
      "Tooling:",
      "Running:",
    ]);
    const all = runCli(["my-api", "--help", "all"], { cwd: work });
    expect(all.code).toBe(0);
    expect(all.stdout).toContain("--templates <dir>");
    expect(all.stdout.split("\n").length).toBeGreaterThan(lines.length);
    const auth = runCli(["--help", "auth"], { cwd: work });
    expect(auth.stdout).toMatch(/^Auth:\n\s+--auth <none\|jwt\|api-key\|oauth2>/);
    expect(fs.existsSync(path.join(work, "all"))).toBe(false);
  });
});

describe("seeing before writing", () => {
  it("--dry-run prints the plan and writes nothing", () => {
    const target = path.join(work, "dry");
    const result = runCli([target, "--spec", petstore, "--yes", "--dry-run", ...quiet], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/create\s+src\/server\.ts/);
    expect(result.stdout).toMatch(/create\s+src\/handlers\/pets\.ts/);
    expect(fs.existsSync(target)).toBe(false);
  });

  it("--dry-run --json prints the plan as one JSON document", () => {
    const target = path.join(work, "dry-json");
    const result = runCli([target, "--spec", petstore, "--yes", "--dry-run", "--json", ...quiet], { cwd: work });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.plan.files.map((f: { path: string }) => f.path)).toContain("src/generated/routes.ts");
    expect(fs.existsSync(target)).toBe(false);
  });

  it("--json prints only the JSON summary on stdout", () => {
    const target = path.join(work, "as-json");
    const result = runCli([target, "--spec", petstore, "--yes", "--json", ...quiet], { cwd: work });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ ok: true, target, answers: { name: "as-json", install: false } });
    expect(json.written).toContain("package.json");
  });

  it("--json errors are JSON too", () => {
    const result = runCli([path.join(work, "j"), "--spec", "nope", "--json", "--yes"], { cwd: work });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: "spec-not-found" } });
  });
});

describe("answers and overrides", () => {
  it("reads an answers file (YAML) and records the answers in the manifest", () => {
    const file = path.join(work, "answers.yaml");
    fs.writeFileSync(file, "name: from-file\nport: 4100\npackageManager: pnpm\ninstall: false\ngit: false\n");
    const target = path.join(work, "answered");
    const result = runCli([target, "--spec", petstore, "--answers", file], { cwd: work });
    expect(result.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(target, "typespec-stack.json"), "utf8"));
    expect(manifest.answers).toMatchObject({ name: "from-file", port: 4100, packageManager: "pnpm" });
    expect(fs.readFileSync(path.join(target, ".env.example"), "utf8")).toContain("PORT=4100");
    expect(JSON.parse(fs.readFileSync(path.join(target, "package.json"), "utf8")).name).toBe("from-file");
  });

  it("a team overrides one file and one partial, and adds a file, without copying the rest", () => {
    const team = path.join(work, "team-templates");
    fs.mkdirSync(path.join(team, "base"), { recursive: true });
    fs.mkdirSync(path.join(team, "server", "_partials"), { recursive: true });
    fs.mkdirSync(path.join(team, "server", "docs"), { recursive: true });
    fs.writeFileSync(path.join(team, "base", "README.md.hbs"), "# {{project.name}} (ACME internal)\n");
    fs.writeFileSync(path.join(team, "server", "_partials", "header.hbs"), "// (c) ACME. Generated by {{tool.name}}; do not edit.\n");
    fs.writeFileSync(path.join(team, "server", "docs", "routes.md.hbs"), "{{#each server.routes}}\n- {{method}} {{path}}\n{{/each}}\n");
    const target = path.join(work, "acme");
    const result = runCli([target, "--spec", petstore, "--yes", "--templates", team, ...quiet], { cwd: work });
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(target, "README.md"), "utf8")).toBe("# acme (ACME internal)\n");
    expect(fs.readFileSync(path.join(target, "src/generated/routes.ts"), "utf8")).toMatch(/^\/\/ \(c\) ACME\./);
    expect(fs.readFileSync(path.join(target, "docs/routes.md"), "utf8")).toContain("- GET /pets/{id}");
    // Everything not overridden still comes from the built-in templates.
    expect(fs.readFileSync(path.join(target, "src/server.ts"), "utf8")).toContain("buildServer");
  });

  it("typespec-stack.config.json in the working folder names the team templates", () => {
    const dir = path.join(work, "with-config");
    fs.mkdirSync(path.join(dir, "tpl", "base"), { recursive: true });
    fs.writeFileSync(path.join(dir, "tpl", "base", "README.md.hbs"), "configured\n");
    fs.writeFileSync(path.join(dir, "typespec-stack.config.json"), JSON.stringify({ templates: "tpl" }));
    const result = runCli(["out", "--spec", petstore, "--yes", ...quiet], { cwd: dir });
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "out", "README.md"), "utf8")).toBe("configured\n");
  });

  it("an override folder named after no plugin is an error, not a silent no-op", () => {
    const team = path.join(work, "typo-templates");
    fs.mkdirSync(path.join(team, "sever"), { recursive: true });
    const result = runCli([path.join(work, "typo"), "--spec", petstore, "--yes", "--templates", team, ...quiet], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no plugin named "sever"');
  });
});

describe("regenerating a project", () => {
  it("keeps the user's handlers and edits, refuses an edited file it cannot merge, and --force overwrites it", () => {
    const target = path.join(work, "regen");
    expect(runCli([target, "--spec", petstore, "--yes", ...quiet], { cwd: work }).code).toBe(0);
    const handler = path.join(target, "src/handlers/pets.ts");
    const generated = path.join(target, "src/generated/routes.ts");
    fs.appendFileSync(handler, "// my change\n");
    const again = runCli([target, "--spec", path.join(target, "spec"), "--yes", "--dry-run", ...quiet], { cwd: work });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/keep\s+src\/handlers\/pets\.ts/);
    expect(again.stdout).toMatch(/identical\s+src\/generated\/routes\.ts/);

    // An edited generated file with nothing new to merge keeps the edit.
    fs.appendFileSync(generated, "// edited by hand\n");
    const kept = runCli([target, "--spec", path.join(target, "spec"), "--yes", "--dry-run", ...quiet], { cwd: work });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/keep\s+src\/generated\/routes\.ts\s+\(your edits kept/);

    // Without the base store (what was generated last time) there is nothing to merge against: a conflict.
    fs.rmSync(path.join(target, ".typespec-stack"), { recursive: true });
    const conflict = runCli([target, "--spec", path.join(target, "spec"), "--yes", ...quiet], { cwd: work });
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain("src/generated/routes.ts");
    expect(fs.readFileSync(generated, "utf8")).toContain("// edited by hand");

    const forced = runCli([target, "--spec", path.join(target, "spec"), "--yes", "--force", ...quiet], { cwd: work });
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(generated, "utf8")).not.toContain("// edited by hand");
    expect(fs.readFileSync(handler, "utf8")).toContain("// my change");
  });
});
