/**
 * `npm run test:unit`: the fast part of the suite. No end-to-end tests (they spawn the built CLI and
 * build, install and serve generated projects) and no http-specs build of generated projects.
 */
import base from "./jest.config.js";

export default {
  ...base,
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, "/test/e2e/", "/test/http-specs\\.test\\.ts$"],
};
