// Lint rules: typescript-eslint's recommended type-checked rules (no floating promises, no misused
// promises, no unnecessary assertions, …), type-only imports written as such, and no Node built-ins
// in workflow or domain code (they run in Temporal's deterministic sandbox). The import boundaries
// between folders are checked by dependency-cruiser (.dependency-cruiser.cjs), also in `npm run lint`.
const tseslint = require('typescript-eslint');

const nodeBuiltins = require('node:module').builtinModules.filter((m) => !m.startsWith('_'));
const forbidNode = {
  patterns: [{ group: ['node:*'], message: 'Workflow and domain code runs in the Temporal sandbox: no Node built-ins.' }],
  paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow and domain code runs in the Temporal sandbox: no Node built-ins.' })),
};

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'generated/**',
      '.tools/**',
      '.data/**',
      'dist/**',
      'web/dist/**',
      'test-artifacts/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `_name` marks a value deliberately left unused (a destructured field dropped from a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Async functions that do not await are how an interface that returns a promise is implemented
      // (payload codecs, Express handlers); requiring an await there would only add noise.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON answers (typed `any` by supertest and fetch) field by field; the no-unsafe-*
    // rules guard production code against untyped data and only add casts there.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The web app's API types spell out the known values of open string fields ('open' | 'resolved' |
    // string) as documentation, and React components destructure callback props (onDone, onCancel),
    // which the unbound-method rule mistakes for detached methods.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', forbidNode] },
  },
);
