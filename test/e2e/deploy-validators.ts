/**
 * Checks for generated deployment files, with the maintained parsers and schemas their real tools
 * use, since no Docker engine or cluster runs here:
 * - Dockerfile: dockerfile-utils' validator (the Docker language server's) and dockerfile-ast.
 * - docker-compose.yml: the Compose Specification JSON schema (the copy dclint ships), with ajv,
 *   and dclint's own rules.
 * - Kubernetes objects: kubernetes-models' bundled schemas (and the Prometheus Operator's models),
 *   plus its type declarations for the unknown fields those schemas let through.
 * - kustomize: a small renderer for what the generated kustomizations use (resources, components,
 *   namespace, images, secretGenerator, strategic-merge patches), failing on anything it does not know.
 * - GitHub Actions: @actions/workflow-parser, GitHub's own workflow schema.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv } from "ajv";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { DockerfileParser, type Dockerfile } from "dockerfile-ast";
import { validate as validateDockerfileText } from "dockerfile-utils";
import ts from "typescript";
import { parseAllDocuments, parse as parseYaml } from "yaml";

const require = createRequire(import.meta.url);

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: any;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

export function dockerfileProblems(text: string): string[] {
  return validateDockerfileText(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}

// ---------------------------------------------------------------------------------------------
// Compose

let composeValidator: ReturnType<Ajv["compile"]> | undefined;

/** Schema errors of a compose file, as `path: message` lines (empty when valid). */
export function composeProblems(document: unknown): string[] {
  if (!composeValidator) {
    const schemaFile = path.join(path.dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");
    const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
    // Draft-07, named by an https URL ajv does not know by that spelling; ajv's default draft is 07.
    delete schema.$schema;
    // The spec's schema uses `deprecated` and a few custom formats; they say nothing about validity.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    composeValidator = ajv.compile(schema);
  }
  if (composeValidator(document)) return [];
  return (composeValidator.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message} ${JSON.stringify(e.params)}`);
}

/** dclint's findings (its bundled rules: pinned tags, bound ports, key order, ...) for a compose file; empty when clean. */
export function composeLint(file: string): string {
  const bin = path.join(path.dirname(require.resolve("dclint/package.json")), "bin", "dclint.cjs");
  const result = spawnSync(process.execPath, [bin, file], { encoding: "utf8" });
  const findings = (result.stdout + result.stderr).trim();
  return result.status === 0 ? findings : `exit ${result.status}\n${findings}`;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes objects

/** kubernetes-models module for an apiVersion/kind: `apps/v1` + `Deployment` -> kubernetes-models/apps/v1/Deployment. */
function modelModule(apiVersion: string, kind: string): string {
  if (apiVersion === "monitoring.coreos.com/v1") return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/** Validates one object against its kind's schema; throws with the object's name on failure. */
export async function validateK8sObject(object: K8sObject): Promise<void> {
  const specifier = modelModule(object.apiVersion, object.kind);
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = (await import(specifier))[object.kind];
  } catch {
    throw new Error(`${object.apiVersion} ${object.kind} ${object.metadata?.name}: no schema for this kind (${specifier})`);
  }
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata?.name}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Unknown fields, which the JSON schemas let through but `kubectl apply` (strict field validation)
 * rejects: each object becomes an object literal typed with its kubernetes-models interface, and
 * TypeScript's excess-property check names any field the API does not have, at any depth.
 */
export function unknownFieldProblems(objects: K8sObject[]): string[] {
  // Inside the repository (its git-ignored .cache), so the imports resolve to its node_modules.
  const repo = path.resolve(path.dirname(require.resolve("kubernetes-models/package.json")), "..", "..");
  fs.mkdirSync(path.join(repo, ".cache"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repo, ".cache", "k8s-fields-"));
  try {
    const lines = objects.map((o, i) => {
      const from = modelModule(o.apiVersion, o.kind);
      return `import type { I${o.kind} as T${i} } from ${JSON.stringify(from)};\nexport const o${i}: T${i} = ${JSON.stringify(o)};`;
    });
    const file = path.join(dir, "objects.ts");
    fs.writeFileSync(file, lines.join("\n"));
    const program = ts.createProgram([file], {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const index = d.file ? Math.floor(d.file.getLineAndCharacterOfPosition(d.start ?? 0).line / 2) : -1;
      const o = objects[index];
      return `${o ? `${o.kind} ${o.metadata?.name}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function yamlDocuments(file: string): K8sObject[] {
  const docs = parseAllDocuments(fs.readFileSync(file, "utf8"));
  for (const doc of docs) if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
  return docs.map((doc) => doc.toJS() as K8sObject).filter((o) => o !== null);
}

// ---------------------------------------------------------------------------------------------
// kustomize

const KNOWN_FIELDS = new Set(["apiVersion", "kind", "resources", "components", "namespace", "images", "secretGenerator", "patches"]);

/** Deep merge as kubectl's strategic merge does for these objects: maps merge, named lists merge by name. */
export function strategicMerge(target: any, patch: any): any {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !patch.every((item) => item && typeof item === "object" && "name" in item)) return patch;
    const result = [...target];
    for (const item of patch) {
      const index = result.findIndex((t) => t?.name === item.name);
      if (index === -1) result.push(item);
      else result[index] = strategicMerge(result[index], item);
    }
    return result;
  }
  if (patch && typeof patch === "object") {
    const result = { ...(target && typeof target === "object" ? target : {}) };
    for (const [key, value] of Object.entries(patch)) result[key] = strategicMerge(result[key], value);
    return result;
  }
  return patch;
}

function readEnvFile(file: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) throw new Error(`${file}: "${trimmed}" is not NAME=value`);
    data[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return data;
}

/**
 * Renders a kustomization folder the way `kustomize build` would for the features the generator
 * uses. Every referenced file must exist, every patch must name an object that exists, and a field
 * this renderer does not implement is an error rather than silently ignored.
 */
export function kustomize(dir: string, expectKind = "Kustomization"): K8sObject[] {
  const file = path.join(dir, "kustomization.yaml");
  if (!fs.existsSync(file)) throw new Error(`${dir}: no kustomization.yaml`);
  const k = parseYaml(fs.readFileSync(file, "utf8"));
  if (k.kind !== expectKind) throw new Error(`${file}: kind ${k.kind}, expected ${expectKind}`);
  for (const key of Object.keys(k)) if (!KNOWN_FIELDS.has(key)) throw new Error(`${file}: field ${key} is not checked by this renderer`);
  let objects: K8sObject[] = [];
  for (const resource of k.resources ?? []) {
    const target = path.resolve(dir, resource);
    if (!fs.existsSync(target)) throw new Error(`${file}: resource ${resource} does not exist`);
    objects.push(...(fs.statSync(target).isDirectory() ? kustomize(target) : yamlDocuments(target)));
  }
  for (const component of k.components ?? []) objects.push(...kustomize(path.resolve(dir, component), "Component"));
  for (const generator of k.secretGenerator ?? []) {
    const data: Record<string, string> = {};
    for (const envFile of generator.envs ?? []) {
      const source = path.resolve(dir, envFile);
      if (!fs.existsSync(source)) throw new Error(`${file}: secretGenerator env file ${envFile} does not exist`);
      Object.assign(data, readEnvFile(source));
    }
    objects.push({ apiVersion: "v1", kind: "Secret", metadata: { name: generator.name }, type: "Opaque", stringData: data });
  }
  if (k.namespace) {
    objects = objects.map((o) => (o.kind === "Namespace" ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } }));
  }
  for (const image of k.images ?? []) {
    for (const o of objects) {
      for (const container of o.spec?.template?.spec?.containers ?? []) {
        const [name] = String(container.image).split(":");
        if (name === image.name) container.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : ""}`;
      }
    }
  }
  for (const entry of k.patches ?? []) {
    const patch = entry.path ? parseYaml(fs.readFileSync(path.resolve(dir, entry.path), "utf8")) : parseYaml(entry.patch);
    const index = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata?.name);
    if (index === -1) throw new Error(`${file}: patch for ${patch.kind} ${patch.metadata?.name} matches no resource`);
    objects[index] = strategicMerge(objects[index], patch);
  }
  return objects;
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions

/** What GitHub's workflow parser finds wrong with a workflow file (empty when it is valid). */
export function workflowProblems(content: string): string[] {
  const parsed = parseWorkflow({ name: "ci.yml", content }, new NoOperationTraceWriter());
  return parsed.context.errors.getErrors().map((e) => e.message);
}
