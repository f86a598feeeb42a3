/**
 * A person at a terminal: the CLI runs in a real pseudo-terminal (tmux), the test types the
 * answers, and the project records exactly what was typed. Ctrl-C at a prompt writes nothing.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "@jest/globals";
import fs from "node:fs";
import path from "node:path";
import { type TtySession, shellQuote, startTty } from "../helpers/tty.ts";
import { cliBin, specs, tempDir } from "./cli-helpers.ts";

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

it("asks every question and the typed answers reach the project", async () => {
  tty = await startTty(command("typed-api"), { cwd: work, env, width: 120, height: 40, timeoutMs: 30_000 });
  await tty.waitFor(/Project name/);
  await tty.press("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace");
  await tty.type("tty-api");
  await tty.press("Enter");
  await tty.waitFor(/TypeSpec file or folder/);
  await tty.type(specs.petstore);
  await tty.press("Enter");
  await tty.waitFor(/Package manager/);
  await tty.press("Down");
  await tty.press("Enter");
  await tty.waitFor(/Install dependencies\?/);
  await tty.type("n");
  await tty.press("Enter");
  await tty.waitFor(/Initialise a git repository\?/);
  await tty.type("n");
  await tty.press("Enter");
  await tty.waitFor(/Port the server listens on/);
  await tty.press("BSpace", "BSpace", "BSpace", "BSpace");
  await tty.type("4321");
  await tty.press("Enter");
  await tty.waitFor(/Database/);
  await tty.press("Down");
  await tty.press("Enter");
  await tty.waitFor(/Cache/);
  await tty.press("Enter");
  // petstore declares no @useAuth, so the auth question is asked (after the spec was compiled).
  await tty.waitFor(/Authentication for every route/);
  await tty.press("Down", "Down");
  await tty.press("Enter");
  await tty.waitFor(/Monitoring/);
  await tty.press("Enter");
  // Multi-choice: docker starts checked; add kubernetes.
  await tty.waitFor(/Deployment files/);
  await tty.press("Down");
  await tty.press("Space");
  await tty.press("Enter");
  await tty.waitFor(/Ingress host name/);
  await tty.type("api.example.com");
  await tty.press("Enter");
  await tty.waitFor(/Continuous integration/);
  await tty.press("Down");
  await tty.press("Enter");
  await tty.waitFor(/API reference/);
  await tty.press("Down");
  await tty.press("Enter");
  expect(await tty.waitForExit(60_000)).toBe(0);

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
  });
  expect(fs.readFileSync(path.join(project, ".env.example"), "utf8")).toMatch(/^API_KEYS=$/m);
  expect(JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")).dependencies).toHaveProperty("pg");
  expect(JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")).name).toBe("tty-api");
  expect(fs.readFileSync(path.join(project, ".env.example"), "utf8")).toContain("PORT=4321");
  expect(fs.existsSync(path.join(project, ".git"))).toBe(false);
  expect(manifest.answers).toMatchObject({
    monitoring: "prometheus",
    deploy: ["docker", "kubernetes"],
    ingress: "api.example.com",
    ci: "none",
    docs: "none",
  });
  expect(fs.existsSync(path.join(project, "docs/openapi.yaml"))).toBe(true);
  expect(fs.existsSync(path.join(project, "src/docs"))).toBe(false);
  expect(fs.existsSync(path.join(project, "deploy/k8s/base/ingress.yaml"))).toBe(true);
  expect(fs.existsSync(path.join(project, "Dockerfile"))).toBe(true);
  expect(fs.existsSync(path.join(project, ".github"))).toBe(false);
}, 120_000);

it("Ctrl-C at a prompt exits 130 with 'cancelled' and writes nothing", async () => {
  tty = await startTty(command("never-made"), { cwd: work, env, width: 120, height: 40, timeoutMs: 30_000 });
  await tty.waitFor(/Project name/);
  await tty.press("C-c");
  expect(await tty.waitForExit(30_000)).toBe(130);
  expect(await tty.screen()).toMatch(/cancelled/);
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
  expect(screen).not.toMatch(/Package manager/);
  await tty.press(..."nope/main.tsp".split("").map(() => "BSpace"));
  await tty.type(specs.petstore);
  await tty.press("Enter");
  await tty.waitFor(/Package manager/);
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
