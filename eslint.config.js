// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information so it stays fast; `tsc --noEmit` does the type checking.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Build output, caches, generated projects, and Handlebars templates (not JavaScript).
    ignores: ["dist/", "coverage/", ".cache/", "my-api/", "templates/", "test/fixtures/"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // `_` marks a parameter kept for its position.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Tests read parsed YAML, JSON and Kubernetes objects whose shape is what is being checked, and
    // match terminal escapes on purpose.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "no-control-regex": "off" },
  },
);
