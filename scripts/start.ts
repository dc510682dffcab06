// `npm start` (everything in one process on embedded defaults), `npm run api` and `npm run worker`
// (one role each, for running several of each against a Temporal cluster and PostgreSQL).
import { assertProductionSecrets, loadConfig } from '../runtime/config';
import { runMain, StartupError } from '../runtime/errors';
import { createLogger } from '../runtime/logger';
import { startPlatform } from '../platform/platform';

type Role = 'all' | 'api' | 'worker';

function roleFromArgs(argv: string[]): Role {
  const i = argv.indexOf('--role');
  const role = i >= 0 ? argv[i + 1] : 'all';
  if (role !== 'all' && role !== 'api' && role !== 'worker') throw new StartupError(`unknown --role ${role}`, 'use api, worker or all');
  return role;
}

runMain(async () => {
  const role = roleFromArgs(process.argv.slice(2));
  const config = loadConfig();
  if (role !== 'all' && (!config.temporalAddress || !config.databaseUrl)) {
    throw new StartupError(
      `npm run ${role} needs TEMPORAL_ADDRESS and DATABASE_URL (it joins an existing cluster)`,
      'set both, or use npm start to run everything locally',
    );
  }
  if (role !== 'all') assertProductionSecrets(config, role);
  // Embedded development mode: everything in this process on its own data. Only here may the
  // dashboard offer its sign-in that hands out any seeded user's token.
  const embedded = role === 'all' && !config.temporalAddress && !config.databaseUrl;
  const logger = createLogger(config.logLevel);
  const platform = await startPlatform({
    config,
    logger,
    runWorker: role !== 'api',
    runApi: role !== 'worker',
    prepareDatabase: true,
    devSignIn: embedded,
    // The production roles refuse a database role that could rewrite the audit; npm start warns.
    requireRestrictedDatabaseRole: role !== 'all',
  });

  const lines = [
    `proactive-assistance is running (${role === 'all' ? 'API + worker' : role})`,
    platform.apiUrl && `  API         ${platform.apiUrl}/api/v1`,
    platform.apiUrl && `  API docs    ${platform.apiUrl}/docs`,
    platform.apiUrl && `  Dashboard   ${platform.apiUrl}/dashboard`,
    `  Temporal    ${platform.temporalAddress}${platform.temporalUiUrl ? `  (UI ${platform.temporalUiUrl})` : ''}`,
    `  PostgreSQL  ${platform.embeddedDatabase ? `embedded, data in ${config.dataDir}` : platform.databaseUrl}`,
    `  Policy      ${platform.policy.version} (${process.env.CASE_POLICY_FILE?.trim() ? `from ${process.env.CASE_POLICY_FILE.trim()}` : 'built-in defaults'})`,
    `  Get a token: npm run token -- --role district_officer --jurisdiction 440104`,
    'Press Ctrl-C to stop.',
  ].filter(Boolean);
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.stderr.write('forced exit\n');
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: draining the worker and stopping servers…\n`);
    platform.stop().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`error during shutdown: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
});
