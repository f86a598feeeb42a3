/**
 * Which package managers this machine has: offering pnpm at the prompt when it is not installed
 * only leads to a failed install. npm comes with Node, so it is always there.
 */
import fs from "node:fs";
import path from "node:path";
import { PACKAGE_MANAGERS, type PackageManager } from "./package-manager.ts";

/** True when `command` is an executable file in one of PATH's folders (with PATHEXT's endings on Windows). */
export function onPath(command: string, env: Record<string, string | undefined> = process.env): boolean {
  const folders = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter(Boolean);
  const endings = process.platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  return folders.some((folder) =>
    endings.some((ending) => {
      try {
        const file = path.join(folder, command + ending);
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    }),
  );
}

export function installedPackageManagers(env: Record<string, string | undefined> = process.env): PackageManager[] {
  return PACKAGE_MANAGERS.filter((pm) => pm === "npm" || onPath(pm, env));
}
