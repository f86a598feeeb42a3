/**
 * Which credentials each route accepts: the operation's @useAuth overrides its interface's, which
 * overrides the namespace's; NoAuth opens a route; a union accepts any member; a spec without
 * @useAuth takes the `auth` answer for every route.
 */
import { afterAll, describe, expect, it } from "@jest/globals";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { authView, specDeclaresAuth } from "../../src/codegen/auth-view.ts";
import { loadApiModel } from "../../src/spec/index.ts";
import { PETSTORE, removeSpecs, service, writeSpec } from "../spec/tmp-spec.ts";

afterAll(removeSpecs);

const INVENTORY = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "specs", "inventory", "main.tsp");

function accepts(view: ReturnType<typeof authView>, key: string) {
  const route = view.routes.find((r) => r.key === key);
  if (!route) return "not protected";
  return route.options.map((o) => o.schemes.map((s) => [s.id, ...s.scopes].join(":")).join("+") || "anyone");
}

describe("the effective requirement of each operation", () => {
  it("operation over interface over namespace; NoAuth opens; a union accepts any member", async () => {
    const dir = writeSpec(
      `import "@typespec/http";
using Http;
@service(#{ title: "Shop" })
@useAuth(BearerAuth)
namespace Shop;
model Flow { type: OAuth2FlowType.clientCredentials; tokenUrl: "https://id.example/token"; scopes: ["orders:write"]; }
@route("/orders") interface Orders {
  @get list(): string[];
  @post @useAuth(OAuth2Auth<[Flow]>) create(@body order: { name: string }): void;
}
@route("/admin") @useAuth(ApiKeyAuth<ApiKeyLocation.header, "X-Admin-Key"> | BasicAuth) interface Admin {
  @get stats(): string[];
  @get @route("ping") @useAuth(NoAuth) ping(): void;
}
@route("/health") @useAuth(NoAuth | BearerAuth) @get op health(): void;
`,
    );
    const api = await loadApiModel(join(dir, "main.tsp"), dir);
    const view = authView(api, undefined);
    expect(view.source).toBe("spec");
    expect(accepts(view, "GET /orders")).toEqual(["BearerAuth"]);
    expect(accepts(view, "POST /orders")).toEqual(["OAuth2Auth:orders:write"]);
    expect(accepts(view, "GET /admin")).toEqual(["ApiKeyAuth", "BasicAuth"]);
    expect(accepts(view, "GET /admin/ping")).toEqual(["anyone"]);
    expect(accepts(view, "GET /health")).toEqual(["anyone", "BearerAuth"]);
    expect(view.protectedRoutes.map((r) => r.key)).toEqual(["GET /orders", "POST /orders", "GET /admin"]);
    expect(view.schemes.find((s) => s.id === "ApiKeyAuth")).toMatchObject({ kind: "apiKey", in: "header", keyName: "x-admin-key" });
    expect(view.allScopes).toEqual(["orders:write"]);
    expect({ jwt: view.usesJwt, keys: view.usesApiKeys, basic: view.usesBasic }).toEqual({ jwt: true, keys: true, basic: true });
  });

  it("the inventory fixture: keys in header, query and cookie, Basic, and a scoped OAuth2 union", async () => {
    const api = await loadApiModel(INVENTORY, dirname(INVENTORY));
    const view = authView(api, "jwt");
    // The spec decides: the answer is ignored.
    expect(view.source).toBe("spec");
    expect(accepts(view, "GET /reports")).toEqual(["ApiKeyAuth", "OAuth2Auth:reports:read"]);
    expect(accepts(view, "GET /status")).toEqual(["anyone"]);
    const kinds = Object.fromEntries(view.schemes.map((s) => [s.id, `${s.kind}/${s.in ?? s.httpScheme ?? s.flavour}`]));
    expect(kinds).toEqual({
      ApiKeyAuth: "apiKey/header",
      ApiKeyAuth_: "apiKey/query",
      ApiKeyAuth__: "apiKey/cookie",
      BasicAuth: "basic/Basic",
      OAuth2Auth: "jwt/oauth2",
    });
  });

  it("a custom Authorization scheme is checked against the API keys", async () => {
    const dir = writeSpec(service(`@useAuth({ type: AuthType.http, scheme: "SharedAccessKey" }) @route("/x") @get op x(): void;`));
    const view = authView(await loadApiModel(join(dir, "main.tsp"), dir), undefined);
    expect(view.schemes).toEqual([expect.objectContaining({ kind: "httpKey", httpScheme: "SharedAccessKey" })]);
    expect(view.usesApiKeys).toBe(true);
  });
});

describe("a spec without @useAuth", () => {
  it("is open unless the answer picks a scheme, which then guards every route", async () => {
    const api = await loadApiModel(PETSTORE, dirname(PETSTORE));
    expect(specDeclaresAuth(api)).toBe(false);
    expect(authView(api, "none")).toMatchObject({ source: "none", routes: [] });
    const keys = authView(api, "api-key");
    expect(keys.source).toBe("answer");
    expect(keys.protectedRoutes).toHaveLength(api.services[0].operations.length);
    expect(keys.schemes).toEqual([expect.objectContaining({ kind: "apiKey", in: "header", keyName: "x-api-key" })]);
    expect(authView(api, "oauth2").schemes).toEqual([expect.objectContaining({ kind: "jwt", flavour: "oauth2" })]);
    expect(authView(api, "jwt").schemes).toEqual([expect.objectContaining({ kind: "jwt", flavour: "bearer" })]);
  });
});
