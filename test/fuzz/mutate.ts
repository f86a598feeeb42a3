/**
 * Realistic mutations of a TypeSpec spec, for the spec fuzz test: the edits a user makes while
 * writing an API (drop, copy or rename a member; change a type or a scalar; add a constraint, odd
 * ones included; make a field optional or nullable; add enums and unions; nest models; change a
 * route; move decorators), driven by a seeded PRNG so a run can be repeated from its seed.
 *
 * Specs are edited as lines, not parsed: the repository's specs keep one member per line, with its
 * decorators and docs on the lines above, which is all these edits need.
 */
import { STD_SCALAR_NAMES } from "../../src/spec/model.ts";

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  readonly next: () => number;
  constructor(next: () => number) {
    this.next = next;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface Block {
  kind: "model" | "interface";
  name: string;
  /** Line of `model X {` and of its closing `}`. */
  start: number;
  end: number;
}

interface Member {
  /** First line of the member (its first decorator or doc line) and the property line itself. */
  first: number;
  line: number;
  name: string;
  optional: boolean;
  type: string;
  indent: string;
}

const PROPERTY = /^(\s+)(`[^`]+`|[A-Za-z_$][\w$]*)(\?)?:\s*(.+?);\s*$/;
const BLOCK_START = /^(?:@\w+(?:\([^)]*\))?\s+)*(model|interface)\s+(`[^`]+`|[A-Za-z_]\w*)\b[^{]*\{\s*$/;

function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = BLOCK_START.exec(lines[i]);
    if (!m) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== "}") end++;
    if (end < lines.length) out.push({ kind: m[1] as Block["kind"], name: m[2], start: i, end });
  }
  return out;
}

/** Single-line properties of a model, each with the decorator and doc lines right above it. */
function members(lines: string[], block: Block): Member[] {
  const out: Member[] = [];
  let first = block.start + 1;
  for (let i = block.start + 1; i < block.end; i++) {
    const text = lines[i].trim();
    if (text === "") {
      first = i + 1;
      continue;
    }
    const m = PROPERTY.exec(lines[i]);
    if (m && !m[4].includes("{") && !m[4].includes("}")) {
      out.push({ first, line: i, name: m[2], optional: m[3] === "?", type: m[4], indent: m[1] });
      first = i + 1;
    } else if (!(text.startsWith("@") || text.startsWith("/**") || text.startsWith("*") || text.startsWith("//"))) {
      first = i + 1; // a multi-line construct: nothing above it belongs to the next member
    }
  }
  return out;
}

// The standard scalars but the two aliases (float, decimal128): the seeded cases were built on this list.
const SCALARS = STD_SCALAR_NAMES.filter((name) => name !== "float" && name !== "decimal128");

const ODD_NAMES = [
  "Name",
  "name",
  "fooBar",
  "foo_bar",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "class",
  "delete",
  "default",
  "type",
  "`odd-name`",
  "`with space`",
  "`123start`",
  "_",
  "$dollar",
  "`naïve`",
  "`über`",
  "x".repeat(120),
  "Promise",
  "id",
  "ID",
];

const ODD_MODEL_NAMES = [
  "pet",
  "Promise",
  "Error",
  "Date",
  "Buffer",
  "Repository",
  "Handlers",
  "Model_With_Underscores",
  "X".repeat(90),
  "`Odd-Model`",
  "Record2",
  "Object",
];

const ODD_OP_NAMES = ["toString", "constructor", "valueOf", "delete", "get", "list2", "`odd-op`", "default", "__proto__"];

const ROUTES = [
  "/v1.0/things",
  "/things-v2",
  "/über/things",
  "/things:search",
  "/a/b/c/d/e/f",
  "/THINGS",
  "/things_and_more",
  "/",
  "/things/",
  "/x".repeat(40),
];

const CONSTRAINTS = [
  "@minLength(0)",
  "@maxLength(1)",
  "@minLength(3)",
  "@maxLength(500)",
  "@minLength(5) @maxLength(2)",
  "@minValue(-1)",
  "@maxValue(0)",
  "@minValue(0.5)",
  "@maxValue(1e300)",
  "@minValue(10) @maxValue(1)",
  "@minValueExclusive(0)",
  "@maxValueExclusive(100)",
  '@pattern("^[a-z]+$")',
  '@pattern("^\\\\d{3}-\\\\d{4}$")',
  '@pattern("^\\\\p{L}+$")',
  '@pattern("(a|b)*c?")',
  '@pattern("[")',
  '@pattern("^[\\\\w-.]+$")',
  '@pattern("")',
  '@format("email")',
  '@format("uuid")',
  '@format("odd-format")',
  "@minItems(1)",
  "@maxItems(0)",
  "@secret",
  '@doc("odd \\"quoted\\" doc with `backticks` and */ a comment end")',
  '@example("sample")',
  "@visibility(Lifecycle.Read)",
  "@visibility(Lifecycle.Create)",
  "@visibility(Lifecycle.Update)",
  "@key",
  "@header",
  "@query",
];

/** Regexes a user might write: ordinary, unusual, and some that do not compile (with the u flag, or at all). */
const PATTERNS = [
  "^[a-z]+$",
  "^\\d{3}-\\d{4}$",
  "^\\p{L}+$",
  "(a|b)*c?",
  "^(?:[A-Z]{2})?[0-9]+$",
  ".*",
  "^$",
  "^\\S+@\\S+$",
  "[",
  "[z-a]",
  "(?<x>a)(?<x>b)",
  "^[\\w-.]+$",
  "(?<=a)b",
  "a{2,1}",
  "\\",
  "(",
  "*a",
];

type Mutation = (lines: string[], dice: Dice, n: number) => string | undefined;

const modelBlocks = (lines: string[]) => blocks(lines).filter((b) => b.kind === "model");
const interfaceBlocks = (lines: string[]) => blocks(lines).filter((b) => b.kind === "interface");

/** A random single-line property of a random model; undefined when the spec has none. */
function someMember(lines: string[], dice: Dice): { block: Block; member: Member; all: Member[] } | undefined {
  const candidates = modelBlocks(lines)
    .map((block) => ({ block, all: members(lines, block) }))
    .filter((c) => c.all.length > 0);
  if (candidates.length === 0) return undefined;
  const { block, all } = dice.pick(candidates);
  return { block, member: dice.pick(all), all };
}

function setType(lines: string[], m: Member, type: string): void {
  lines[m.line] = `${m.indent}${m.name}${m.optional ? "?" : ""}: ${type};`;
}

function someType(lines: string[], dice: Dice): string {
  const models = modelBlocks(lines).map((b) => b.name);
  const scalar = () => dice.pick(SCALARS);
  return dice.pick([
    scalar,
    scalar,
    () => `${scalar()}[]`,
    () => `Record<${scalar()}>`,
    () => `${scalar()} | null`,
    () => `"a" | "b" | "c"`,
    () => `${scalar()} | ${scalar()}`,
    () => `1 | 2 | 3`,
    () => (models.length > 0 ? dice.pick(models) : scalar()),
    () => (models.length > 0 ? `${dice.pick(models)}[]` : scalar()),
    () => `unknown`,
  ])();
}

const mutations: Record<string, Mutation> = {
  dropMember(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    lines.splice(found.member.first, found.member.line - found.member.first + 1);
    return `dropped ${found.block.name}.${found.member.name}`;
  },
  duplicateMember(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    const { member } = found;
    const copyName = dice.pick([`${member.name}Copy`, member.name.toUpperCase(), `${member.name}_`, member.name]);
    const copy = lines.slice(member.first, member.line + 1);
    copy[copy.length - 1] = `${member.indent}${copyName}${member.optional ? "?" : ""}: ${member.type};`;
    lines.splice(member.line + 1, 0, ...copy);
    return `copied ${found.block.name}.${member.name} as ${copyName}`;
  },
  renameMember(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    const name = dice.pick(ODD_NAMES);
    lines[found.member.line] = lines[found.member.line].replace(`${found.member.name}`, name);
    return `renamed ${found.block.name}.${found.member.name} to ${name}`;
  },
  changeType(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    const type = someType(lines, dice);
    setType(lines, found.member, type);
    return `typed ${found.block.name}.${found.member.name} as ${type}`;
  },
  addConstraint(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    const constraint = dice.pick(CONSTRAINTS);
    lines.splice(found.member.line, 0, `${found.member.indent}${constraint}`);
    return `added ${constraint} to ${found.block.name}.${found.member.name}`;
  },
  addPattern(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    const pattern = dice.pick(PATTERNS);
    lines.splice(found.member.line, 0, `${found.member.indent}@pattern(${JSON.stringify(pattern)})`);
    if (dice.chance(0.5)) setType(lines, found.member, "string");
    return `added @pattern(${JSON.stringify(pattern)}) to ${found.block.name}.${found.member.name}`;
  },
  toggleOptional(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    found.member.optional = !found.member.optional;
    setType(lines, found.member, found.member.type);
    return `${found.block.name}.${found.member.name} ${found.member.optional ? "optional" : "required"}`;
  },
  nullable(lines, dice) {
    const found = someMember(lines, dice);
    if (!found || found.member.type.includes("null")) return undefined;
    setType(lines, found.member, `${found.member.type} | null`);
    return `${found.block.name}.${found.member.name} nullable`;
  },
  addEnum(lines, dice, n) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    const body = dice.pick([
      "a, b, c",
      'red: "Red", green: "green value", `odd-member`: "odd"',
      "one: 1, two: 2, three: 3",
      "half: 0.5, whole: 1",
      "`class`, `delete`, constructor, toString",
      "single",
    ]);
    lines.push("", `enum FuzzEnum${n} { ${body} }`);
    setType(lines, found.member, `FuzzEnum${n}`);
    return `typed ${found.block.name}.${found.member.name} as enum { ${body} }`;
  },
  addUnion(lines, dice, n) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    const models = modelBlocks(lines).map((b) => b.name);
    const variants = dice.pick([
      'a: "a", b: "b"',
      "text: string, count: int32",
      models.length >= 2 ? `first: ${models[0]}, second: ${models[1]}` : "text: string, flag: boolean",
      "string, int64, null",
      '"x", "y", string',
    ]);
    lines.push("", `union FuzzUnion${n} { ${variants} }`);
    setType(lines, found.member, `FuzzUnion${n}`);
    return `typed ${found.block.name}.${found.member.name} as union { ${variants} }`;
  },
  nest(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    // Now and then deeper than the compiler's stack: that must stop with spec-too-deep, not crash.
    const depth = dice.chance(0.05) ? 1500 : 1 + dice.int(dice.chance(0.2) ? 60 : 6);
    const key = dice.pick(["inner", "value", "data"]);
    setType(lines, found.member, `${`{ ${key}: `.repeat(depth)}${found.member.type}${" }".repeat(depth)}`);
    return `nested ${found.block.name}.${found.member.name} ${depth} levels deep`;
  },
  oddRoute(lines, dice) {
    const routes = lines.map((l, i) => [l, i] as const).filter(([l]) => /@route\("[^"]*"\)/.test(l));
    if (routes.length === 0) return undefined;
    const [text, i] = dice.pick(routes);
    const route = dice.pick(ROUTES);
    lines[i] = text.replace(/@route\("[^"]*"\)/, `@route("${route}")`);
    return `route ${route}`;
  },
  moveKey(lines, dice) {
    const found = someMember(lines, dice);
    if (!found) return undefined;
    const keyLine = lines.findIndex((l, i) => i > found.block.start && i < found.block.end && l.trim() === "@key");
    const target = dice.pick(found.all);
    if (keyLine >= 0) lines.splice(keyLine, 1);
    if (dice.chance(0.2)) return `removed @key from ${found.block.name}`;
    const line = keyLine >= 0 && keyLine < target.line ? target.line - 1 : target.line;
    lines.splice(line, 0, `${target.indent}@key`);
    return `@key on ${found.block.name}.${target.name}`;
  },
  moveError(lines, dice) {
    const models = modelBlocks(lines);
    if (models.length === 0) return undefined;
    const errorLine = lines.findIndex((l) => l.trim() === "@error");
    const target = dice.pick(models);
    if (errorLine >= 0) lines.splice(errorLine, 1);
    lines.splice(errorLine >= 0 && errorLine < target.start ? target.start - 1 : target.start, 0, "@error");
    return `@error on ${target.name}`;
  },
  renameModel(lines, dice) {
    const models = modelBlocks(lines);
    if (models.length === 0) return undefined;
    const from = dice.pick(models).name;
    const to = dice.pick(ODD_MODEL_NAMES);
    const word = new RegExp(`(?<![\\w.])${from.replace(/[`$]/g, "\\$&")}(?![\\w])`, "g");
    for (let i = 0; i < lines.length; i++) if (!lines[i].trim().startsWith("import")) lines[i] = lines[i].replace(word, to);
    return `renamed model ${from} to ${to}`;
  },
  renameOperation(lines, dice) {
    const ops = lines
      .map((l, i) => [l, i] as const)
      .filter(([l]) => /^\s*(@\w+(\([^)]*\))?\s+)*@(get|post|put|patch|delete|head)\s+\w+\(/.test(l));
    if (ops.length === 0) return undefined;
    const [text, i] = dice.pick(ops);
    const name = dice.pick(ODD_OP_NAMES);
    lines[i] = text.replace(/@(get|post|put|patch|delete|head)\s+(\w+)\(/, `@$1 ${name}(`);
    return `renamed operation to ${name}`;
  },
  addOperation(lines, dice, n) {
    const targets = interfaceBlocks(lines);
    const models = modelBlocks(lines).map((b) => b.name);
    if (targets.length === 0 || models.length === 0) return undefined;
    const block = dice.pick(targets);
    const model = dice.pick(models);
    const op = dice.pick([
      `@get @route("/fuzz${n}") fuzz${n}(@query q?: string, @query limit?: int32, @header("x-odd-${n}") h?: string): ${model}[];`,
      `@post @route("/fuzz${n}/{x}") fuzz${n}(@path x: int64, @body body: ${model}): void;`,
      `@patch(#{ implicitOptionality: true }) @route("/fuzz${n}/{id}") fuzz${n}(@path id: string, @body body: ${model}): ${model};`,
      `@put @route("/fuzz${n}/{id}") fuzz${n}(@path id: uuid, @body body: ${model}[]): { @statusCode _: 202 };`,
      `@get @route("/fuzz${n}/{a}/{b}") fuzz${n}(@path a: int32, @path b: string, @query tags?: string[]): ${model} | { @statusCode _: 404; @body message: string };`,
      `@delete @route("/fuzz${n}") fuzz${n}(@query(#{ explode: true }) ids: int32[]): { @statusCode _: 204 };`,
      `@head @route("/fuzz${n}") fuzz${n}(): void;`,
      `@post @route("/fuzz${n}") fuzz${n}(@body body: Record<${model}>): Record<int32>;`,
      `@get @route("/fuzz${n}") fuzz${n}(@cookie session?: string, @query("odd-name") odd?: boolean): { total: int32; items: ${model}[] };`,
    ]);
    lines.splice(block.end, 0, `  ${op}`);
    return `added to ${block.name}: ${op}`;
  },
  pathParamType(lines, dice) {
    const params = lines.map((l, i) => [l, i] as const).filter(([l]) => /@path\s+\w+:\s*\w+/.test(l));
    if (params.length === 0) return undefined;
    const [text, i] = dice.pick(params);
    const type = dice.pick(["string", "int64", "int8", "uuid", "boolean", "float64", "plainDate", "utcDateTime", "string[]"]);
    lines[i] = text.replace(/(@path\s+\w+:\s*)\w+/, `$1${type}`);
    return `path parameter as ${type}`;
  },
  extendBase(lines, dice, n) {
    const models = modelBlocks(lines).filter((b) => !lines[b.start].includes(" extends ") && !lines[b.start].includes(" is "));
    if (models.length === 0) return undefined;
    const target = dice.pick(models);
    const prop = dice.pick(["createdBy: string;", "version?: int32;", "etag: string;", "meta?: Record<string>;"]);
    lines[target.start] = lines[target.start].replace(/\s*\{\s*$/, ` extends FuzzBase${n} {`);
    lines.push("", `model FuzzBase${n} { ${prop} }`);
    return `${target.name} extends a base with ${prop}`;
  },
  addProperty(lines, dice) {
    const models = modelBlocks(lines);
    if (models.length === 0) return undefined;
    const target = dice.pick(models);
    const name = dice.pick(ODD_NAMES);
    const type = someType(lines, dice);
    const optional = dice.chance(0.5) ? "?" : "";
    lines.splice(target.end, 0, `  ${name}${optional}: ${type};`);
    return `added ${target.name}.${name}${optional}: ${type}`;
  },
};

export const MUTATION_NAMES = Object.keys(mutations);

export interface Mutant {
  text: string;
  /** What was done, in order, for the report. */
  steps: string[];
}

/** 1 to 3 mutations of `text`, chosen by `dice`; mutations that do not apply are skipped. */
export function mutate(text: string, dice: Dice, serial: number): Mutant {
  const lines = text.split("\n");
  const steps: string[] = [];
  const wanted = 1 + dice.int(3);
  for (let tries = 0; steps.length < wanted && tries < 10; tries++) {
    const name = dice.pick(MUTATION_NAMES);
    const step = mutations[name](lines, dice, serial * 10 + steps.length);
    if (step !== undefined) steps.push(`${name}: ${step}`);
  }
  return { text: lines.join("\n"), steps };
}
