/**
 * The path part of a service's @server URL (`{endpoint}/server/path/single`), which every route of
 * the service is mounted under. The host part (a scheme and host, or a leading `{endpoint}`) is the
 * deployment's business and is dropped. A variable in the path takes its default, or for an enum
 * (the usual `{apiVersion}` of a @versioned service) the generated version or the last member.
 */
import type { ModelProperty, Program } from "@typespec/compiler";
import type { Namespace } from "@typespec/compiler";
import { getServers } from "@typespec/http";
import type { TypeCollector } from "./types.ts";
import type { Unsupported } from "./unsupported.ts";

function fixedValue(types: TypeCollector, param: ModelProperty, version: string | undefined): string | undefined {
  const value = types.defaultOf(param);
  if (typeof value === "string" || typeof value === "number") return String(value);
  const type = param.type;
  if (type.kind !== "Enum") return undefined;
  const values = [...type.members.values()].map((m) => String(m.value ?? m.name));
  return version !== undefined && values.includes(version) ? version : values.at(-1);
}

export function serverPrefix(
  program: Program,
  namespace: Namespace,
  types: TypeCollector,
  unsupported: Unsupported,
  version?: string,
): string {
  const server = getServers(program, namespace)?.[0];
  if (!server) return "";
  const path = server.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/^\{[^}/]+\}/, "");
  let prefix = "";
  for (const part of path.split(/(\{[^}]+\})/)) {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      prefix += part;
      continue;
    }
    const param = server.parameters.get(name);
    const value = param && fixedValue(types, param, version);
    if (value === undefined) {
      unsupported.warn(
        `@server URL variable {${name}} has no default: routes are mounted at "${prefix || "/"}" without it`,
        param ?? namespace,
      );
      break;
    }
    prefix += encodeURIComponent(value).replace(/%3A/gi, ":");
  }
  return prefix.replace(/\/+$/, "");
}
