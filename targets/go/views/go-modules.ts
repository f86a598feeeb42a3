/**
 * go.mod and go.sum from the modules the Go layers depend on. A layer names its direct modules as
 * `extraDependencies` ({ "github.com/jackc/pgx/v5": "v5.7.2" }); targets/go/modules.json holds, per
 * module, what `go mod tidy` resolved for it (scripts/pin-go-modules.mjs writes it): its indirect
 * requirements and go.sum lines. Where two layers need one module at two versions, the newer wins,
 * as Go's minimal version selection would choose.
 */
import fs from "node:fs";
import path from "node:path";
import { packageRoot } from "../../../src/tool.ts";
import { StackError } from "../../../src/diagnostics.ts";

interface Pin {
  version: string;
  go: string;
  packages: string[];
  indirect: Record<string, string>;
  sum: string[];
}

export interface GoModule {
  path: string;
  version: string;
}

export interface GoModFile {
  go: string;
  direct: GoModule[];
  indirect: GoModule[];
  sum: string[];
}

const TABLE = path.join(packageRoot, "targets", "go", "modules.json");
let pins: Record<string, Pin> | undefined;

function pinOf(module: string, version: string): Pin {
  pins ??= JSON.parse(fs.readFileSync(TABLE, "utf8")) as Record<string, Pin>;
  const pin = pins[module];
  if (!pin || pin.version !== version) {
    throw new StackError(
      "plugin-invalid",
      `the Go module ${module}@${version} is not pinned in targets/go/modules.json`,
      [],
      `Run: node scripts/pin-go-modules.mjs ${module}@${version}`,
    );
  }
  return pin;
}

/** Orders Go module versions (v1.2.3, v1.2.3-pre, pseudo-versions) as semantic versions. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = "", pre = ""] = v.replace(/^v/, "").split(/-(.*)/s);
    return { parts: core.split(".").map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.parts[i] ?? 0) !== (y.parts[i] ?? 0)) return (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === "") return 1;
  if (y.pre === "") return -1;
  return x.pre < y.pre ? -1 : 1;
}

function compareGo(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The module file for `dependencies` (direct module -> version), never older than `minimumGo`. */
export function goModFile(dependencies: Record<string, string>, minimumGo: string): GoModFile {
  const chosen = new Map<string, string>();
  const choose = (module: string, version: string) => {
    const had = chosen.get(module);
    if (!had || compareVersions(version, had) > 0) chosen.set(module, version);
  };
  let go = minimumGo;
  const sum = new Set<string>();
  for (const [module, version] of Object.entries(dependencies)) {
    const pin = pinOf(module, version);
    choose(module, version);
    for (const [other, at] of Object.entries(pin.indirect)) choose(other, at);
    for (const line of pin.sum) sum.add(line);
    if (compareGo(pin.go, go) > 0) go = pin.go;
  }
  const byPath = (x: GoModule, y: GoModule) => (x.path < y.path ? -1 : 1);
  const all = [...chosen].map(([p, version]) => ({ path: p, version }));
  return {
    go: go.split(".").length === 2 ? `${go}.0` : go,
    direct: all.filter((m) => m.path in dependencies).sort(byPath),
    indirect: all.filter((m) => !(m.path in dependencies)).sort(byPath),
    sum: [...sum]
      // A module go.mod requires keeps only the chosen version's lines (go mod tidy drops an older
      // one another pin recorded), and lines sort as go writes them: by path, then by semver.
      .filter((line) => {
        const [p, v] = line.split(" ");
        const at = chosen.get(p);
        return at === undefined || at === v.replace(/\/go\.mod$/, "");
      })
      .sort((a, b) => {
        const [pa, va] = a.split(" ");
        const [pb, vb] = b.split(" ");
        if (pa !== pb) return pa < pb ? -1 : 1;
        const [xa, xb] = [va.replace(/\/go\.mod$/, ""), vb.replace(/\/go\.mod$/, "")];
        const byVersion = compareVersions(xa, xb);
        if (byVersion !== 0) return byVersion;
        return va < vb ? -1 : 1;
      }),
  };
}
