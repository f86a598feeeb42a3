/**
 * The README's quickstart, run as written: its first block writes the spec, its second generates
 * and serves the project, and every command of its third answers what the README says it answers.
 * Only what cannot run here is replaced: `npx create-typespec-stack` by the built CLI (the package
 * is not published), the install by the shared dependencies, and port 3000 by a free one.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { cliBin, repoRoot, run, startServer, tempDir } from "./cli-helpers.ts";

const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Quickstart"), readme.indexOf("\n## ", readme.indexOf("## Quickstart") + 1));
const [writeSpec, generateAndServe, calls] = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);

let work: string;
let server: Awaited<ReturnType<typeof startServer>> | undefined;

beforeAll(async () => {
  work = tempDir("quickstart");
  await sharedNodeModules();
}, 600_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("the README's quickstart", () => {
  it("has the three blocks the test runs: write the spec, generate and serve, call", () => {
    expect(writeSpec).toMatch(/^mkdir todo && cd todo/);
    expect(generateAndServe).toBe("npx create-typespec-stack server --spec spec/main.tsp --yes\ncd server && npm start\n");
    expect(calls.split("\n").filter((line) => line.startsWith("curl")).length).toBe(4);
  });

  it("writes a spec, generates a project from it that serves, and every call answers as the README says", async () => {
    const wrote = spawnSync("bash", ["-euo", "pipefail", "-c", writeSpec], { cwd: work, encoding: "utf8" });
    expect(wrote.stderr).toBe("");
    const todo = path.join(work, "todo");
    const [generate] = generateAndServe.split("\n");
    const args = generate.replace(/^npx create-typespec-stack /, "").split(" ");
    const generated = run(process.execPath, [cliBin, ...args, "--no-install", "--no-git"], todo);
    expect([generated.code, generated.stderr]).toEqual([0, expect.stringMatching(/wrote \d+ files to server/)]);
    const project = path.join(todo, "server");
    await linkNodeModules(project);
    server = await startServer(project, ["npm", "start"]);
    const port = new URL(server.url).port;
    const lines = calls.trim().split("\n");
    for (let i = 0; i < lines.length; i += 2) {
      const [command, expected] = [lines[i].replaceAll("127.0.0.1:3000", `127.0.0.1:${port}`), lines[i + 1]];
      expect(expected).toMatch(/^# /);
      const answer = spawnSync("bash", ["-c", command], { encoding: "utf8" });
      expect({ command: lines[i], answer: answer.stdout }).toEqual({ command: lines[i], answer: expected.slice(2) });
    }
  }, 300_000);

  it("shows the prompt as scripts/capture-prompt.sh captured it", () => {
    const capture = fs.readFileSync(path.join(repoRoot, "docs", "images", "prompt.txt"), "utf8").trimEnd();
    expect(section).toContain("```text\n" + capture + "\n```");
  });

  it("shows the /docs page as a real picture", () => {
    const picture = fs.readFileSync(path.join(repoRoot, "docs", "images", "docs-page.png"));
    expect(picture.subarray(1, 4).toString()).toBe("PNG");
    expect(section).toContain("![The generated project's /docs page](docs/images/docs-page.png)");
  });
});
