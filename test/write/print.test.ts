import { describe, expect, it } from "@jest/globals";
import { formatPlan, planToJson } from "../../src/write/print.ts";
import type { Plan } from "../../src/write/plan.ts";

const plan: Plan = {
  target: "/tmp/my-api",
  isNewProject: false,
  entries: [
    { path: "package.json", action: "conflict", owner: "generated", reason: "changed since it was generated" },
    { path: "README.md", action: "identical", owner: "generated" },
    { path: "src/generated/routes.ts", action: "overwrite", owner: "generated", reason: "unchanged since it was generated" },
    { path: "src/generated/new.ts", action: "create", owner: "generated" },
    { path: "src/handlers/pets.ts", action: "keep", owner: "user", reason: "your file: created once, never overwritten" },
  ],
};

describe("formatPlan", () => {
  it("prints one line per file and a summary, without colour codes when asked", () => {
    const text = formatPlan(plan, { color: false });
    expect(text).not.toContain("\x1b[");
    const lines = text.split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^\s+conflict\s+package\.json\s+\(changed since it was generated\)$/);
    expect(lines[3]).toMatch(/^\s+create\s+src\/generated\/new\.ts$/);
    expect(lines[5]).toBe("5 files: 1 create, 1 overwrite, 1 conflict, 1 keep, 1 identical");
  });

  it("colours the action words when asked, and only them", () => {
    const text = formatPlan(plan, { color: true });
    expect(text).toContain("\x1b[31mconflict ");
    expect(text).toContain("\x1b[32mcreate ");
    expect(text.replace(/\x1b\[\d+m/g, "")).toBe(formatPlan(plan, { color: false }));
  });

  it("summarises an empty plan", () => {
    expect(formatPlan({ ...plan, entries: [] }, { color: false })).toBe("0 files");
  });
});

describe("planToJson", () => {
  it("is plain data with a per-action summary", () => {
    const json = planToJson(plan);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.summary).toEqual({ create: 1, overwrite: 1, merge: 0, "merge-conflict": 0, remove: 0, conflict: 1, keep: 1, identical: 1 });
    expect(json.files[0]).toEqual(plan.entries[0]);
    expect(json.files[0]).not.toBe(plan.entries[0]);
  });
});
