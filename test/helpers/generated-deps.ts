/**
 * One node_modules for the projects the tests generate. Installing fastify + typescript into every
 * generated project would cost minutes per test; instead the packages a generated project can
 * depend on are installed once per machine into <repo>/.cache/generated-deps/<hash>/ and each
 * project gets a `node_modules` symlink to it.
 *
 * The folder is keyed by a hash of the dependency map (every pinned version in src/versions.ts plus
 * what a freshly generated default project's package.json asks for) and the Node ABI, so bumping a
 * version installs a new folder instead of testing against a stale one. A mkdir lock makes
 * concurrent jest workers (or two test runs) install once: the others wait for the first.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { dependencyVersions } from "../../src/versions.ts";

const run = promisify(execFile);

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** TSS_GENERATED_DEPS_DIR moves the cache (e.g. to a folder a CI cache step restores). */
export const CACHE_DIR = process.env.TSS_GENERATED_DEPS_DIR ?? join(repo, ".cache", "generated-deps");

/** Written last inside a finished install; a folder without it is never used. */
const MARKER = ".installed.json";
/** A lock older than this belongs to a run that died; the next one takes over. */
const STALE_LOCK_MS = 15 * 60 * 1000;
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;

type DependencyMap = Record<string, string>;

/**
 * What a default project (bundled example spec, default answers) puts in its package.json, read from
 * a dry-run scaffold so the list follows the generators instead of being copied here.
 */
async function generatedDependencies(): Promise<DependencyMap> {
  const { scaffold } = await import("../../src/index.ts");
  const target = await mkdtemp(join(tmpdir(), "tss-deps-"));
  try {
    const { tree } = await scaffold({
      target,
      answers: { name: "deps-probe", spec: "", install: false, git: false, port: 3000 },
      dryRun: true,
    });
    const file = tree.get("package.json");
    if (file === undefined) throw new Error("the default project has no package.json");
    const text = typeof file.content === "string" ? file.content : new TextDecoder().decode(file.content);
    const pkg = JSON.parse(text) as { dependencies?: DependencyMap; devDependencies?: DependencyMap };
    return { ...pkg.dependencies, ...pkg.devDependencies };
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

/** Every pinned package, with the generated project's own choice winning where both name one. */
export async function dependencyMap(): Promise<DependencyMap> {
  const all: DependencyMap = { ...dependencyVersions, ...(await generatedDependencies()) };
  return Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((name) => [name, all[name]]),
  );
}

function cacheKey(deps: DependencyMap): string {
  // The ABI (process.versions.modules) matters once a native addon (a database driver) is pinned.
  const input = JSON.stringify({ deps, abi: process.versions.modules, platform: process.platform, arch: process.arch });
  return createHash("sha256").update(input).digest("hex").slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function isInstalled(dir: string): Promise<boolean> {
  return existsSync(join(dir, MARKER)) && existsSync(join(dir, "node_modules"));
}

/** mkdir is atomic: exactly one caller creates the lock folder. */
async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    await writeFile(join(lock, "owner"), `${process.pid}\n`);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const info = await stat(lock).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
    return false;
  }
}

async function install(dir: string, deps: DependencyMap): Promise<void> {
  // Install beside the final folder, then rename: a half-finished install is never visible.
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(
    join(staging, "package.json"),
    `${JSON.stringify({ name: "generated-deps", version: "0.0.0", private: true, type: "module", dependencies: deps }, null, 2)}\n`,
  );
  try {
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: staging,
      timeout: INSTALL_TIMEOUT_MS,
      shell: process.platform === "win32",
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const e = error as { message: string; stderr?: string };
    throw new Error(`npm install of the generated projects' dependencies failed in ${staging}:\n${e.stderr ?? e.message}`, {
      cause: error,
    });
  }
  await writeFile(join(staging, MARKER), `${JSON.stringify({ deps, installedAt: new Date().toISOString() }, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

let cached: Promise<string> | undefined;

/**
 * The shared node_modules folder, installing it first if this machine has none for the current
 * dependency map. Safe to call from several jest workers at once.
 */
export function sharedNodeModules(): Promise<string> {
  cached ??= (async () => {
    const deps = await dependencyMap();
    const dir = join(CACHE_DIR, cacheKey(deps));
    const lock = `${dir}.lock`;
    await mkdir(CACHE_DIR, { recursive: true });
    const deadline = Date.now() + INSTALL_TIMEOUT_MS + 60_000;
    while (!(await isInstalled(dir))) {
      if (await tryLock(lock)) {
        try {
          if (!(await isInstalled(dir))) await install(dir, deps);
        } finally {
          await rm(lock, { recursive: true, force: true });
        }
        break;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for another process to install ${dir} (lock ${lock})`);
      await sleep(1000);
    }
    return join(dir, "node_modules");
  })();
  cached.catch(() => {
    cached = undefined; // let a later call try again
  });
  return cached;
}

/** Gives a generated project the shared dependencies: `<projectDir>/node_modules` -> the cache. */
export async function linkNodeModules(projectDir: string, nodeModules?: string): Promise<void> {
  const source = nodeModules ?? (await sharedNodeModules());
  const link = join(projectDir, "node_modules");
  const existing = await lstat(link).catch(() => undefined);
  if (existing) {
    if (!existing.isSymbolicLink()) throw new Error(`${link} exists and is not a symlink; refusing to replace it`);
    await rm(link);
  }
  // A junction needs no special rights on Windows; elsewhere the type is ignored.
  await symlink(source, link, "junction");
}

/** The TypeScript compiler inside the shared install (the version generated projects pin). */
export async function sharedTsc(): Promise<string> {
  return join(await sharedNodeModules(), "typescript", "bin", "tsc");
}

/** For callers that want to check the recorded map without installing. */
export async function installedDependencies(nodeModules: string): Promise<DependencyMap | undefined> {
  const text = await readFile(join(dirname(nodeModules), MARKER), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { deps: DependencyMap }).deps;
}
