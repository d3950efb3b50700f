// @ts-check
// ESLint (flat config) with typescript-eslint's typed rules: the ones that catch real bugs
// (a promise nobody awaits, a value nobody uses, `any` leaking through, loose equality, a case
// falling through), all errors. `npm run lint` runs it after `tsc` (src/, __tests__/) and
// `tsc -p tsconfig.scripts.json` (scripts/). Style is not linted here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** @type {import('eslint').Linter.RulesRecord} */
const bugRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/no-explicit-any': 'error',
  '@typescript-eslint/no-unsafe-assignment': 'error',
  '@typescript-eslint/no-unsafe-call': 'error',
  '@typescript-eslint/no-unsafe-member-access': 'error',
  '@typescript-eslint/no-unsafe-return': 'error',
  '@typescript-eslint/no-unsafe-argument': 'error',
  'no-unused-vars': 'off',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
  eqeqeq: ['error', 'always'],
  'no-fallthrough': 'error',
  'prefer-const': 'error',
  // Rejecting control characters in inputs and keys is the point of those patterns.
  'no-control-regex': 'off',
  // tsc reports undefined names with types (and knows Node's globals); the JS rule does not.
  'no-undef': 'off',
  // Not enabled: require-await. Every async function without an await here implements an async
  // interface (the fake store, test doubles), where `async` turns a throw into a rejection.
};

export default tseslint.config(
  {
    // Generated (scripts/gen-templates.mjs), bundled, downloaded, or test inputs (__fixtures__/
    // holds a built vitest report and sample sources): not code anyone maintains here.
    ignores: ['dist/', 'src/report/templates.generated.ts', 'node_modules/', 'coverage/', '.cache/', '__fixtures__/'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { ...bugRules, 'no-redeclare': 'off' },
  },
  {
    // The typed scripts (// @ts-check), with the program tsconfig.scripts.json describes.
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { project: './tsconfig.scripts.json', tsconfigRootDir: import.meta.dirname } },
    rules: bugRules,
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching, ...) are typed `any` by
    // design, so putting one inside an expected object is an "unsafe assignment" that is not.
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
