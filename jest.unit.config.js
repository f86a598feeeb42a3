/**
 * `npm run test:unit`: the fast loop, under a minute. Nothing here installs, builds, type-checks or
 * serves a generated project; those suites have scripts of their own (package.json: test:projects,
 * test:fuzz, test:e2e) and all of them run in `npm test`. A new test that builds generated projects
 * belongs in one of the folders or files below.
 */
import base from "./jest.config.js";

/** Suites that build generated projects: the end-to-end tests, the spec fuzz, the corpus, http-specs and CRUD wiring. */
export const PROJECT_SUITES = [
  "/test/e2e/",
  "/test/fuzz/",
  "/test/corpus\\.test\\.ts$",
  "/test/http-specs\\.test\\.ts$",
  "/test/codegen/crud-wiring\\.test\\.ts$",
];

export default {
  ...base,
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, ...PROJECT_SUITES],
};
