// `npm run test:cluster`: tests on a real Temporal cluster (DESIGN.md §13), kept out of `npm test`
// because they run the Temporal server built from its Go module (scripts/build-temporal-server.sh,
// built once into .tools/ by the global setup) as two processes on PostgreSQL, and kill them.
// Needs DATABASE_URL: an administrator's URL of a PostgreSQL server, where each file creates and drops
// databases of its own (named pa_cluster_…). One file at a time: the processes they kill and the
// timings they measure must not compete on a small machine.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  displayName: 'cluster',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  },
  // jose 6 ships only as an ES module; Jest on Node 20 must transform it to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/cluster/support/global-setup.ts',
  testTimeout: 300_000,
  maxWorkers: 1,
};
