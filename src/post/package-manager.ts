/**
 * Which package manager the user ran us with (`npm create`, `pnpm create`, `yarn create`,
 * `bun create` all set npm_config_user_agent), and how to install with it.
 */
export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

export const PACKAGE_MANAGERS: readonly PackageManager[] = ["npm", "pnpm", "yarn", "bun"];

export interface Command {
  command: string;
  args: string[];
}

/** "pnpm/9.1.0 npm/? node/v22.3.0 linux x64" -> pnpm; anything unknown or absent -> npm. */
export function detectPackageManager(env: Record<string, string | undefined> = process.env): PackageManager {
  const agent = env.npm_config_user_agent ?? "";
  const name = agent.split(" ")[0]?.split("/")[0];
  return PACKAGE_MANAGERS.find((pm) => pm === name) ?? "npm";
}

export function installCommand(pm: PackageManager): Command {
  // Plain `yarn` installs in both yarn 1 and yarn berry; `yarn install` also works but warns in berry.
  return pm === "yarn" ? { command: "yarn", args: [] } : { command: pm, args: ["install"] };
}

/** A command as a user would type it, quoted only where a POSIX shell needs it. */
export function formatCommand(cmd: Command): string {
  return [cmd.command, ...cmd.args].map(shellQuote).join(" ");
}

export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * What a generated project's README, Dockerfile and CI workflow say for each package manager: its
 * lockfile, a locked install (plain install when no lockfile is committed yet), how to run a script,
 * and how to keep production dependencies only. Yarn means the classic yarn the node images ship.
 */
export interface PackageManagerCommands {
  name: PackageManager;
  lockfile: string;
  /** Installs exactly the lockfile. */
  lockedInstall: string;
  install: string;
  /** `run("dev")`: runs a package.json script (bun needs `run` for its own `test` script). */
  run: (script: string) => string;
  /** Leaves production dependencies only in node_modules (after a build). */
  pruneDev: string;
  /** Fails on advisories of high severity or worse. */
  audit: string;
}

const COMMANDS: Record<PackageManager, Omit<PackageManagerCommands, "name" | "install">> = {
  npm: {
    lockfile: "package-lock.json",
    lockedInstall: "npm ci",
    run: (script) => (script === "test" || script === "start" ? `npm ${script}` : `npm run ${script}`),
    pruneDev: "npm prune --omit=dev",
    audit: "npm audit --audit-level=high",
  },
  pnpm: {
    lockfile: "pnpm-lock.yaml",
    lockedInstall: "pnpm install --frozen-lockfile",
    run: (script) => `pnpm ${script}`,
    pruneDev: "pnpm prune --prod",
    audit: "pnpm audit --audit-level high",
  },
  yarn: {
    lockfile: "yarn.lock",
    lockedInstall: "yarn install --frozen-lockfile",
    run: (script) => `yarn ${script}`,
    pruneDev: "yarn install --production --frozen-lockfile",
    audit: "yarn audit --level high",
  },
  bun: {
    lockfile: "bun.lock",
    lockedInstall: "bun install --frozen-lockfile",
    run: (script) => `bun run ${script}`,
    pruneDev: "rm -rf node_modules && bun install --production --frozen-lockfile",
    audit: "bun audit --audit-level=high",
  },
};

export function packageManagerCommands(pm: PackageManager = "npm"): PackageManagerCommands {
  return { name: pm, install: formatCommand(installCommand(pm)), ...COMMANDS[pm] };
}
