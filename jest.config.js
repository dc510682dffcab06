// Jest runs TypeScript through SWC (fast, no type-check); `npm run typecheck` checks types separately.
// Two projects: pure unit tests, and component/e2e tests that need the real Temporal server and
// PostgreSQL (started once per run by the component project's global setup).
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform,
    },
    {
      displayName: 'component',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/component'],
      testMatch: ['**/*.test.ts'],
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 120_000,
};
