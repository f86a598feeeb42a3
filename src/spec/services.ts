/**
 * The HTTP services of a program. With @service, @typespec/http's own list. Without one, http only
 * serves the operations declared directly in the global namespace, so a spec whose routes live in
 * `namespace PetStore;` would look empty: each top-level namespace of the user's own files that holds
 * operations becomes a service too, rooted where its routes start (`Shop.Api`, not `Shop`).
 */
import { getLocationContext, listServices } from "@typespec/compiler";
import type { Diagnostic, Namespace, Program } from "@typespec/compiler";
import { getAllHttpServices, getHttpService } from "@typespec/http";
import { type ServiceAtVersion, httpServicesAtLatestVersion } from "./versioning.ts";

export interface ProgramServices {
  /** A @versioned service at its latest version (see versioning.ts). */
  services: ServiceAtVersion[];
  diagnostics: readonly Diagnostic[];
  /** False when no namespace is marked @service. */
  declared: boolean;
}

export function httpServices(program: Program): ProgramServices {
  const declared = listServices(program).length > 0;
  if (declared) {
    const [services, diagnostics] = httpServicesAtLatestVersion(program);
    return { services, diagnostics, declared };
  }
  const [all, diagnostics] = getAllHttpServices(program);
  const services: ServiceAtVersion[] = all.filter((s) => s.operations.length > 0).map((service) => ({ service }));
  const found = [...diagnostics];
  for (const ns of program.getGlobalNamespaceType().namespaces.values()) {
    if (getLocationContext(program, ns).type !== "project" || !holdsOperations(ns)) continue;
    const [service, more] = getHttpService(program, routesRoot(ns));
    services.push({ service });
    found.push(...more);
  }
  return { services, diagnostics: found, declared };
}

function holdsOperations(ns: Namespace): boolean {
  return ns.operations.size > 0 || ns.interfaces.size > 0 || [...ns.namespaces.values()].some(holdsOperations);
}

/** Down through namespaces that only wrap one other namespace: the routes start below them. */
function routesRoot(ns: Namespace): Namespace {
  let root = ns;
  while (root.operations.size === 0 && root.interfaces.size === 0 && root.namespaces.size === 1) root = [...root.namespaces.values()][0];
  return root;
}
