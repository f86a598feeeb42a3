import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StackError } from "../../src/diagnostics.ts";
import { readAnswersFile } from "../../src/questions/answers-file.ts";
import { questions } from "./fixtures.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "answers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function failure(path: string): StackError {
  try {
    readAnswersFile(path, questions());
  } catch (error) {
    if (error instanceof StackError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be rejected`);
}

describe("readAnswersFile", () => {
  it("reads JSON answers", () => {
    const path = file(
      "a.json",
      JSON.stringify({ name: "shop", db: "postgres", deploy: ["docker", "kubernetes"], port: 8080, install: false }),
    );
    expect(readAnswersFile(path, questions())).toEqual({
      name: "shop",
      db: "postgres",
      deploy: ["docker", "kubernetes"],
      port: 8080,
      install: false,
    });
  });

  it("reads YAML answers (.yaml and .yml), accepting flag spellings as keys", () => {
    const text = "name: shop\npm: bun\ndb: mysql\ndeploy:\n  - kubernetes\ngit: false\n";
    const expected = { name: "shop", packageManager: "bun", db: "mysql", deploy: ["kubernetes"], git: false };
    expect(readAnswersFile(file("a.yaml", text), questions())).toEqual(expected);
    expect(readAnswersFile(file("a.yml", text), questions())).toEqual(expected);
  });

  it("names the file and an unknown key, with a suggestion and the known keys", () => {
    const path = file("typo.json", JSON.stringify({ databse: "postgres" }));
    const error = failure(path);
    expect(error.code).toBe("answers-file-invalid");
    expect(error.message).toContain(path);
    expect(error.message).toContain('unknown key "databse"');
    expect(error.message).toContain("Known keys: name, spec, target, packageManager, install, git, port, db, dbUrl, deploy");
    expect(failure(file("typo2.yaml", "packageManger: npm\n")).message).toContain('Did you mean "packageManager"?');
  });

  it("names the file, the key and the allowed values for a value not in the choices", () => {
    const path = file("bad.yaml", "db: oracle\n");
    const error = failure(path);
    expect(error.code).toBe("answers-file-invalid");
    expect(error.message).toBe(`Answers file ${path}: "db" must be one of: sqlite, postgres, mysql, none (got "oracle")`);
  });

  it("rejects wrong types", () => {
    expect(failure(file("t1.json", '{"install": "yes"}')).message).toContain('"install" must be true or false (got "yes")');
    expect(failure(file("t2.json", '{"port": "80"}')).message).toContain('"port" must be a whole number (got "80")');
    expect(failure(file("t3.json", '{"deploy": "docker"}')).message).toContain(
      '"deploy" must be a list of: docker, kubernetes (got "docker")',
    );
    expect(failure(file("t4.json", '{"name": 7}')).message).toContain('"name" must be text (got 7)');
    expect(failure(file("t5.json", '{"name": "Shop"}')).message).toContain('"name": "Shop" must be lowercase');
  });

  it("says when the file is missing, unreadable as its format, or not an object", () => {
    const missing = join(dir, "nope.json");
    expect(failure(missing).message).toBe(`Cannot read answers file ${missing}: no such file`);
    expect(failure(file("broken.json", "{")).message).toMatch(/is not valid JSON/);
    expect(failure(file("broken.yaml", "a: [")).message).toMatch(/is not valid YAML/);
    expect(failure(file("list.yaml", "- a\n")).message).toMatch(/must hold an object of answers/);
    expect(failure(file("answers.txt", "")).message).toMatch(/must end in .json, .yaml or .yml/);
  });
});
