/**
 * A team's own plugin, loaded by path with --plugin: its question becomes a flag (and shows in
 * --help), its templates render with the shared context, and its contributions reach package.json,
 * .env.example and the README, exactly as the built-in layers' do.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { runCli, specs, tempDir } from "./cli-helpers.ts";

let work: string;
beforeAll(() => {
  work = tempDir("plugin");
  const plugin = path.join(work, "audit-plugin");
  fs.mkdirSync(path.join(plugin, "templates", "src"), { recursive: true });
  fs.writeFileSync(
    path.join(plugin, "index.mjs"),
    `export default {
  name: "@acme/audit",
  layer: "monitoring",
  description: "audit log of every write",
  questions: [{ name: "auditFile", message: "Where the audit log goes", type: "input", default: "audit.log" }],
  enabled: (answers) => answers.auditFile !== "",
  templates: "./templates",
  contribute: (ctx) => ({
    env: [{ name: "AUDIT_FILE", description: "where audit lines go", example: String(ctx.answers.auditFile) }],
    scripts: { "audit:show": "cat " + ctx.answers.auditFile },
    readme: [{ title: "Audit", body: "Writes go to " + ctx.answers.auditFile + "." }],
    data: { operations: ctx.api.services.flatMap((s) => s.operations.map((o) => o.id)) },
    serverExtensions: [{ from: "./audit.js", name: "auditExtension" }],
  }),
};
`,
  );
  fs.writeFileSync(
    path.join(plugin, "templates", "src", "audit.ts.hbs"),
    "// audited operations\nexport const audited = {{{json acmeAudit.operations}}};\nexport async function auditExtension() {}\n",
  );
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it("--help lists the plugin's question as a flag", () => {
  const result = runCli(["--plugin", "./audit-plugin/index.mjs", "--help"], { cwd: work });
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/--audit-file <value>\s+Where the audit log goes \(default: audit\.log\)/);
});

it("renders the plugin's templates and merges its contributions", () => {
  const target = path.join(work, "audited");
  const result = runCli(
    [
      target,
      "--spec",
      specs.petstore,
      "--plugin",
      "./audit-plugin/index.mjs",
      "--audit-file",
      "writes.log",
      "--yes",
      "--no-install",
      "--no-git",
    ],
    { cwd: work },
  );
  expect(result.stderr).toContain("wrote");
  expect(result.code).toBe(0);
  expect(fs.readFileSync(path.join(target, "src/audit.ts"), "utf8")).toContain(
    '["Pets_list","Pets_read","Pets_create","Pets_update","Pets_delete"]',
  );
  expect(fs.readFileSync(path.join(target, ".env.example"), "utf8")).toContain("AUDIT_FILE=writes.log");
  expect(JSON.parse(fs.readFileSync(path.join(target, "package.json"), "utf8")).scripts["audit:show"]).toBe("cat writes.log");
  expect(fs.readFileSync(path.join(target, "README.md"), "utf8")).toContain("## Audit\n\nWrites go to writes.log.");
  const server = fs.readFileSync(path.join(target, "src/server.ts"), "utf8");
  expect(server).toContain('import { auditExtension } from "./audit.js";');
  expect(server).toContain('extensions.push((await auditExtension(app)) ?? { name: "auditExtension" });');
});

it("a plugin file that does not exist is a clear error", () => {
  const result = runCli([path.join(work, "x"), "--plugin", "./nope.mjs", "--yes"], { cwd: work });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("nope.mjs");
});
