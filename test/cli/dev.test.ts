/**
 * `create-typespec-stack dev`'s own lines (issue 22): a regeneration is one line saying how many
 * files changed, and the next steps of a new project ("Next: npm install ...") are never repeated.
 * The dev script is a stand-in that runs until the test says stop; `update` is a stand-in too.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { changedFiles, runDev } from "../../src/cli/dev.ts";
import { main } from "../../src/cli/main.ts";
import { PETSTORE } from "../spec/tmp-spec.ts";

const project = fs.mkdtempSync(path.join(os.tmpdir(), "cts-dev-unit-"));
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe("changedFiles", () => {
  it("counts what a regeneration changed", () => {
    expect([0, 1, 3].map(changedFiles)).toEqual(["no file changed", "1 file changed", "3 files changed"]);
  });
});

describe("runDev", () => {
  it("says one line per regeneration, with the count of changed files, and prints no next steps", async () => {
    fs.mkdirSync(path.join(project, "spec"));
    fs.writeFileSync(path.join(project, "spec/main.tsp"), "// v1\n");
    // The project's package manager, as dev runs it (`<pm> run dev`): runs until ./stop exists.
    const pm = path.join(project, "fake-pm");
    fs.writeFileSync(pm, "#!/bin/sh\nwhile [ ! -f stop ]; do sleep 0.05; done\n", { mode: 0o755 });
    const said: string[] = [];
    // What each `update` run reports changed: the first (on start) 2 files, the one after a save 1.
    const changes = [["src/a.ts", "src/b.ts"], ["src/generated/types.ts"]];
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: project };
    const done = runDev(io, {
      projectDir: project,
      command: { command: pm, args: ["run", "dev"] },
      regenerate: async (changed) => {
        changed(changes.shift() ?? []);
        return 0;
      },
      say: (line) => said.push(line),
    });
    const deadline = Date.now() + 10_000;
    while (!said.some((l) => l.startsWith("dev: watching")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(path.join(project, "spec/main.tsp"), "// v2\n");
    while (said.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(path.join(project, "stop"), "");
    expect(await done).toBe(0);
    expect(said.map((line) => line.replace(/in \d+ ms/, "in N ms"))).toEqual([
      "dev: regenerated from spec/: 2 files changed",
      `dev: watching spec/ and running \`${pm} run dev\`; Ctrl-C stops both`,
      "dev: regenerated from spec/ in N ms: 1 file changed",
      `dev: \`${pm} run dev\` exited (0)`,
    ]);
  }, 30_000);

  it("restarts a command without a watcher of its own (go run) when a source file is saved, after the old one has stopped", async () => {
    const goProject = path.join(project, "go-project");
    fs.mkdirSync(path.join(goProject, "spec"), { recursive: true });
    fs.mkdirSync(path.join(goProject, "internal/handlers"), { recursive: true });
    fs.writeFileSync(path.join(goProject, "spec/main.tsp"), "// v1\n");
    // Each start appends "start <pid>" and, when stopped, "stop <pid>"; it runs until ./stop exists.
    const server = path.join(goProject, "fake-server");
    fs.writeFileSync(
      server,
      '#!/bin/sh\necho "start $$" >> runs\ntrap \'echo "stop $$" >> runs; exit 0\' TERM\nwhile [ ! -f stop ]; do sleep 0.05; done\n',
      { mode: 0o755 },
    );
    const said: string[] = [];
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: goProject };
    const done = runDev(io, {
      projectDir: goProject,
      command: { command: server, args: [], restartOn: { folders: ["internal"], extension: ".go" } },
      regenerate: async (changed) => {
        changed([]);
        return 0;
      },
      say: (line) => said.push(line),
    });
    const runs = () =>
      fs.existsSync(path.join(goProject, "runs")) ? fs.readFileSync(path.join(goProject, "runs"), "utf8").trim().split("\n") : [];
    const until = async (ok: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    await until(() => runs().length === 1);
    fs.writeFileSync(path.join(goProject, "internal/handlers/notes.txt"), "not Go: no restart\n");
    fs.writeFileSync(path.join(goProject, "internal/handlers/pets.go"), "package handlers\n");
    await until(() => runs().length === 3);
    fs.writeFileSync(path.join(goProject, "stop"), "");
    expect(await done).toBe(0);
    const [first, stopped, second] = runs();
    expect(first).toMatch(/^start \d+$/);
    expect(stopped).toBe(first?.replace("start", "stop"));
    expect(second).toMatch(/^start \d+$/);
    expect(second).not.toBe(first);
    expect(said).toContain(`dev: internal/handlers/pets.go changed; restarted \`${server}\``);
    expect(said.filter((l) => l.includes("restarted"))).toHaveLength(1);
  }, 30_000);
});

describe("update as dev runs it", () => {
  it('hands over the files it changed instead of printing "wrote N files" and the next steps', async () => {
    const capture = (cwd: string) => {
      const stderr = new PassThrough();
      let text = "";
      stderr.on("data", (chunk) => (text += chunk));
      return { io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: { NO_COLOR: "1" }, cwd }, text: () => text };
    };
    const dir = path.join(project, "pets");
    const created = capture(project);
    expect(await main([dir, "--spec", PETSTORE, "--yes", "--no-install", "--no-git"], created.io)).toBe(0);
    // A new project's output keeps both.
    expect(created.text()).toMatch(/wrote \d+ files to[\s\S]*Next:\n {2}cd /);

    fs.appendFileSync(path.join(dir, "spec/main.tsp"), "\nmodel Extra { name: string; }\n");
    fs.rmSync(path.join(dir, "src/generated/types.ts"));
    const updated = capture(dir);
    let changed: string[] | undefined;
    expect(await main(["update", "--no-install", "--no-git"], updated.io, { changed: (files) => (changed = files) })).toBe(0);
    expect(changed).toContain("src/generated/types.ts");
    expect(updated.text()).not.toMatch(/wrote|Next:|npm install/);
  }, 60_000);
});
