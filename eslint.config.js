// Lint rules, including the layer rules of DESIGN.md ("what may import what"):
// they are errors so CI keeps the architecture, not a reviewer's memory.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import importX from "eslint-plugin-import-x";
import globals from "globals";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

/** `no-restricted-imports` patterns for a layer that must not reach the named folders. */
function forbid(folders, message) {
  return {
    "no-restricted-imports": [
      "error",
      {
        patterns: folders.map((folder) => ({
          group: [`~/${folder}`, `~/${folder}/**`, `**/app/${folder}`, `**/app/${folder}/**`],
          message,
        })),
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "data/",
      "app/generated/",
      "public/",
      "test-results/",
      "playwright-report/",
      ".cache/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      // Sanitizers (the Tiptap validator, search input, titles) must name control characters.
      "no-control-regex": "off",
      "no-misleading-character-class": ["error", { allowEscape: true }],
      "no-empty": ["error", { allowEmptyCatch: true }],
      "import-x/no-self-import": "error",
      "import-x/no-duplicates": "error",
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // autoFocus is used only in forms the member has just opened with a click (reply, edit,
      // report), where moving focus into the new form is what a keyboard user expects.
      "jsx-a11y/no-autofocus": "off",
    },
  },
  // Layers (DESIGN.md): shared code never reaches into routes or the root module.
  {
    files: ["app/components/**", "app/utils/**", "app/i18n/**", "app/editor/**", "app/auth/**", "app/mail/**"],
    rules: forbid(
      ["routes", "root.tsx", "root", "features"],
      "Shared code must not import routes, root or features; move what both need out of routes/.",
    ),
  },
  {
    // Feature modules (app/features): UI and glue that several routes share.
    files: ["app/features/**"],
    rules: forbid(["routes", "root.tsx", "root"], "A feature module must not import routes or root."),
  },
  {
    files: ["app/models/**", "app/jobs/**"],
    rules: forbid(
      ["routes", "root.tsx", "root", "components"],
      "Models and jobs are below the UI: no routes, root or components.",
    ),
  },
  {
    // The search port knows nothing of cases, comments or the UI.
    files: ["app/search/**"],
    rules: forbid(
      ["routes", "root.tsx", "root", "components", "models", "jobs", "auth", "editor"],
      "app/search is domain-free: it may import app/utils only.",
    ),
  },
  {
    // A route imports its own folder (./x) and shared modules, never another route's folder.
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/routes/**", "../*", "../*/**", "!../../**"],
              message:
                "A route must not import another route's folder: move shared code to models/, components/ or utils/.",
            },
          ],
        },
      ],
    },
  },
  {
    // Every posted body is read by readForm (app/utils/form-body.server.ts, ADR 017),
    // which checks it against the form's schema before anything is parsed.
    files: ["app/routes/**", "app/features/**", "app/models/**", "app/auth/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.object.name='request'][callee.property.name=/^(formData|json|text|arrayBuffer|blob)$/]",
          message:
            "Read posted forms with readForm(request, schema) from ~/utils/form-body.server.ts: it refuses unknown fields, huge array indexes and wrong content types before parsing.",
        },
      ],
    },
  },
  {
    // No import circles among the app's own modules (DESIGN.md).
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts"],
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    files: ["**/*.test.{ts,tsx}", "tests/**"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
);
