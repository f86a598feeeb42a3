/** npm package name rules for the project name, and a fallback that turns a folder name into one. */
import { builtinModules } from "node:module";

const FALLBACK = "my-api";
const BARE = /^[a-z0-9~-][a-z0-9._~-]*$/;

/** True, or a sentence saying which npm naming rule the name breaks. */
export function validatePackageName(name: string): true | string {
  const quoted = JSON.stringify(name);
  if (name.length === 0) return "the project name must not be empty";
  if (name.length > 214) return `${quoted} is longer than 214 characters, the npm limit`;
  if (name.trim() !== name || /\s/.test(name)) return `${quoted} must not contain spaces`;
  if (name !== name.toLowerCase()) return `${quoted} must be lowercase (npm package names are)`;
  const scoped = /^@([^/]+)\/(.+)$/.exec(name);
  if (name.startsWith("@") && !scoped) return `${quoted} must look like @scope/name`;
  const parts = scoped ? [scoped[1], scoped[2]] : [name];
  for (const part of parts) {
    if (part.startsWith(".") || part.startsWith("_")) return `${quoted} must not start with "." or "_"`;
    if (!BARE.test(part)) return `${quoted} may only use a-z, 0-9, "-", ".", "_" and "~"`;
  }
  const bare = parts[parts.length - 1];
  if (!scoped && (builtinModules.includes(bare) || bare === "node_modules" || bare === "favicon.ico")) {
    return `${quoted} is reserved (a Node.js core module or npm name); choose another`;
  }
  return true;
}

/** "My API!" -> "my-api": a valid package name made from any text, such as a folder name. */
export function toValidPackageName(text: string): string {
  const candidate = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/[^a-z0-9~.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[._-]+/, "")
    .replace(/[.-]+$/, "")
    .slice(0, 214);
  return candidate.length > 0 && validatePackageName(candidate) === true ? candidate : FALLBACK;
}
