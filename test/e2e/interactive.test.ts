/**
 * A person at a terminal: the CLI runs in a real pseudo-terminal (tmux), the test types the
 * answers, and the project records exactly what was typed. The default path is name, spec, the
 * server language, "accept the defaults?", then a summary and a confirm. Ctrl-C at a prompt writes nothing.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { type TtySession, shellQuote, startTty } from "../helpers/tty.ts";
import { cliBin, repoRoot, runCli, specs, tempDir } from "./cli-helpers.ts";

let work: string;
let tty: TtySession | undefined;
beforeAll(() => {
  work = tempDir("tty");
});
afterEach(async () => {
  await tty?.close();
  tty = undefined;
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const command = (args: string) => `${shellQuote(process.execPath)} ${shellQuote(cliBin)} ${args}`;
const env = { CI: undefined, NO_COLOR: "1" };

/** The prompts a session asked: the "✔ question answer" lines it left, before the files were written. */
const promptsOn = (screen: string) =>
  screen
    .split("\n")
    .filter((line) => line.startsWith("✔ "))
    .filter((line) => !/^✔ wrote \d+ files?/.test(line));

it("the default path: name, spec, language, accept the defaults, a summary, confirm; five questions", async () => {
  const cwd = path.join(work, "default-path");
  fs.mkdirSync(cwd);
  tty = await startTty(command("--no-install --no-git"), { cwd, env, width: 160, height: 50, timeoutMs: 30_000 });
  await tty.waitFor("? Project name (my-api)");
  await tty.press("Enter");
  await tty.waitFor("? TypeSpec file or folder (leave empty for the bundled example spec)");
  await tty.press("Enter");
  await tty.waitFor("? Server language");
  await tty.press("Enter");
  await tty.waitFor("? Accept the defaults for the rest? (Y/n)");
  await tty.press("Enter");
  const summary = await tty.waitFor("? Write the project to my-api? (Y/n)");
  expect(summary).toContain(
    [
      "Your choices:",
      "  Project name            my-api",
      "  Spec                    the bundled example spec",
      "  Language                typescript",
      "  Database                sqlite",
      "  Auth                    none",
      "  Deployment files        docker",
      "  Continuous integration  github",
      "  Cache                   none",
      "  Monitoring              prometheus",
      "  API reference           scalar",
      "  Package manager         npm",
      "  Install dependencies    no",
      "  Git repository          no",
      "  Port                    3000",
      "The same without questions (for CI):",
      "  npx create-typespec-stack my-api --pm npm --no-install --no-git --yes",
    ].join("\n"),
  );
  await tty.press("Enter");
  expect(await tty.waitForExit(60_000)).toBe(0);
  expect(promptsOn(await tty.screen())).toEqual([
    "✔ Project name my-api",
    "✔ TypeSpec file or folder (leave empty for the bundled example spec)",
    "✔ Server language typescript",
    "✔ Accept the defaults for the rest? Yes",
    "✔ Write the project to my-api? Yes",
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(cwd, "my-api", "typespec-stack.json"), "utf8"));
  expect(manifest.answers).toMatchObject({ name: "my-api", db: "sqlite", deploy: ["docker"], packageManager: "npm", port: 3000 });
}, 120_000);

it("docs/images/prompt.txt (the README's picture of the prompt) is what scripts/capture-prompt.sh shows today", () => {
  const fresh = path.join(work, "prompt.txt");
  const script = path.join(repoRoot, "scripts/capture-prompt.sh");
  const run = spawnSync("bash", [script, fresh], { encoding: "utf8", timeout: 60_000 });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  // Stale after a change to the prompt: run scripts/capture-prompt.sh and commit its output.
  expect(fs.readFileSync(fresh, "utf8")).toBe(fs.readFileSync(path.join(repoRoot, "docs/images/prompt.txt"), "utf8"));
  expect(fs.readFileSync(fresh, "utf8")).toContain(
    "The same without questions (for CI):\n  npx create-typespec-stack my-api --pm npm --yes\n",
  );
}, 90_000);

it("a customised path: what matters first, tooling last, only installed package managers, and the printed command repeats it", async () => {
  // A pnpm on PATH (never run: install is off); yarn and bun are not installed here.
  const bin = path.join(work, "fake-bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "pnpm"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  const pathWithout = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !["yarn", "bun"].some((pm) => fs.existsSync(path.join(dir, pm))));
  const customEnv = { ...env, PATH: [bin, ...pathWithout].join(path.delimiter) };
  tty = await startTty(command("typed-api"), { cwd: work, env: customEnv, width: 250, height: 60, timeoutMs: 30_000 });
  await tty.waitFor("? Project name (typed-api)");
  await tty.press(...Array<string>(9).fill("BSpace"));
  await tty.type("tty-api");
  await tty.press("Enter");
  await tty.waitFor(/TypeSpec file or folder/);
  await tty.type(specs.petstore);
  await tty.press("Enter");
  await tty.waitFor("? Server language");
  await tty.press("Enter");
  await tty.waitFor("? Accept the defaults for the rest? (Y/n)");
  await tty.type("n");
  await tty.press("Enter");
  await tty.waitFor("? Database");
  await tty.press("Down", "Enter");
  // petstore declares no @useAuth, so the auth question is asked (after the spec was compiled).
  await tty.waitFor(/\? Authentication for every route/);
  await tty.press("Down", "Down", "Enter");
  // Multi-choice: docker starts ticked, there is no "none" box; add kubernetes.
  await tty.waitFor("? Deployment files (none ticked: no deployment files)");
  await tty.press("Down", "Space", "Enter");
  await tty.waitFor(/\? Ingress host name/);
  await tty.type("api.example.com");
  await tty.press("Enter");
  await tty.waitFor("? Continuous integration");
  await tty.press("Down", "Enter");
  await tty.waitFor("? Cache");
  await tty.press("Enter");
  await tty.waitFor("? Monitoring");
  await tty.press("Enter");
  await tty.waitFor("? API reference");
  await tty.press("Down", "Enter");
  const pmScreen = await tty.waitFor("? Package manager");
  const offered = pmScreen.slice(pmScreen.indexOf("? Package manager"));
  expect(offered).toMatch(/npm\n\s+pnpm\n/);
  expect(offered).not.toMatch(/yarn|bun/);
  await tty.press("Down", "Enter");
  await tty.waitFor("? Install dependencies? (Y/n)");
  await tty.type("n");
  await tty.press("Enter");
  await tty.waitFor("? Initialise a git repository? (Y/n)");
  await tty.type("n");
  await tty.press("Enter");
  await tty.waitFor("? Port the server listens on by default (3000)");
  await tty.press("BSpace", "BSpace", "BSpace", "BSpace");
  await tty.type("4321");
  await tty.press("Enter");
  const summary = await tty.waitFor("? Write the project to typed-api? (Y/n)");
  const printed = /^ {2}(npx create-typespec-stack .*)$/m.exec(summary)![1]!;
  expect(printed).toBe(
    `npx create-typespec-stack typed-api --name tty-api --spec ${specs.petstore} --db postgres --auth api-key --deploy docker,kubernetes` +
      " --ingress api.example.com --ci none --docs none --pm pnpm --no-install --no-git --port 4321 --yes",
  );
  await tty.press("Enter");
  expect(await tty.waitForExit(60_000)).toBe(0);
  // Asked in this order: the project, then what matters, then tooling, the port last.
  expect(promptsOn(await tty.screen()).map((line) => line.replace(/^✔ /, "").split(/\s+/)[0])).toEqual([
    "Project",
    "TypeSpec",
    "Server",
    "Accept",
    "Database",
    "Authentication",
    "Deployment",
    "Ingress",
    "Continuous",
    "Cache",
    "Monitoring",
    "API",
    "Package",
    "Install",
    "Initialise",
    "Port",
    "Write",
  ]);

  const project = path.join(work, "typed-api");
  const manifest = JSON.parse(fs.readFileSync(path.join(project, "typespec-stack.json"), "utf8"));
  expect(manifest.answers).toMatchObject({
    name: "tty-api",
    packageManager: "pnpm",
    install: false,
    git: false,
    port: 4321,
    db: "postgres",
    cache: "none",
    auth: "api-key",
    monitoring: "prometheus",
    deploy: ["docker", "kubernetes"],
    ingress: "api.example.com",
    ci: "none",
    docs: "none",
  });
  expect(fs.readFileSync(path.join(project, ".env.example"), "utf8")).toMatch(/^API_KEYS=$/m);
  expect(fs.readFileSync(path.join(project, ".env.example"), "utf8")).toContain("PORT=4321");
  expect(fs.existsSync(path.join(project, ".git"))).toBe(false);
  expect(fs.existsSync(path.join(project, "deploy/k8s/base/ingress.yaml"))).toBe(true);
  expect(fs.existsSync(path.join(project, ".github"))).toBe(false);

  // The printed command, run without a terminal elsewhere, gives the same answers.
  const again = path.join(work, "again");
  fs.mkdirSync(again);
  const words = printed.replace(/^npx create-typespec-stack /, "").split(" ");
  const result = runCli(words, { cwd: again });
  expect(result.stderr).toContain("wrote");
  expect(JSON.parse(fs.readFileSync(path.join(again, "typed-api", "typespec-stack.json"), "utf8")).answers).toEqual(manifest.answers);
}, 180_000);

/** Starts the CLI for `name` and answers with the defaults up to the deployment checkbox, which it leaves open; the session is the test's to close. */
async function atDeployQuestion(name: string): Promise<TtySession> {
  const session = await startTty(command(`${name} --no-install --no-git`), { cwd: work, env, width: 160, height: 50, timeoutMs: 30_000 });
  await session.waitFor(`? Project name (${name})`);
  await session.press("Enter");
  await session.waitFor(/TypeSpec file or folder/);
  await session.press("Enter");
  await session.waitFor("? Server language");
  await session.press("Enter");
  await session.waitFor("? Accept the defaults for the rest?");
  await session.type("n");
  await session.press("Enter");
  await session.waitFor("? Database");
  await session.press("Enter");
  await session.waitFor(/\? Authentication/);
  await session.press("Enter");
  await session.waitFor("? Deployment files");
  return session;
}

it("`a` in the deploy checkbox ticks docker and kubernetes, never none, and the answer is accepted", async () => {
  tty = await atDeployQuestion("all-targets");
  await tty.type("a");
  const ticked = await tty.waitFor(/◉ kubernetes/);
  expect(ticked).toMatch(/◉ docker/);
  expect(ticked).not.toMatch(/[◯◉] none/);
  await tty.press("Enter");
  // Accepted: the next question comes, no "cannot be combined".
  const next = await tty.waitFor(/\? Ingress host name/);
  expect(next).toContain("✔ Deployment files (none ticked: no deployment files) docker, kubernetes");
  expect(next).not.toContain("cannot be combined");
  await tty.press("C-c");
  expect(await tty.waitForExit(30_000)).toBe(130);
}, 60_000);

it("unticking every deployment box answers none", async () => {
  tty = await atDeployQuestion("no-targets");
  await tty.press("Space", "Enter");
  await tty.waitFor("? Continuous integration");
  for (const question of ["? Continuous integration", "? Cache", "? Monitoring", "? API reference", "? Port"]) {
    await tty.waitFor(question);
    await tty.press("Enter");
  }
  const summary = await tty.waitFor("? Write the project to no-targets?");
  expect(summary).toContain("  Deployment files        none");
  expect(summary).toContain("npx create-typespec-stack no-targets --deploy none --pm npm --no-install --no-git --yes");
  // No: nothing is written, said calmly.
  await tty.type("n");
  await tty.press("Enter");
  expect(await tty.waitForExit(30_000)).toBe(130);
  expect((await tty.screen()).split("\n").at(-1)).toBe("Cancelled; nothing was written.");
  expect(fs.existsSync(path.join(work, "no-targets"))).toBe(false);
}, 60_000);

it("Ctrl-C at a prompt exits 130 with one calm line and writes nothing", async () => {
  tty = await startTty(command("never-made"), { cwd: work, env, width: 120, height: 40, timeoutMs: 30_000 });
  await tty.waitFor(/Project name/);
  await tty.press("C-c");
  expect(await tty.waitForExit(30_000)).toBe(130);
  const screen = await tty.screen();
  expect(screen.split("\n").at(-1)).toBe("Cancelled; nothing was written.");
  expect(screen).not.toMatch(/error|fix:/);
  expect(fs.existsSync(path.join(work, "never-made"))).toBe(false);
}, 60_000);

it("a spec path that does not exist is said at its prompt and asked again", async () => {
  tty = await startTty(command("spec-check"), { cwd: work, env, width: 120, height: 40, timeoutMs: 30_000 });
  await tty.waitFor(/Project name/);
  await tty.press("Enter");
  await tty.waitFor(/TypeSpec file or folder/);
  await tty.type("nope/main.tsp");
  await tty.press("Enter");
  const screen = await tty.waitFor(/Spec not found: nope\/main\.tsp/);
  expect(screen).not.toMatch(/Accept the defaults/);
  await tty.press(..."nope/main.tsp".split("").map(() => "BSpace"));
  await tty.type(specs.petstore);
  await tty.press("Enter");
  await tty.waitFor(/Server language/);
  await tty.press("Enter");
  await tty.waitFor(/Accept the defaults for the rest\?/);
  await tty.press("C-c");
  expect(await tty.waitForExit(30_000)).toBe(130);
}, 60_000);

it("a project name whose folder is taken is refused at the name prompt, before any other question", async () => {
  fs.mkdirSync(path.join(work, "taken"));
  fs.writeFileSync(path.join(work, "taken", "notes.txt"), "mine\n");
  tty = await startTty(command(""), { cwd: work, env, width: 160, height: 40, timeoutMs: 30_000 });
  await tty.waitFor(/Project name/);
  await tty.type("taken");
  await tty.press("Enter");
  const screen = await tty.waitFor(/taken is not empty/);
  expect(screen).toMatch(/--force/);
  expect(screen).not.toMatch(/TypeSpec file or folder/);
  await tty.press(..."taken".split("").map(() => "BSpace"));
  await tty.type("free-name");
  await tty.press("Enter");
  await tty.waitFor(/TypeSpec file or folder/);
  await tty.press("C-c");
  expect(await tty.waitForExit(30_000)).toBe(130);
  expect(fs.readdirSync(path.join(work, "taken"))).toEqual(["notes.txt"]);
}, 60_000);

it("a taken folder given as the argument is refused before the first question", async () => {
  fs.mkdirSync(path.join(work, "occupied"));
  fs.writeFileSync(path.join(work, "occupied", "notes.txt"), "mine\n");
  tty = await startTty(command("occupied"), { cwd: work, env, width: 160, height: 40, timeoutMs: 30_000 });
  expect(await tty.waitForExit(30_000)).toBe(1);
  const screen = await tty.screen();
  expect(screen).toMatch(/occupied is not empty/);
  expect(screen).not.toMatch(/Project name/);
}, 60_000);

it("--no-color turns the prompts' colours off too", async () => {
  const colourOf = async (args: string) => {
    tty = await startTty(command(args), {
      cwd: work,
      env: { CI: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined },
      width: 120,
      height: 40,
      timeoutMs: 30_000,
    });
    await tty.waitFor(/Project name/);
    const styled = await tty.styledScreen();
    await tty.close();
    tty = undefined;
    return styled;
  };
  // Without the flag the prompt is coloured (so this test can tell), with it there is no escape at all.
  expect(await colourOf("coloured")).toMatch(/\u001b\[/);
  expect(await colourOf("plain --no-color")).not.toMatch(/\u001b\[/);
}, 60_000);

it("choosing Go: no package manager asked or listed, the printed command says --target go, and a Go module is written", async () => {
  tty = await startTty(command("go-api --no-install --no-git"), { cwd: work, env, width: 160, height: 50, timeoutMs: 30_000 });
  await tty.waitFor("? Project name (go-api)");
  await tty.press("Enter");
  await tty.waitFor(/TypeSpec file or folder/);
  await tty.press("Enter");
  const offered = await tty.waitFor("? Server language");
  expect(offered).toContain("go");
  await tty.press("Down", "Enter");
  await tty.waitFor("? Accept the defaults for the rest? (Y/n)");
  await tty.press("Enter");
  const summary = await tty.waitFor("? Write the project to go-api? (Y/n)");
  // What a Go project has: its layers' questions (no cache, no package manager: no Go layer for them).
  expect(summary).toContain(
    [
      "Your choices:",
      "  Project name            go-api",
      "  Spec                    the bundled example spec",
      "  Language                go",
      "  Database                sqlite",
      "  Auth                    none",
      "  Deployment files        docker",
      "  Continuous integration  github",
      "  Monitoring              prometheus",
      "  API reference           scalar",
      "  Install dependencies    no",
      "  Git repository          no",
      "  Port                    3000",
    ].join("\n"),
  );
  expect(summary).not.toMatch(/Package manager|Cache/);
  expect(summary).toContain("  npx create-typespec-stack go-api --target go --no-install --no-git --yes");
  await tty.press("Enter");
  expect(await tty.waitForExit(60_000)).toBe(0);
  expect(fs.readFileSync(path.join(work, "go-api", "go.mod"), "utf8")).toMatch(/^module go-api\n/);
  expect(fs.existsSync(path.join(work, "go-api", "package.json"))).toBe(false);
}, 120_000);
