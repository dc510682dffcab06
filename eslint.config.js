// Lint rules that guard correctness: no floating promises anywhere (a dropped promise in a workflow
// or handler hides failures), and no Node built-ins in workflow or domain code (they run in
// Temporal's deterministic sandbox).
const tseslint = require('typescript-eslint');

const nodeBuiltins = require('node:module').builtinModules.filter((m) => !m.startsWith('_'));
const forbidNode = {
  patterns: [{ group: ['node:*'], message: 'Workflow and domain code runs in the Temporal sandbox: no Node built-ins.' }],
  paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow and domain code runs in the Temporal sandbox: no Node built-ins.' })),
};

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'generated/**', '.tools/**', '.data/**', 'dist/**', 'test-artifacts/**', 'api/public/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    ignores: ['domain/policy-file.ts'],
    rules: { 'no-restricted-imports': ['error', forbidNode] },
  },
);
