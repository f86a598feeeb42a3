/**
 * schemathesis (PyPI), the OpenAPI fuzzer nobody here wrote, run against a generated server from
 * the project's own docs/openapi.yaml: its JSON run report gives the document violations it found,
 * its HAR file every request it sent and what the server answered.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const VENV = process.env.TSS_SCHEMATHESIS_VENV ?? join(repo, ".cache", "schemathesis");
export const INSTALL_COMMAND = "bash test/fuzz/install-schemathesis.sh";

/** The `st` command, or an error that says how to install it. */
export function schemathesisCommand(): string {
  const st = join(VENV, "bin", "st");
  if (!existsSync(st)) throw new Error(`schemathesis is not installed in ${VENV}: run \`${INSTALL_COMMAND}\` (.ci/run does).`);
  return st;
}

export interface HarEntry {
  request: { method: string; url: string; postData?: { text?: string } };
  response: { status: number; content?: { text?: string; encoding?: string } };
}

export interface FuzzRun {
  /** Test cases schemathesis generated and sent. */
  cases: number;
  /** One line per unique failure of a check against the document (`code title: METHOD path`). */
  violations: string[];
  /** schemathesis' own errors (network, schema it could not use). */
  errors: string[];
  entries: HarEntry[];
  /** What st printed, for the message of a failing test. */
  output: string;
  /** st's FAILURES and ERRORS sections (each with its request to reproduce), empty when there are none. */
  details: string;
  exitCode: number;
}

interface JsonReport {
  test_cases?: { generated?: number };
  failures?: unknown[];
  errors?: unknown[];
}

const describe = (item: unknown): string => {
  if (typeof item !== "object" || item === null) return String(item);
  const record = item as Record<string, unknown>;
  const named = ["code", "title", "label", "operation", "message"].map((k) => record[k]).filter((v) => typeof v === "string");
  const operations = Array.isArray(record.operations) ? `: ${record.operations.join(", ")}` : "";
  return named.length > 0 ? `${named.join(" ")}${operations}` : JSON.stringify(item).slice(0, 400);
};

/**
 * Runs `st run` with every check except not_a_server_error (the caller counts 5xx itself from the
 * HAR, so a declared 501 from an unwritten handler is not one), reproducibly (`seed`, one worker:
 * its threads crash hypothesis' lambda parser on Python 3.11).
 */
export function runSchemathesis(options: {
  document: string;
  url: string;
  reportDir: string;
  headers?: Record<string, string>;
  maxExamples: number;
  seed: number;
}): Promise<FuzzRun> {
  const json = join(options.reportDir, "report.json");
  const har = join(options.reportDir, "report.har");
  const args = [
    "run",
    options.document,
    "--url",
    options.url,
    "--checks",
    "all",
    "--exclude-checks",
    "not_a_server_error",
    "--max-examples",
    String(options.maxExamples),
    "--seed",
    String(options.seed),
    "--workers",
    "1",
    "--request-timeout",
    "15",
    "--no-color",
    "--report",
    "json,har",
    "--report-json-path",
    json,
    "--report-har-path",
    har,
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
  ];
  return new Promise((resolve, reject) => {
    // In the report folder: st keeps a cache of past failures (.schemathesis/) in its working
    // folder and replays them, which would make one run depend on the ones before.
    execFile(
      schemathesisCommand(),
      args,
      { cwd: options.reportDir, maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60 * 1000 },
      async (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        try {
          const report = JSON.parse(await readFile(json, "utf8")) as JsonReport;
          const entries = (JSON.parse(await readFile(har, "utf8")) as { log: { entries: HarEntry[] } }).log.entries;
          resolve({
            cases: report.test_cases?.generated ?? 0,
            violations: (report.failures ?? []).map(describe),
            errors: (report.errors ?? []).map(describe),
            entries,
            output: `${stdout}${stderr}`,
            details: /={5,} (?:FAILURES|ERRORS) ={5,}[\s\S]*?(?=={5,} SUMMARY)/.exec(stdout)?.[0] ?? "",
            exitCode,
          });
        } catch (cause) {
          reject(new Error(`schemathesis wrote no report (exit ${exitCode}):\n${stdout}${stderr}`, { cause }));
        }
      },
    );
  });
}

const isWrite = (method: string) => method === "POST" || method === "PUT" || method === "PATCH";

/** Every scalar in a JSON text, as text: the keys a write's answer gave out. */
function scalarsOf(text: string | undefined, out: Set<string>): void {
  if (text === undefined) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return;
  }
  const walk = (node: unknown): void => {
    if (typeof node === "string" || typeof node === "number") out.add(String(node));
    else if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === "object" && node !== null) Object.values(node).forEach(walk);
  };
  walk(value);
}

/**
 * The values a successful write gave out: every scalar of a 2xx write's answer, and the path
 * segments of a 2xx write's URL (a PUT that creates the row under a key the client chose).
 */
export function keysGivenOut(entries: HarEntry[]): Set<string> {
  const out = new Set<string>();
  for (const { request, response } of entries) {
    if (!isWrite(request.method) || response.status < 200 || response.status > 299) continue;
    if (response.content?.encoding !== "base64") scalarsOf(response.content?.text, out);
    for (const segment of new URL(request.url).pathname.split("/")) if (segment !== "") out.add(decodeURIComponent(segment));
  }
  return out;
}

/** A stored row, by its table and primary-key values (as the database prints them). */
export interface StoredRow {
  table: string;
  key: string[];
}

/**
 * Rows no successful write accounts for: a row whose primary key no 2xx write gave out was stored by
 * a request the server refused or failed (or by no request at all).
 */
export function rowsLeftBehind(rows: StoredRow[], entries: HarEntry[]): StoredRow[] {
  const given = keysGivenOut(entries);
  return rows.filter((row) => row.key.some((value) => !given.has(value)));
}
