// Jest runs TypeScript through SWC (fast, no type-check); `npm run typecheck` checks types separately.
// Three projects: pure unit tests, component/e2e tests that need the real Temporal server and
// PostgreSQL (started once per run by the shared global setup), and browser tests of the dashboard.
// jose 6 ships only as an ES module; Jest on Node 20 must transform it to CommonJS.
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
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
      transformIgnorePatterns,
    },
    {
      displayName: 'component',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/component'],
      testMatch: ['**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The dashboard in Debian's Chromium (playwright-core, no browser download). Same global setup
      // path as the component project, so one run starts the shared servers once.
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 120_000,
  // The embedded PostgreSQL (PGlite) serves one connection at a time, so without DATABASE_URL the
  // test files run one after another.
  ...(process.env.DATABASE_URL ? {} : { maxWorkers: 1 }),
};
