/**
 * Cache layer on Redis: reads by key go to Redis first and fall back to the storage, which fills
 * the entry; replace, patch and delete drop it. The app never needs Redis to answer: while Redis
 * is down or slow, requests are served from the storage, uncached.
 *
 * It knows neither the server nor the database layer: it renders its own src/storage-hooks.ts,
 * the one hook every storage passes through, and wraps each repository there.
 */
import { definePlugin } from "../src/plugins/contract.ts";
import { crudResources } from "../src/codegen/crud-view.ts";
import { templatesDir } from "../src/tool.ts";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
export const DEFAULT_TTL_SECONDS = 60;

export default definePlugin({
  name: "cache-redis",
  layer: "cache",
  description: "Redis read-through cache for reads by key, dropped on every write",
  templates: templatesDir("cache-redis"),
  requires: ["server"],
  questions: [
    {
      name: "cache",
      topic: "extras",
      message: "Cache",
      type: "select",
      choices: [
        { value: "none", description: "every read goes to the database" },
        { value: "redis", description: "Redis read-through cache for reads by key (REDIS_URL); serves uncached while Redis is down" },
      ],
      default: "none",
      // Rows kept in memory gain nothing from a cache.
      when: (answers) => (answers.db ?? "sqlite") !== "none",
    },
  ],
  enabled: (answers) => answers.cache === "redis",
  contribute(ctx) {
    const resources = crudResources(ctx.api).map((r) => ({
      repoKey: r.repoKey,
      typeName: r.typeName,
      keyProperty: r.keyProperty,
      inherited: r.inherited,
    }));
    const prefix = ctx.project.names.kebab;
    return {
      dependencies: ["@redis/client"],
      // A cache keeps nothing worth a volume: no dataPath, no snapshots.
      services: [
        {
          name: "redis",
          image: "redis:7-alpine",
          ports: [6379],
          command: ["redis-server", "--save", "", "--appendonly", "no"],
          healthcheck: ["CMD", "redis-cli", "ping"],
          appEnv: { REDIS_URL: "redis://redis:6379" },
        },
      ],
      env: [
        {
          name: "REDIS_URL",
          description: "Redis for the read cache (redis:// or rediss://); set it empty to turn the cache off",
          example: DEFAULT_REDIS_URL,
          secret: true,
        },
        {
          name: "CACHE_TTL_SECONDS",
          description: "How long a cached row is served before it is read again",
          example: String(DEFAULT_TTL_SECONDS),
        },
        { name: "CACHE_PREFIX", description: "First part of every cache key, so apps can share a Redis", example: prefix },
      ],
      readme: [
        {
          title: "Cache",
          body: [
            `Reads by key (${resources.map((r) => `\`${r.repoKey}\``).join(", ") || "no resources yet"}) go to Redis first (\`REDIS_URL\`,`,
            `default \`${DEFAULT_REDIS_URL}\`): a miss reads the database and keeps the row for \`CACHE_TTL_SECONDS\``,
            `(default ${DEFAULT_TTL_SECONDS}) under \`<CACHE_PREFIX>:<resource>:<key>\` (prefix default \`${prefix}\`). Replace, patch`,
            "and delete remove the entry; a create stores it; lists are never cached.",
            "",
            "Redis is never needed to answer. While it is down or slow (each call gives up after 250 ms) requests",
            "are served from the database, one warning is logged per outage, and `/readyz` stays 200. Entries",
            "that could not be removed during an outage are cleared when Redis answers again. Other writers",
            "(a second service, a migration, SQL by hand) do not remove entries: their changes show once the",
            "TTL has passed. `REDIS_URL=` (empty) turns the cache off.",
            "",
            "The generated tests use their own key prefix and remove their keys when they finish.",
          ].join("\n"),
        },
      ],
      data: { resources, defaultUrl: DEFAULT_REDIS_URL, defaultTtl: DEFAULT_TTL_SECONDS, defaultPrefix: prefix },
    };
  },
});
