/**
 * Handler files are the user's: created once, never rewritten. When the spec gains an operation,
 * its handler is missing there (the route answers 501 until it is written); when the spec loses
 * one, the file still implements it. Both keep compiling (see HandlerSet in the generated
 * runtime); this module says, after an update, what the user should write or delete.
 * It reads the user's file as text: a hint for a message, never a decision about code.
 */
export interface HandlerGroup {
  /** `src/handlers/pets.ts` */
  file: string;
  routes: { handlerKey: string; method: string; path: string; crud: boolean }[];
}

/** Members of the object a handler file returns: `    async feed(`, `    feed(`, `    feed: `. */
const MEMBER = /^ {4}(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?:\(|:)/gm;

export function handlerNotices(groups: HandlerGroup[], readFile: (path: string) => string | undefined): string[] {
  const notices: string[] = [];
  for (const group of groups) {
    const text = readFile(group.file);
    if (text === undefined) continue; // written fresh this run, with every handler in it
    const members = new Set([...text.matchAll(MEMBER)].map((m) => m[1]));
    const keys = new Set(group.routes.map((r) => r.handlerKey));
    for (const route of group.routes) {
      if (route.crud || members.has(route.handlerKey)) continue;
      notices.push(
        `${group.file}: write ${route.handlerKey}(input, ctx) for ${route.method} ${route.path}, new in the spec (it answers 501 until you do)`,
      );
    }
    for (const member of members) {
      if (!keys.has(member)) notices.push(`${group.file}: ${member} matches no operation of the spec any more; delete it`);
    }
  }
  return notices;
}

/** A handler file whose whole group the spec dropped: still on disk, still importing generated names. */
export interface RetiredGroup {
  file: string;
  /** Names it imports from ../generated/types.js and ../generated/crud.js, kept so it compiles. */
  types: string[];
  crudFactories: string[];
}

const namesImported = (text: string, from: string) => {
  const pattern = new RegExp(`import\\s+(?:type\\s+)?\\{([^}]*)\\}\\s+from\\s+["']\\.\\./generated/${from}\\.js["']`, "g");
  return [...text.matchAll(pattern)].flatMap((m) =>
    m[1]
      .split(",")
      .map((n) => n.replace(/^\s*type\s+/, "").trim())
      .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)),
  );
};

/**
 * Groups the last generation had (read from its src/generated/handlers.ts) that this one does not,
 * whose handler file the user still has: the names that file imports stay declared (deprecated),
 * so the project keeps building until the user deletes it.
 */
export function retiredGroups(currentFiles: Set<string>, readFile: (path: string) => string | undefined): RetiredGroup[] {
  const aggregator = readFile("src/generated/handlers.ts") ?? "";
  // Current groups are imported there; retired ones are listed in a comment, so they stay known.
  const files = [
    ...[...aggregator.matchAll(/from "\.\.\/handlers\/([\w-]+)\.js"/g)].map((m) => `src/handlers/${m[1]}.ts`),
    ...[...aggregator.matchAll(/^\/\/ retired: (src\/handlers\/[\w-]+\.ts)$/gm)].map((m) => m[1]),
  ];
  const retired: RetiredGroup[] = [];
  for (const file of files) {
    if (currentFiles.has(file)) continue;
    const text = readFile(file);
    if (text === undefined) continue;
    retired.push({ file, types: namesImported(text, "types"), crudFactories: namesImported(text, "crud") });
  }
  return retired;
}
