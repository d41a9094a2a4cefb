// ESLint 9 flat config: typescript-eslint recommended everywhere, React hooks
// rules for the mini-program, Node globals for configs and scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const BOUNDARY_MESSAGE = "another module's model is private to it: call that module's service (the member document: members/slices.ts)";
/** `../members/model`, `../../insight/campaign-model` from inside a domain folder */
const MODEL_OF_ANOTHER_DOMAIN = { regex: '^(\\.\\./)+[^./][^/]*/([^/]+/)*([^/]*-)?model(\\.ts)?$', message: BOUNDARY_MESSAGE };
/** `./members/model` from services.ts, app.ts, jobs.ts */
const MODEL_FROM_ROOT = { regex: '^\\./[^/]+/([^/]*-)?model(\\.ts)?$', message: BOUNDARY_MESSAGE };

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'miniapp/.swc/**',
      'miniapp/.temp/**',
      '.data/**',
      '.test-results/**',
      'coverage/**',
      'server/engine/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['server/**/*.ts', 'shared/**/*.ts', 'tests/**/*.ts', 'tests/**/*.tsx', '*.js', '*.mjs', 'miniapp/config/**', 'miniapp/scripts/**', 'miniapp/babel.config.js', '.ci/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['tests/**/*.ts', 'tests/**/*.tsx'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}', 'tests/miniapp/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      globals: { ...globals.browser, API_BASE: 'readonly', defineAppConfig: 'readonly', definePageConfig: 'readonly' },
    },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The operator console runs in the browser (Vite build).
    files: ['server/console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // Module boundary (issue #12): a domain's model.ts is private to its folder; other domains call its service.
  {
    files: ['server/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [MODEL_OF_ANOTHER_DOMAIN] }] },
  },
  {
    files: ['server/src/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [MODEL_OF_ANOTHER_DOMAIN, MODEL_FROM_ROOT] }] },
  },
  {
    // The exception: seeding and command-line tools write demo data and audit any database directly.
    files: ['server/src/seed/**', 'server/src/cli/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
