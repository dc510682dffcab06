// Mistakes a user can make at start get one line on stderr that says what is wrong and what to do,
// a non-zero exit and no stack trace.
import net from 'node:net';
import { freePort } from '../../runtime/database';
import { runScript } from '../support/processes';

async function failsWithOneLine(env: Record<string, string | undefined>, args: string[] = []): Promise<string> {
  const p = runScript('scripts/start.ts', { LOG_LEVEL: 'silent', ...env }, args);
  const code = await p.exited;
  expect(code).not.toBe(0);
  const lines = p.stderr().trim().split('\n').filter((l) => !l.startsWith('{')); // pino warnings are JSON
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(p.stderr()).not.toMatch(/\n\s+at /); // no stack frames
  return lines[0];
}

test('a malformed environment variable names the variable', async () => {
  expect(await failsWithOneLine({ PORT: 'eighty' })).toMatch(/PORT/);
});

test('an unreachable DATABASE_URL says to check it or use the embedded database', async () => {
  const port = await freePort();
  const line = await failsWithOneLine({ DATABASE_URL: `postgresql://u:secret@127.0.0.1:${port}/x`, TEMPORAL_ADDRESS: undefined });
  expect(line).toMatch(/cannot connect to PostgreSQL/);
  expect(line).not.toContain('secret');
});

test('an unreachable TEMPORAL_ADDRESS says to check it or unset it', async () => {
  const port = await freePort();
  const line = await failsWithOneLine({ TEMPORAL_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: process.env.TEST_DATABASE_URL, DATA_DIR: '/tmp/pa-unused' });
  expect(line).toMatch(/cannot reach Temporal/);
}, 60_000);

test('npm run api without a cluster to join explains what it needs', async () => {
  expect(await failsWithOneLine({ TEMPORAL_ADDRESS: undefined, DATABASE_URL: undefined }, ['--role', 'api'])).toMatch(/TEMPORAL_ADDRESS and DATABASE_URL/);
});

test('a port already in use is reported as such', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const { requireTestEnv } = await import('../support/harness');
    const env = requireTestEnv();
    const line = await failsWithOneLine({ PORT: String(port), TEMPORAL_ADDRESS: env.temporalAddress, DATABASE_URL: env.databaseUrl, TEMPORAL_TASK_QUEUE: 'startup-error-test' });
    expect(line).toMatch(new RegExp(`port ${port} is already in use`));
  } finally {
    blocker.close();
  }
}, 60_000);
