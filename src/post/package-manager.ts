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
