/** src/write: the only code that touches the target folder's disk. */
export { FileTree, normalizeTreePath, comparePaths } from "./tree.ts";
export type { AddOptions, FileContent, FileOwner, TreeFile } from "./tree.ts";
export { MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, buildManifest, hashContent, readManifest } from "./manifest.ts";
export type { Manifest, ManifestMeta } from "./manifest.ts";
export { checkTarget, planWrite } from "./plan.ts";
export type { Plan, PlanAction, PlanEntry, PlanOptions } from "./plan.ts";
export { commitPlan } from "./commit.ts";
export type { CommitOptions, CommitResult } from "./commit.ts";
export { ACTIONS, countActions, formatPlan, planToJson } from "./print.ts";
export type { PlanJson } from "./print.ts";
