/** The built-in layers, in the order they render. Each uses the same contract a team's plugin uses. */
import type { StackPlugin } from "../src/plugins/contract.ts";
import auth from "./auth.ts";
import base from "./base.ts";
import cacheRedis from "./cache-redis.ts";
import ciGithub from "./ci-github.ts";
import database from "./database.ts";
import { databaseMysql, databasePostgres, databaseSqlite } from "./database-dialects.ts";
import docker from "./docker.ts";
import docs from "./docs.ts";
import kubernetes from "./kubernetes.ts";
import monitoringPrometheus from "./monitoring-prometheus.ts";
import server from "./server.ts";
import { events, eventsAmqp, eventsMqtt, eventsNats } from "./events.ts";
import goBase from "../targets/go/generators/go-base.ts";
import goServer from "../targets/go/generators/go-server.ts";
import goDatabase from "../targets/go/generators/go-database.ts";
import goMonitoring from "../targets/go/generators/go-monitoring.ts";
import goDocs from "../targets/go/generators/go-docs.ts";
import goAuth from "../targets/go/generators/go-auth.ts";

export const builtinPlugins: StackPlugin[] = [
  base,
  server,
  database,
  databaseSqlite,
  databasePostgres,
  databaseMysql,
  cacheRedis,
  auth,
  events,
  eventsNats,
  eventsMqtt,
  eventsAmqp,
  // After every layer that contributes env vars or backing services, which these read.
  monitoringPrometheus,
  docker,
  kubernetes,
  ciGithub,
  docs,
  // The Go target's layers (targets/go/): they run only when the project's target is go.
  goBase,
  goServer,
  goDatabase,
  goMonitoring,
  goDocs,
  goAuth,
];
