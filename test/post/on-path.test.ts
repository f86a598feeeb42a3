import { afterAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installedPackageManagers, onPath } from "../../src/post/on-path.ts";

const bin = fs.mkdtempSync(path.join(os.tmpdir(), "on-path-"));
const other = fs.mkdtempSync(path.join(os.tmpdir(), "on-path-"));
afterAll(() => [bin, other].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function file(dir: string, name: string, mode: number): void {
  fs.writeFileSync(path.join(dir, name), "#!/bin/sh\n");
  fs.chmodSync(path.join(dir, name), mode);
}

describe("installed package managers", () => {
  it("npm always; pnpm, yarn, bun only when an executable of that name is on PATH", () => {
    file(bin, "pnpm", 0o755);
    file(other, "bun", 0o755);
    file(bin, "yarn", 0o644); // not executable: not installed
    fs.mkdirSync(path.join(other, "yarn")); // a folder is no command either
    expect(installedPackageManagers({ PATH: [bin, other].join(path.delimiter) })).toEqual(["npm", "pnpm", "bun"]);
    expect(installedPackageManagers({ PATH: "" })).toEqual(["npm"]);
    expect(installedPackageManagers({})).toEqual(["npm"]);
    expect(onPath("pnpm", { PATH: other })).toBe(false);
  });
});
