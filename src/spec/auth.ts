/** @useAuth → AuthScheme records and per-operation requirements. */
import type { Operation as TspOperation } from "@typespec/compiler";
import { resolveAuthentication } from "@typespec/http";
import type { AuthenticationReference, HttpAuth, HttpService } from "@typespec/http";
import type { AuthRequirement, AuthScheme } from "./model.ts";

export function toAuthScheme(auth: HttpAuth): AuthScheme {
  switch (auth.type) {
    case "http":
      return { id: auth.id, type: "http", scheme: auth.scheme };
    case "apiKey":
      return { id: auth.id, type: "apiKey", in: auth.in, keyName: auth.name };
    case "oauth2": {
      const scopes = new Set(auth.flows.flatMap((flow) => flow.scopes.map((s) => s.value)));
      return { id: auth.id, type: "oauth2", scopes: [...scopes] };
    }
    case "openIdConnect":
      return { id: auth.id, type: "openIdConnect", scopes: [...auth.scopes] };
    case "noAuth":
      return { id: auth.id, type: "noAuth" };
  }
}

function toRequirement(ref: AuthenticationReference): AuthRequirement {
  return {
    options: ref.options.map((option) => ({
      schemes: option.all.map((r) => ({ id: r.auth.id, scopes: r.kind === "noAuth" ? [] : [...r.scopes] })),
    })),
  };
}

/** Every scheme the service mentions, and a lookup for each operation's requirement (undefined: no auth declared). */
export function resolveServiceAuth(service: HttpService): {
  schemes: AuthScheme[];
  requirementFor(op: TspOperation): AuthRequirement | undefined;
} {
  const resolved = resolveAuthentication(service);
  return {
    schemes: resolved.schemes.map(toAuthScheme),
    requirementFor(op) {
      const ref = resolved.operationsAuth.get(op) ?? resolved.defaultAuth;
      return ref.options.length > 0 ? toRequirement(ref) : undefined;
    },
  };
}
