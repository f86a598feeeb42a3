import { afterEach, describe, expect, it } from "@jest/globals";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { StackError } from "../../src/diagnostics.ts";
import { gitInitTask, installTask, runTasks } from "../../src/post/tasks.ts";
import type { PostTask } from "../../src/post/tasks.ts";

let dirs: string[] = [];
async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tss-post-"));
  dirs.push(dir);
  return dir;
}

const savedEnv = { ...process.env };
afterEach(async () => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  dirs = [];
});

/** As on a bare CI machine: no global or system git config, so no user.name / user.email. */
async function withoutGitIdentity(): Promise<void> {
  const home = await workspace();
  process.env.HOME = home;
  process.env.GIT_CONFIG_GLOBAL = path.join(home, "gitconfig");
  process.env.GIT_CONFIG_NOSYSTEM = "1";
  process.env.XDG_CONFIG_HOME = home;
  for (const key of ["EMAIL", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"]) delete process.env[key];
}

const git = (cwd: string, ...args: string[]) => execa("git", args, { cwd }).then((r) => r.stdout.trim());

describe("gitInitTask", () => {
  it("makes a repository with one commit holding every file, even with no git identity configured", async () => {
    await withoutGitIdentity();
    const project = path.join(await workspace(), "my-api");
    await mkdir(path.join(project, "src"), { recursive: true });
    await writeFile(path.join(project, "README.md"), "# my-api\n");
    await writeFile(path.join(project, "src/main.ts"), "export {};\n");

    const result = await gitInitTask().run({ cwd: project });
    expect(result).toBeUndefined();
    expect(await git(project, "rev-list", "--count", "HEAD")).toBe("1");
    expect(await git(project, "log", "-1", "--format=%s|%an")).toBe("Initial commit from create-typespec-stack|create-typespec-stack");
    expect((await git(project, "ls-files")).split("\n")).toEqual(["README.md", "src/main.ts"]);
    expect(await git(project, "status", "--porcelain")).toBe("");
  });

  it("uses the user's own identity when one is configured", async () => {
    await withoutGitIdentity();
    await writeFile(process.env.GIT_CONFIG_GLOBAL!, "[user]\n\tname = Ada\n\temail = ada@example.com\n");
    const project = await workspace();
    await writeFile(path.join(project, "a.txt"), "a\n");
    await gitInitTask().run({ cwd: project });
    expect(await git(project, "log", "-1", "--format=%an <%ae>")).toBe("Ada <ada@example.com>");
  });

  it("is skipped inside an existing git work tree, leaving it alone", async () => {
    await withoutGitIdentity();
    const outer = await workspace();
    await git(outer, "init", "-q");
    const project = path.join(outer, "packages/my-api");
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, "README.md"), "x\n");

    const notes: string[] = [];
    const result = await gitInitTask().run({ cwd: project, onProgress: (l) => notes.push(l) });
    expect(result).toEqual({ skipped: "already inside a git repository" });
    expect(notes).toEqual(["skipped: already inside a git repository"]);
    expect(await readdir(project)).toEqual(["README.md"]);
    expect(await execa("git", ["rev-parse", "HEAD"], { cwd: outer, reject: false }).then((r) => r.failed)).toBe(true);
  });

  it("is skipped when git is not installed", async () => {
    const project = await workspace();
    process.env.PATH = await workspace(); // an empty folder: no git on PATH
    expect(await gitInitTask().run({ cwd: project })).toEqual({ skipped: "git is not installed" });
    expect(await readdir(project)).toEqual([]);
  });
});

describe("installTask", () => {
  it("fails with install-failed, the last output lines and the exact retry command", async () => {
    const project = await workspace();
    await writeFile(
      path.join(project, "package.json"),
      JSON.stringify({ name: "t", version: "1.0.0", dependencies: { x: "file:./nope.tgz" } }),
    );
    const lines: string[] = [];
    const error = (await installTask("npm")
      .run({ cwd: project, onProgress: (l) => lines.push(l) })
      .catch((e: unknown) => e)) as StackError;

    expect(error).toBeInstanceOf(StackError);
    expect(error.code).toBe("install-failed");
    expect(error.message).toContain(`npm install failed in ${project}`);
    expect(error.details.at(-1)).toBe(`To retry: cd ${project} && npm install`);
    expect(error.details.join("\n")).toContain("nope.tgz");
    expect(error.details.length).toBeLessThanOrEqual(21);
    expect(lines.join("\n")).toContain("nope.tgz");
  });

  it("says when the package manager is not on PATH", async () => {
    const project = await workspace();
    await writeFile(path.join(project, "package.json"), "{}");
    process.env.PATH = await workspace();
    await expect(installTask("pnpm").run({ cwd: project })).rejects.toMatchObject({
      code: "install-failed",
      message: expect.stringContaining("pnpm was not found on PATH"),
    });
  });
});

describe("runTasks", () => {
  it("runs tasks in order, reporting start, duration and skips; a failure stops the rest", async () => {
    const events: string[] = [];
    const task = (title: string, run: PostTask["run"]): PostTask => ({ title, run });
    const tasks = [
      task("one", async ({ cwd }) => void events.push(`run one in ${cwd}`)),
      task("two", async () => ({ skipped: "not needed" })),
    ];
    const results = await runTasks(tasks, "/somewhere", {
      onStart: (t) => events.push(`start ${t}`),
      onDone: (t, ms, skipped) => events.push(`done ${t} ${typeof ms} ${skipped ?? "-"}`),
    });
    expect(events).toEqual(["start one", "run one in /somewhere", "done one number -", "start two", "done two number not needed"]);
    expect(results.map((r) => r.skipped)).toEqual([undefined, "not needed"]);

    const boom = task("boom", async () => {
      throw new Error("boom");
    });
    const after = task("after", async () => void events.push("after ran"));
    await expect(runTasks([boom, after], "/x")).rejects.toThrow("boom");
    expect(events).not.toContain("after ran");
  });
});
