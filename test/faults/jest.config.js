// `npm run test:faults`: the fault tests, kept out of `npm test` because each file starts servers of
// its own and waits through real outages (a 30 s database stop, Temporal's 30 s activity timeout).
// One file at a time: the processes they kill and the timings they measure must not compete.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  displayName: 'faults',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  },
  // jose 6 ships only as an ES module; Jest on Node 20 must transform it to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/faults/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/support/global-teardown.ts',
  testTimeout: 240_000,
  maxWorkers: 1,
};
