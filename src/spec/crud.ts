/**
 * Finds the CRUD-shaped operations: a model with exactly one @key property, served at a
 * collection path (list, create) and an item path ending in the key (read, replace, patch,
 * delete). Those get wired to the database; everything else stays a hand-written handler.
 */
import type { ApiModel, CrudBinding, CrudFilter, CrudScope, Model, Operation, Parameter, Property, TypeRef } from "./model.ts";

interface Resource {
  model: Model;
  key: Property;
}

const LIMIT_PARAMS = new Set(["limit", "top", "pageSize"]);
const OFFSET_PARAMS = new Set(["offset", "skip"]);
const TOTAL_PROPERTIES = ["total", "count", "totalCount"];
const INTEGER_SCALARS = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "safeint", "integer"]);
const NUMBER_SCALARS = new Set(["float", "float32", "float64", "numeric", "decimal", "decimal128"]);

/** Returns a copy of `api` with `crud` set on every operation that fits; the input is not touched. */
export function classifyCrud(api: ApiModel): ApiModel {
  const out = structuredClone(api);
  const resources = findResources(out);
  for (const service of out.services) {
    for (const op of service.operations) delete op.crud;
    // First the operations whose payload names the resource, then the ones (delete, patch without
    // a resource response) that learn it from a sibling on the same item path, in the same
    // interface or namespace: a path another group happens to share says nothing about this one.
    const byItemPath = new Map<string, string>();
    const siblingKey = (op: Operation, item: string) => `${op.group}\u0000${item}`;
    // One operation per resource and kind is wired (the generated CRUD has one `list`); a second
    // one, e.g. another GET returning the same page, stays a handler.
    const bound = new Set<string>();
    const claim = (crud: CrudBinding) => !bound.has(`${crud.resource}\0${crud.kind}`) && bound.add(`${crud.resource}\0${crud.kind}`);
    for (const op of service.operations) {
      const crud = classifyDirect(op, resources, out);
      if (!crud || !claim(crud)) continue;
      op.crud = crud;
      const item = itemPath(op);
      if (item && crud.kind !== "list" && crud.kind !== "create") byItemPath.set(siblingKey(op, item), crud.resource);
    }
    for (const op of service.operations) {
      if (op.crud) continue;
      const item = itemPath(op);
      const resource = item === undefined ? undefined : byItemPath.get(siblingKey(op, item));
      if (resource === undefined) continue;
      const crud = classifyBySibling(op, resources.get(resource)!, out);
      if (crud && claim(crud)) op.crud = crud;
    }
  }
  return out;
}

function findResources(api: ApiModel): Map<string, Resource> {
  const found = new Map<string, Resource>();
  for (const model of Object.values(api.models)) {
    const keys = model.properties.filter((p) => p.key);
    if (keys.length === 1) found.set(model.name, { model, key: keys[0] });
  }
  return found;
}

function classifyDirect(op: Operation, resources: Map<string, Resource>, api: ApiModel): CrudBinding | undefined {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const success = successBody(op);
  // @typespec/rest says outright which resource a create works on; its body is a derived model
  // (ResourceCreateModel<Pet>), so the shape alone would not tell.
  const rest = op.resourceOperation;
  // The generated create and replace answer with the stored row: a response of another shape (the
  // row plus a token, say) is the handler's to build.
  if ((op.verb === "post" || op.verb === "put") && success !== undefined && !answersWithBody(success, op)) return undefined;
  if (rest?.kind === "create" && op.verb === "post" && resources.has(rest.resource) && op.body?.type.kind === "model") {
    const r = resources.get(rest.resource)!;
    const body = api.models[op.body.type.name];
    const names = new Set(r.model.properties.map((p) => p.name));
    const scope = scopeOf(pathParams, r);
    if (body && scope && body.properties.every((p) => names.has(p.name))) return scoped({ kind: "create", resource: rest.resource }, scope);
  }
  switch (op.verb) {
    case "get": {
      const r = modelResource(success, resources);
      const item = r && keyParam(op, r);
      if (item) return scoped({ kind: "read", resource: r.model.name }, item.scope);
      return classifyList(op, success, resources, api);
    }
    case "post": {
      const r = modelResource(op.body?.type, resources);
      const scope = r && scopeOf(pathParams, r);
      return r && scope ? scoped({ kind: "create", resource: r.model.name }, scope) : undefined;
    }
    case "put": {
      const r = modelResource(op.body?.type, resources);
      const item = r && keyParam(op, r);
      return item ? scoped({ kind: "replace", resource: r.model.name }, item.scope) : undefined;
    }
    case "patch": {
      const r = modelResource(success, resources);
      return r ? classifyBySibling(op, r, api) : undefined;
    }
    default:
      return undefined;
  }
}

/** Operations that need the resource from elsewhere: patch and delete on the item path. */
function classifyBySibling(op: Operation, r: Resource, api: ApiModel): CrudBinding | undefined {
  const item = keyParam(op, r);
  if (!item) return undefined;
  if (op.verb === "delete" && !op.body) {
    // The generated delete answers as declared: bodiless, or with the deleted row; any other body is the handler's.
    const success = successBody(op);
    if (success === undefined) return scoped({ kind: "delete", resource: r.model.name }, item.scope);
    if (success.kind === "model" && success.name === r.model.name)
      return scoped({ kind: "delete", resource: r.model.name, returnsRow: true }, item.scope);
    return undefined;
  }
  if (op.verb === "patch" && op.body?.type.kind === "model") {
    const patch = api.models[op.body.type.name];
    const names = new Set(r.model.properties.map((p) => p.name));
    if (patch && patch.properties.length > 0 && patch.properties.every((p) => names.has(p.name))) {
      return scoped({ kind: "patch", resource: r.model.name }, item.scope);
    }
  }
  return undefined;
}

/** Adds the parent scope to a binding when the operation is nested (`/owners/{ownerId}/animals`). */
function scoped(binding: CrudBinding, scope: CrudScope[]): CrudBinding {
  return scope.length > 0 ? { ...binding, scope } : binding;
}

/**
 * Parent path parameters of a nested collection, each stored in the resource property of the same
 * name and type (`Animal.ownerId` for `{ownerId}`); undefined when one has no such property, as the
 * generated storage would then have nowhere to keep the parent.
 */
function scopeOf(params: Parameter[], r: Resource): CrudScope[] | undefined {
  const scope: CrudScope[] = [];
  for (const param of params) {
    const prop = r.model.properties.find(
      (p) => !p.key && (p.name === param.name || p.jsonName === param.wireName) && sameType(p.type, param.type),
    );
    if (!prop) return undefined;
    scope.push({ param: param.wireName, property: prop.jsonName });
  }
  return scope;
}

function classifyList(op: Operation, body: TypeRef | undefined, resources: Map<string, Resource>, api: ApiModel): CrudBinding | undefined {
  if (!body) return undefined;
  let resource: Resource | undefined;
  let listShape: CrudBinding["listShape"];
  if (body.kind === "array") {
    resource = modelResource(body.items, resources);
    listShape = { kind: "array" };
  } else if (body.kind === "model" && api.models[body.name] && !resources.has(body.name)) {
    const page = api.models[body.name];
    for (const prop of page.properties) {
      if (prop.type.kind !== "array") continue;
      const r = modelResource(prop.type.items, resources);
      if (!r) continue;
      resource = r;
      const total = TOTAL_PROPERTIES.map((n) => page.properties.find((p) => p.name === n && isInteger(p.type))).find((p) => p);
      // The last page has no next offset, so only an optional nextOffset can be filled.
      const next = page.properties.find((p) => p.name === "nextOffset" && p.optional && isInteger(p.type));
      // The generated list fills only these; a page with another required property needs a handler.
      const filled = new Set([prop.name, total?.name, next?.name]);
      if (page.properties.some((p) => !p.optional && !filled.has(p.name))) return undefined;
      listShape = {
        kind: "page",
        itemsProperty: prop.name,
        ...(total ? { totalProperty: total.name } : {}),
        ...(next ? { nextOffsetProperty: next.name } : {}),
      };
      break;
    }
  }
  if (!resource || !listShape) return undefined;
  const scope = scopeOf(
    op.parameters.filter((p) => p.in === "path"),
    resource,
  );
  if (!scope) return undefined;

  const query = op.parameters.filter((p) => p.in === "query");
  const limit = query.find((p) => LIMIT_PARAMS.has(p.name));
  const offset = query.find((p) => OFFSET_PARAMS.has(p.name));
  const filters: CrudFilter[] = [];
  const filtered = new Set<Parameter>();
  for (const p of query) {
    if (p === limit || p === offset) continue;
    const prop = filterProperty(p, resource.model.properties, api);
    if (!prop) continue;
    filters.push({ param: p.wireName, property: prop.jsonName });
    filtered.add(p);
  }
  // A query parameter the generated list cannot honour (a search term, a locale) is never ignored:
  // a required one leaves the whole operation to its handler; an optional one, when sent, gets a 501.
  const unhandled = query.filter((p) => p !== limit && p !== offset && !filtered.has(p));
  if (unhandled.some((p) => !p.optional)) return undefined;
  return {
    kind: "list",
    resource: resource.model.name,
    filters,
    ...(unhandled.length > 0 ? { unhandledQuery: unhandled.map((p) => p.wireName) } : {}),
    ...(scope.length > 0 ? { scope } : {}),
    ...(limit ? { limitParam: limit.name } : {}),
    ...(offset ? { offsetParam: offset.name } : {}),
    listShape,
  };
}

/**
 * The property a query parameter filters on: the one with its wire name (`display_name` for a
 * property sent as `display_name`), else the one with its TypeSpec name, when a plain value of
 * the parameter's kind can equal the property's value. Anything else (arrays, models, a string
 * parameter on a number property) is no simple equality filter: left to a handler (501).
 */
function filterProperty(p: Parameter, props: Property[], api: ApiModel): Property | undefined {
  const prop = props.find((q) => q.jsonName === p.wireName) ?? props.find((q) => q.name === p.name);
  if (!prop) return undefined;
  const want = valueKind(prop.type, api);
  const given = valueKind(p.type, api);
  if (want === undefined || given === undefined) return undefined;
  return want === given || (want === "number" && given === "integer") ? prop : undefined;
}

/** What a single filterable value is compared as; undefined for shapes no equality filter covers. */
function valueKind(type: TypeRef, api: ApiModel): string | undefined {
  switch (type.kind) {
    case "scalar":
      if (type.name === "boolean") return "boolean";
      if (INTEGER_SCALARS.has(type.name)) return "integer";
      if (NUMBER_SCALARS.has(type.name)) return "number";
      return type.name === "unknown" || type.name === "bytes" ? undefined : type.name === "url" ? "string" : type.name;
    case "enum": {
      const members = api.enums[type.name]?.members ?? [];
      if (members.every((m) => typeof m.value === "string")) return "string";
      return members.every((m) => Number.isInteger(m.value)) ? "integer" : "number";
    }
    case "literal":
      return typeof type.value === "string"
        ? "string"
        : typeof type.value === "boolean"
          ? "boolean"
          : Number.isInteger(type.value)
            ? "integer"
            : "number";
    case "union": {
      const kinds = new Set(type.variants.filter((v) => v.kind !== "null").map((v) => valueKind(v, api)));
      return kinds.size === 1 ? [...kinds][0] : undefined;
    }
    default:
      return undefined;
  }
}

/** The body of the first 2xx response. */
function successBody(op: Operation): TypeRef | undefined {
  const ok = op.responses.find((r) => typeof r.status === "number" && r.status >= 200 && r.status < 300);
  return ok?.body;
}

/** The success body is the request body's resource (or the @typespec/rest resource) itself. */
function answersWithBody(success: TypeRef, op: Operation): boolean {
  const resource = op.resourceOperation?.resource ?? (op.body?.type.kind === "model" ? op.body.type.name : undefined);
  return success.kind === "model" && success.name === resource;
}

function modelResource(type: TypeRef | undefined, resources: Map<string, Resource>): Resource | undefined {
  return type?.kind === "model" ? resources.get(type.name) : undefined;
}

/** The operation's only path parameter, when it ends the path and has the key's type. */
function keyParam(op: Operation, r: Resource): { param: Parameter; scope: CrudScope[] } | undefined {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const param = pathParams.at(-1);
  if (!param || !op.path.endsWith(`{${param.wireName}}`) || !sameType(param.type, r.key.type)) return undefined;
  const scope = scopeOf(pathParams.slice(0, -1), r);
  return scope ? { param, scope } : undefined;
}

/** `/books/{id}` and `/books/{bookId}` are one item path. */
function itemPath(op: Operation): string | undefined {
  return op.parameters.some((p) => p.in === "path") ? op.path.replace(/\{[^}]*\}/g, "{}") : undefined;
}

function sameType(a: TypeRef, b: TypeRef): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isInteger(type: TypeRef): boolean {
  return type.kind === "scalar" && INTEGER_SCALARS.has(type.name);
}
