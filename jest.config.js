/** Jest in ESM mode: TypeSpec, node-plop, execa and inquirer are ESM-only (see MACHINE.md). */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2023" }, module: { type: "es6" } }],
  },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/test/fixtures/"],
  // The generated projects' shared node_modules (test/helpers/generated-deps.ts) are not ours to index.
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.cache/"],
  testTimeout: 120000,
};
