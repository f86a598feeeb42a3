/**
 * Identifiers for Go: exported names in PascalCase with Go's initialisms upper-cased (`ID`, `URL`,
 * `HTTP`, as golint and gofmt'd code spell them), package names lower-case, file names snake_case.
 * A name Go's own code uses in the generated package (Handlers, Server, ...) gets a `_` suffix.
 */
import { words } from "../../../src/names.ts";

const INITIALISMS = new Set(
  "ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IP JSON LHS QPS RAM RHS RPC SLA SMTP SQL SSH TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS".split(
    " ",
  ),
);

/** Names the generated `api` package declares itself: a spec's type of the same name is renamed. */
const TAKEN = new Set(["Handlers", "Error", "Problem", "NotImplemented", "NewHandler", "Options", "Server", "Request", "Response"]);

/** `order_id` -> `OrderID`, `httpUrl` -> `HTTPURL`; never empty, never starting with a digit. */
export function goExported(input: string): string {
  const parts = words(input).map((w) =>
    INITIALISMS.has(w.toUpperCase()) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(),
  );
  const name = parts.join("") || "X";
  return /^[0-9]/.test(name) ? `N${name}` : name;
}

/** A type name in the generated api package. */
export function goTypeName(input: string): string {
  const name = goExported(input);
  return TAKEN.has(name) ? `${name}_` : name;
}

/** A package or file stem: lower-case words joined by `_` (`orders_api`). */
export function goFileStem(input: string): string {
  return (
    words(input)
      .map((w) => w.toLowerCase())
      .join("_") || "root"
  );
}

/** A Go string literal: JSON's escapes are Go's for everything JSON.stringify emits. */
export function goString(text: string): string {
  return JSON.stringify(text);
}
