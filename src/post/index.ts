/** src/post: what runs after the commit (install, git), as tasks. */
export { PACKAGE_MANAGERS, detectPackageManager, formatCommand, installCommand, shellQuote } from "./package-manager.ts";
export type { Command, PackageManager } from "./package-manager.ts";
export { gitInitTask, installTask, runTasks } from "./tasks.ts";
export type { PostTask, RunTasksHooks, TaskContext, TaskResult, TaskSkipped } from "./tasks.ts";
