/**
 * The HTTP services of a program as the project generates them: a @versioned service at its latest
 * version (members added later present, removed ones gone, renames and type changes applied), the
 * others as written. @typespec/versioning's mutators give that view, the way TypeSpec's OpenAPI
 * emitter gets one document per version.
 */
import { listServices } from "@typespec/compiler";
import type { Diagnostic, Namespace, Program } from "@typespec/compiler";
import { unsafe_mutateSubgraphWithNamespace } from "@typespec/compiler/experimental";
import { getHttpService } from "@typespec/http";
import type { HttpService } from "@typespec/http";
import { getVersioningMutators } from "@typespec/versioning";

export interface ServiceAtVersion {
  service: HttpService;
  /** The version generated (the latest), when the service is @versioned. */
  version?: string;
}

function latest(program: Program, namespace: Namespace): { namespace: Namespace; version?: string } {
  const mutators = getVersioningMutators(program, namespace);
  if (mutators === undefined) return { namespace };
  const snapshot = mutators.kind === "versioned" ? mutators.snapshots.at(-1) : undefined;
  const mutator = mutators.kind === "versioned" ? snapshot?.mutator : mutators.mutator;
  if (mutator === undefined) return { namespace };
  const mutated = unsafe_mutateSubgraphWithNamespace(program, [mutator], namespace).type;
  if (mutated.kind !== "Namespace") return { namespace };
  const version = snapshot?.version.value;
  return version === undefined ? { namespace: mutated } : { namespace: mutated, version };
}

export function httpServicesAtLatestVersion(program: Program): [ServiceAtVersion[], Diagnostic[]] {
  const services: ServiceAtVersion[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const declared of listServices(program)) {
    const { namespace, version } = latest(program, declared.type);
    const [service, found] = getHttpService(program, namespace);
    diagnostics.push(...found);
    services.push(version === undefined ? { service } : { service, version });
  }
  return [services, diagnostics];
}
