/**
 * The one place the deploy layers (Dockerfile, compose, Kubernetes, CI) take their facts from:
 * the port, the probe paths, where the app may write, and which env var goes where. It reads the
 * merged RenderContext only: env vars and backing services that other layers contributed through
 * the plugin contract, never those plugins themselves, and how the project's target builds and
 * runs (its runtime profile: targets/<name>/), never a language of its own.
 */
import type { Answers, BackingService, EnvVar, RenderContext } from "../plugins/contract.ts";
import { builtinRoutes } from "./builtin-routes.ts";
import { targetOf } from "../../targets/index.ts";
import type { RuntimeProfile } from "../../targets/target.ts";

/** The generated package.json's version: the tag the prod overlay deploys until the user sets theirs. */
export const IMAGE_TAG = "0.1.0";
/**
 * The autoscaler's replica range in the Kubernetes base and in each overlay, read by the manifests
 * and the README alike. A stateful app (SQLite) runs one replica and has no autoscaler.
 */
export const K8S_REPLICAS = {
  base: { min: 2, max: 5 },
  dev: { min: 1, max: 2 },
  prod: { min: 3, max: 10 },
} as const;
/** The PersistentVolumeClaim a stateful app keeps its data folder on. */
export const K8S_DATA_VOLUME_SIZE = "1Gi";
/** The project's writable data folder (.gitignore keeps `data/` out); a file path under it means state. */
const DATA_PREFIX = "./data/";

export const DEPLOY_TARGETS = ["docker", "kubernetes"] as const;
export type DeployTarget = (typeof DEPLOY_TARGETS)[number];

/** The `deploy` answer as a list; absent means the default (docker), `none` means nothing. */
export function deployTargets(answers: Answers): DeployTarget[] {
  const value = answers.deploy ?? ["docker"];
  const list = Array.isArray(value)
    ? value.map(String)
    : String(value)
        .split(",")
        .map((v) => v.trim());
  return DEPLOY_TARGETS.filter((target) => list.includes(target));
}

/** Monitoring defaults to prometheus. */
export function monitoringOn(answers: Answers): boolean {
  return (answers.monitoring ?? "prometheus") === "prometheus";
}

export interface EnvValue {
  name: string;
  value: string;
  description: string;
}

export interface ComposeService extends BackingService {
  /** Named volume holding dataPath, when the service keeps data, and its `volume:path` mount. */
  volume?: string;
  volumeMount?: string;
}

export interface DeployView {
  /** Project name in kebab-case: image name, compose service, Kubernetes object names and labels. */
  app: string;
  port: number;
  /** Served by the server layer's src/server.ts: liveness = the process is up, readiness = it can serve. */
  probes: { liveness: string; readiness: string };
  /** Set when the monitoring layer serves Prometheus metrics. */
  metricsPath?: string;
  /** How the target builds and runs in an image: stages, user, command, healthcheck, CI steps. */
  runtime: RuntimeProfile;
  appDir: string;
  dataDir: string;
  uid: number;
  command: readonly string[];
  /** The image's healthcheck as Dockerfile exec form, and as a compose `test`. */
  healthcheck: { dockerfile: string; compose: string };
  /** compose: the host port mapping (loopback only), the data folder's mount. */
  publish: string;
  dataMount: string;
  /** Set by the image itself (the runtime profile's env): HOST (every interface, inside a container), PORT, and the target's own. */
  imageEnv: EnvValue[];
  /** Every env var that is not secret, with the value a deployment starts from (ConfigMap). */
  config: EnvValue[];
  /** Secret env vars: names and descriptions only; values are never written by the generator. */
  secrets: EnvVar[];
  services: ComposeService[];
  /** The app's env inside compose: the image's plus what each backing service says the app needs there. */
  composeEnv: { name: string; value: string }[];
  /** The app keeps files in its data folder (SQLite): one replica with a persistent volume, no autoscaling. */
  stateful: boolean;
  replicas: typeof K8S_REPLICAS;
  dataVolumeSize: string;
  /** Named compose volumes: the app's data folder and each service's data. */
  volumes: string[];
  ingressHost?: string;
  imageTag: string;
}

/** An exec-form command as Dockerfiles and compose files write it: `["node", "-e", "..."]`. */
export function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(", ")}]`;
}

/** Descriptions become `# ...` comments in YAML and env files: one line each. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** One view per render: every deploy template asks for it through its plugin's helper. */
const views = new WeakMap<RenderContext, DeployView>();

export function deployView(ctx: RenderContext): DeployView {
  let view = views.get(ctx);
  if (!view) views.set(ctx, (view = buildDeployView(ctx)));
  return view;
}

function buildDeployView(ctx: RenderContext): DeployView {
  const answers = ctx.answers ?? {};
  const app = ctx.project.names.kebab;
  // The server layer's answer (its default, 3000, when a caller passes partial answers).
  const port = Number(answers.port ?? 3000);
  const runtime = targetOf(answers).runtime(ctx);
  const imageEnv: EnvValue[] = runtime.env;
  const { appDir } = runtime;
  const imageNames = new Set(imageEnv.map((e) => e.name));
  const env = ctx.env ?? [];
  const config: EnvValue[] = [
    ...imageEnv,
    ...env
      .filter((v) => !v.secret && !imageNames.has(v.name))
      .map((v) => ({ name: v.name, value: v.example ?? "", description: oneLine(v.description) })),
  ];
  const secrets = env.filter((v) => v.secret).map((v) => ({ ...v, description: oneLine(v.description) }));
  // By name, as compose linters expect, whatever order the layers rendered in.
  const services: ComposeService[] = [...(ctx.services ?? [])]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((service) => ({
      ...service,
      volume: service.dataPath ? `${service.name}-data` : undefined,
      volumeMount: service.dataPath ? `${service.name}-data:${service.dataPath}` : undefined,
    }));
  const composeEnv = new Map<string, string>(imageEnv.map((e) => [e.name, e.value]));
  for (const service of services) for (const [name, value] of Object.entries(service.appEnv)) composeEnv.set(name, value);
  const stateful = env.some((v) => !v.secret && (v.example ?? "").startsWith(DATA_PREFIX));
  const ingress = String(answers.ingress ?? "").trim();
  const builtin = builtinRoutes(ctx.api);
  return {
    app,
    port,
    probes: { liveness: builtin.liveness, readiness: builtin.readiness },
    metricsPath: monitoringOn(answers) ? builtin.metrics : undefined,
    runtime,
    appDir,
    dataDir: `${appDir}/data`,
    uid: runtime.user.uid,
    command: runtime.command,
    healthcheck: { dockerfile: execForm(runtime.healthcheck), compose: execForm(["CMD", ...runtime.healthcheck]) },
    publish: `127.0.0.1:${port}:${port}`,
    dataMount: `${app}-data:${appDir}/data`,
    imageEnv,
    config,
    secrets,
    services,
    composeEnv: [...composeEnv].map(([name, value]) => ({ name, value })),
    stateful,
    replicas: K8S_REPLICAS,
    dataVolumeSize: K8S_DATA_VOLUME_SIZE,
    volumes: [`${app}-data`, ...services.flatMap((s) => (s.volume ? [s.volume] : []))],
    ingressHost: ingress === "" ? undefined : ingress,
    imageTag: IMAGE_TAG,
  };
}

/** A host name an Ingress accepts: DNS labels, optionally one leading `*.` wildcard. */
export function validIngressHost(value: unknown): true | string {
  const host = String(value ?? "").trim();
  if (host === "") return true;
  return /^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(host)
    ? true
    : `"${host}" is not a host name like api.example.com (lowercase DNS labels, no scheme or port)`;
}
