// ESLint for the widgets' browser code (workshop_kit/widgets/*.js, loaded by anywidget
// as ES modules). Run by `make lint`.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: [".venv/", "node_modules/", "benchmarks/results/"] },
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
  },
];
