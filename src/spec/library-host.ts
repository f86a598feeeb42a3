/**
 * A CompilerHost that lets a spec import TypeSpec libraries this tool ships with.
 *
 * The compiler resolves `import "@typespec/http"` like Node: it walks up from the spec looking for
 * node_modules/<pkg>/package.json through host.stat/readFile/realpath, and only the compiler's own
 * std lib comes from its install. A user's spec folder usually has no node_modules, so we present
 * the tool's own node_modules folders as a virtual `node_modules` at the file-system root: it is
 * the last place the walk looks, so anything the user installed still wins. The resolver realpaths
 * what it finds, so libraries load from their real location and share our module instances.
 */
import type { CompilerHost } from "@typespec/compiler";
import { existsSync } from "node:fs";
import { dirname, join, parse } from "node:path";
import { fileURLToPath } from "node:url";

/** node_modules folders Node itself would search from this file (npm, pnpm and npx layouts). */
export function toolNodeModules(from: string = dirname(fileURLToPath(import.meta.url))): string[] {
  const dirs: string[] = [];
  let dir = from;
  for (;;) {
    const candidate = join(dir, "node_modules");
    if (existsSync(candidate)) dirs.push(candidate);
    const parent = dirname(dir);
    if (parent === dir) return dirs;
    dir = parent;
  }
}

export function withToolLibraries(host: CompilerHost, specPath: string, fallbackDirs: string[] = toolNodeModules()): CompilerHost {
  // The compiler speaks forward-slash paths on every OS.
  const virtualRoot = (parse(specPath).root + "node_modules").split("\\").join("/");
  const prefix = virtualRoot + "/";
  const packageDirs = new Map<string, string | undefined>();

  /** `/node_modules/@scope/pkg/x` → `<tool>/node_modules/@scope/pkg/x`, from the first folder that has the package. */
  function redirect(path: string): string | undefined {
    if (!path.startsWith(prefix)) return undefined;
    const rest = path.slice(prefix.length);
    const parts = rest.split("/");
    const pkg = parts[0].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
    if (!packageDirs.has(pkg)) {
      packageDirs.set(
        pkg,
        fallbackDirs.find((dir) => existsSync(join(dir, pkg))),
      );
    }
    const base = packageDirs.get(pkg);
    return base === undefined ? undefined : join(base, rest).split("\\").join("/");
  }

  /** Real file first; the tool's copy only when the real one is missing. */
  function fallback<T>(op: (path: string) => Promise<T>) {
    return async (path: string): Promise<T> => {
      try {
        return await op(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const target = code === "ENOENT" || code === "ENOTDIR" ? redirect(path) : undefined;
        if (target === undefined) throw error;
        return op(target);
      }
    };
  }

  return {
    ...host,
    stat: fallback((path) => host.stat(path)),
    readFile: fallback((path) => host.readFile(path)),
    realpath: fallback((path) => host.realpath(path)),
    // NodeHost.getLibDirs calls this.getExecutionRoot(); keep `this` pointing at a host that has it.
    getLibDirs: () => host.getLibDirs(),
  };
}
