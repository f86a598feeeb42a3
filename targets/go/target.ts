/** The Go target: net/http on Go 1.24+. Its layers are targets/go/generators/. */
import type { Target } from "../target.ts";
import { commandTask } from "../../src/post/tasks.ts";
import { goRuntime } from "./runtime.ts";

export const go: Target = {
  name: "go",
  label: "Go (preview): net/http, SQLite/PostgreSQL/MySQL, auth, metrics, Docker, CI; no events, cache or /docs yet",
  packageManager: false,
  install: () => commandTask("Downloading Go modules", { command: "go", args: ["mod", "download"] }),
  // go run builds once: dev restarts it when a Go file is saved (a regeneration writes some too).
  dev: () => ({ command: "go", args: ["run", "./cmd/server"], restartOn: { folders: ["cmd", "internal"], extension: ".go" } }),
  nextSteps: (input) => [
    { command: "go test ./...", note: "calls every route on a real server (httptest)" },
    { command: "go run ./cmd/server", note: `serves http://127.0.0.1:${input.port}` },
  ],
  runtime: goRuntime,
};
