/**
 * Requests the server cannot frame, over raw keep-alive connections (node:net) to a generated
 * project: a URL or headers too large (431), a body over the limit (413), a request that is not
 * HTTP (400). Each answer is whole, says `Connection: close`, and is followed by the server closing
 * the connection cleanly (a FIN, no reset even while the client is still sending), so a keep-alive
 * client reads it and takes a new connection for its next request. An ordinary request keeps the
 * connection open.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { linkNodeModules, sharedNodeModules } from "../helpers/generated-deps.ts";
import { run, runCli, specs, startServer, tempDir } from "./cli-helpers.ts";

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What came back on one connection: each whole answer, whether the server ended it, and any socket error. */
interface Exchange {
  answers: Answer[];
  endedByServer: boolean;
  error?: string;
}

/** Every whole HTTP answer at the start of `data` (framed by Content-Length), and what is left over. */
function parseAnswers(data: Buffer): { answers: Answer[]; rest: Buffer } {
  const answers: Answer[] = [];
  for (;;) {
    const end = data.indexOf("\r\n\r\n");
    if (end < 0) break;
    const [statusLine, ...lines] = data.subarray(0, end).toString("latin1").split("\r\n");
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
    );
    const length = Number(headers["content-length"] ?? 0);
    if (data.length < end + 4 + length) break;
    answers.push({ status: Number(statusLine.split(" ")[1]), headers, body: data.subarray(end + 4, end + 4 + length).toString() });
    data = data.subarray(end + 4 + length);
  }
  return { answers, rest: data };
}

/**
 * Sends each request on one connection, the next once the previous one's answer is whole, and
 * waits until the connection closes (or, after the last answer, closes it itself after `idleMs`).
 */
function exchange(port: number, requests: (string | Buffer)[], idleMs = 300): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const answers: Answer[] = [];
    let pending: Buffer = Buffer.alloc(0);
    let endedByServer = false;
    let error: string | undefined;
    let sent = 0;
    let idle: NodeJS.Timeout | undefined;
    const next = () => {
      if (sent < requests.length) socket.write(requests[sent++]);
      else idle = setTimeout(() => socket.destroy(), idleMs);
    };
    socket.on("data", (chunk) => {
      const parsed = parseAnswers(Buffer.concat([pending, chunk]));
      pending = parsed.rest;
      for (const answer of parsed.answers) {
        answers.push(answer);
        if (answers.length === sent) next();
      }
    });
    socket.on("end", () => (endedByServer = true));
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on("close", () => {
      clearTimeout(idle);
      resolve({ answers, endedByServer, error });
    });
    const deadline = setTimeout(() => socket.destroy(), 10_000);
    socket.once("close", () => clearTimeout(deadline));
    next();
  });
}

const get = (target: string, extra = "") => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;

let work: string;
let server: Awaited<ReturnType<typeof startServer>>;
let port: number;

beforeAll(async () => {
  work = tempDir("connection-close");
  await sharedNodeModules();
  const project = path.join(work, "petstore");
  expect(runCli([project, "--spec", specs.petstore, "--db", "none", "--yes", "--no-install", "--no-git"], { cwd: work }).code).toBe(0);
  await linkNodeModules(project);
  const build = run("npm", ["run", "build"], project);
  expect(build.stdout + build.stderr).not.toMatch(/error TS/);
  server = await startServer(project);
  port = Number(new URL(server.url).port);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The answer was whole and said close; the server then ended the connection without a reset. */
function expectClosed(result: Exchange, status: number): void {
  expect(result.error).toBeUndefined();
  expect(result.answers.map((a) => [a.status, a.headers.connection])).toEqual([[status, "close"]]);
  // In the spec's error model (petstore's ApiError: code and message).
  expect(Object.keys(JSON.parse(result.answers[0].body)).sort()).toEqual(["code", "message"]);
  expect(result.endedByServer).toBe(true);
}

describe("answers the server cannot carry on a connection", () => {
  it("an ordinary request keeps the connection: a second one on it is answered", async () => {
    const result = await exchange(port, [get("/healthz"), get("/pets")]);
    expect(result.error).toBeUndefined();
    expect(result.answers.map((a) => [a.status, a.headers.connection])).toEqual([
      [200, "keep-alive"],
      [200, "keep-alive"],
    ]);
    expect(result.endedByServer).toBe(false);
  });

  it("a 20 kB URL: 431 with Connection: close, then the connection ends; the next connection is answered", async () => {
    const result = await exchange(port, [get(`/pets?species=${"a".repeat(20_000)}`), get("/healthz")]);
    expectClosed(result, 431);
    expect((await exchange(port, [get("/healthz")])).answers.map((a) => a.status)).toEqual([200]);
  });

  it("a megabyte of headers: 431, whole, though the client is still sending when it is answered", async () => {
    const result = await exchange(port, [get("/healthz", `X-Big: ${"b".repeat(1_000_000)}\r\n`)]);
    expectClosed(result, 431);
  });

  it("a body over the limit: 413 with Connection: close, whole while the client still sends 16 MB; the next connection is answered", async () => {
    const body = JSON.stringify({ name: "x".repeat(16 * 1024 * 1024) });
    const post = `POST /pets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    expectClosed(await exchange(port, [post, get("/healthz")]), 413);
    const chunked = `POST /pets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    expectClosed(await exchange(port, [chunked]), 413);
    expect((await exchange(port, [get("/healthz")])).answers.map((a) => a.status)).toEqual([200]);
  });

  it("a request that is not HTTP (a header line without a colon): 400 with Connection: close", async () => {
    expectClosed(await exchange(port, [get("/healthz", "Not a header\r\n"), get("/healthz")]), 400);
  });

  it("bad JSON is framed fine: its 400 is in the spec's error model", async () => {
    const post = `POST /pets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{bad}`;
    const result = await exchange(port, [post]);
    expect(result.error).toBeUndefined();
    expect(result.answers.map((a) => a.status)).toEqual([400]);
    expect(Object.keys(JSON.parse(result.answers[0].body)).sort()).toEqual(["code", "message"]);
  });
});
