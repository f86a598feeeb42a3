/**
 * What a handler stub shows in comments (issue 22): a use of each repository with a method that
 * exists and a key of its type. The rendered stub compiling with the lines uncommented is checked
 * on a generated project by test/e2e/runtime.test.ts.
 */
import { describe, expect, it } from "@jest/globals";
import path from "node:path";
import { scaffold } from "../../src/index.ts";
import { repositoryExamples } from "../../src/codegen/repository-examples.ts";
import { BOOKSTORE } from "../spec/tmp-spec.ts";

describe("repositoryExamples", () => {
  it("a get by key for each repository, then one list with its query's shape", () => {
    expect(
      repositoryExamples([
        { model: "Book", repoKey: "book", missingKey: "no-such-Book" },
        { model: "Order", repoKey: "order", missingKey: 987654 },
      ]),
    ).toEqual([
      'const book = await repos.book.get("no-such-Book");',
      "const order = await repos.order.get(987654);",
      "const { items, total } = await repos.book.list({ filters: {}, limit: 10 });",
    ]);
  });

  it("never redeclares the stub's parameters or a reserved word, and reaches a quoted key with []", () => {
    expect(
      repositoryExamples([
        { model: "Input", repoKey: "input", missingKey: 0 },
        { model: "Delete", repoKey: "delete", missingKey: 0 },
        { model: "Items", repoKey: "items", missingKey: 0 },
        { model: "Odd-Name", repoKey: '"odd-name"', missingKey: 0 },
      ]),
    ).toEqual([
      "const input2 = await repos.input.get(0);",
      "const delete_ = await repos.delete.get(0);",
      "const items2 = await repos.items.get(0);",
      'const oddName = await repos["odd-name"].get(0);',
      "const { items, total } = await repos.input.list({ filters: {}, limit: 10 });",
    ]);
  });

  it("nothing when the spec has no resources", () => {
    expect(repositoryExamples([])).toEqual([]);
  });
});

describe("the rendered handler stub", () => {
  it("shows the examples, commented, in each operation left to write", async () => {
    const { tree } = await scaffold({
      target: path.join("/tmp", "cts-stub-probe"),
      answers: { name: "p", spec: BOOKSTORE, install: false, git: false, port: 3000 },
      dryRun: true,
    });
    const stub = String(tree.get("src/handlers/books.ts")?.content ?? "");
    expect(stub).toContain(
      [
        "    async restock(input, ctx) {",
        '      ctx.log.debug({ input }, "restock called");',
        "      // The rows are in the repositories (list, get, create, replace, patch, delete: see",
        "      // src/generated/repository.ts). For example, with keys of your own:",
        '      // const author = await repos.author.get("no-such-Author");',
        '      // const book = await repos.book.get("no-such-Book");',
        "      // const { items, total } = await repos.author.list({ filters: {}, limit: 10 });",
        '      throw notImplemented("src/handlers/books.ts", "restock");',
      ].join("\n"),
    );
  });
});
