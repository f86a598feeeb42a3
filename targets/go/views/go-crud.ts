/**
 * The Go database layer's view of the API: which operations the generated CRUD answers (the same
 * ones the TypeScript target wires, from src/codegen/crud-view.ts), the tables they store rows in
 * (src/codegen/sql-view.ts) and what the Go runtime reads at start (internal/store/crud.json).
 */
import type { ApiModel } from "../../../src/spec/model.ts";
import type { Answers } from "../../../src/plugins/contract.ts";
import { crudOperationView, crudResources } from "../../../src/codegen/crud-view.ts";
import { type Dialect, type TableView, tableViews } from "../../../src/codegen/sql-view.ts";
import { goRoutes } from "./go-routes.ts";

export const GO_DIALECTS: readonly Dialect[] = ["sqlite", "postgres", "mysql"];

/** The Go project's dialect, or undefined when it keeps no database (`--db none`). */
export function goDialect(answers: Answers): Dialect | undefined {
  const db = String(answers.db ?? "sqlite");
  return (GO_DIALECTS as readonly string[]).includes(db) ? (db as Dialect) : undefined;
}

/**
 * A fill the TypeScript target writes as an expression (crud-view's ReadOnlyFill), as a value the Go
 * runtime can use: a JSON literal, or `{ "now": "datetime" | "date" | "time" }`. An object literal
 * of a nested model is left out (the row is stored as sent, as TS does when it has no value).
 */
function goFill(expression: string): unknown {
  const now: Record<string, string> = {
    "new Date().toISOString()": "datetime",
    "new Date().toISOString().slice(0, 10)": "date",
    "new Date().toISOString().slice(11, 19)": "time",
  };
  if (now[expression]) return { now: now[expression] };
  try {
    return { value: JSON.parse(expression) as unknown };
  } catch {
    return undefined;
  }
}

export interface GoCrud {
  tables: TableView[];
  /** Operation ids the generated CRUD answers. */
  operations: Set<string>;
  /** Handler groups with at least one of them. */
  groups: Set<string>;
  /** internal/store/crud.json. */
  runtime: Record<string, unknown>;
}

const cache = new WeakMap<ApiModel, Map<Dialect, GoCrud>>();

export function goCrud(api: ApiModel, dialect: Dialect): GoCrud {
  const hit = cache.get(api)?.get(dialect);
  if (hit) return hit;
  const resources = crudResources(api);
  const tables = tableViews(api, resources, dialect);
  const byModel = new Map(tables.map((t) => [t.model, t]));
  const resourceOf = new Map(resources.map((r) => [r.model, r]));
  const routed = new Map(goRoutes(api).groups.flatMap((g) => g.routes.map((r) => [r.id, { group: g, route: r }] as const)));
  const operations = new Set<string>();
  const groups = new Set<string>();
  const ops: Record<string, unknown> = {};
  for (const op of api.services.flatMap((s) => s.operations)) {
    const table = op.crud && byModel.get(op.crud.resource);
    const resource = op.crud && resourceOf.get(op.crud.resource);
    const at = routed.get(op.id);
    if (!op.crud || !table || !resource || !at) continue;
    const view = crudOperationView(api, op);
    operations.add(op.id);
    groups.add(at.group.name);
    const fills = Object.fromEntries(
      resource.fills.flatMap((f) => {
        const fill = goFill(f.expression);
        // propertyKey quotes a name that is not an identifier; the runtime wants the JSON name.
        const key = f.key.startsWith('"') ? (JSON.parse(f.key) as string) : f.key;
        return fill === undefined ? [] : [[key, fill]];
      }),
    );
    ops[op.id] = {
      kind: view.kind,
      table: table.name,
      model: resource.model,
      keyParam: view.keyParam,
      scope: view.scope,
      filters: view.filters,
      limitParam: view.limitParam,
      offsetParam: view.offsetParam,
      unhandledQuery: view.unhandledQuery,
      listShape: view.listShape,
      returnsRow: view.returnsRow,
      erasedValues: view.erasedValues,
      keyFromClient: resource.keyFromClient,
      keepOnReplace: resource.keepOnReplace,
      fills,
      handlerFile: at.group.file,
    };
  }
  const runtime = {
    tables: Object.fromEntries(
      tables.map((t) => [
        t.name,
        {
          keyColumn: t.keyColumn,
          keyProperty: t.keyProperty,
          keyKind: t.keyKind,
          identity: t.columns.some((c) => c.identity),
          columns: t.columns.map((c) => ({ name: c.name, property: c.property, codec: c.codec })),
        },
      ]),
    ),
    operations: ops,
  };
  const result = { tables, operations, groups, runtime };
  if (!cache.has(api)) cache.set(api, new Map());
  cache.get(api)!.set(dialect, result);
  return result;
}
