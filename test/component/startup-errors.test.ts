// Mistakes a user can make at start get one line on stderr that says what is wrong and what to do,
// a non-zero exit and no stack trace.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY_JSON } from '../../domain/policy';
import { freePort } from '../../runtime/database';
import { runScript, waitFor } from '../support/processes';

async function failsWithOneLine(env: Record<string, string | undefined>, args: string[] = []): Promise<string> {
  const p = runScript('scripts/start.ts', { LOG_LEVEL: 'silent', ...env }, args);
  const code = await p.exited;
  expect(code).not.toBe(0);
  const lines = p
    .stderr()
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('{')); // pino warnings are JSON
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
  const line = await failsWithOneLine({
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    DATA_DIR: '/tmp/pa-unused',
  });
  expect(line).toMatch(/cannot reach Temporal/);
}, 60_000);

test('npm run api without a cluster to join explains what it needs', async () => {
  expect(await failsWithOneLine({ TEMPORAL_ADDRESS: undefined, DATABASE_URL: undefined }, ['--role', 'api'])).toMatch(
    /TEMPORAL_ADDRESS and DATABASE_URL/,
  );
});

test('a port already in use is reported as such', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const { requireTestEnv } = await import('../support/harness');
    const env = requireTestEnv();
    const line = await failsWithOneLine({
      PORT: String(port),
      TEMPORAL_ADDRESS: env.temporalAddress,
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_TASK_QUEUE: 'startup-error-test',
    });
    expect(line).toMatch(new RegExp(`port ${port} is already in use`));
  } finally {
    blocker.close();
  }
}, 60_000);

test('a port in use is found before anything is started: no embedded database, no Temporal server', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, r));
  const port = (blocker.address() as net.AddressInfo).port;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pa-port-'));
  try {
    const line = await failsWithOneLine({ PORT: String(port), TEMPORAL_ADDRESS: undefined, DATABASE_URL: undefined, DATA_DIR: dataDir });
    expect(line).toMatch(new RegExp(`port ${port} is already in use`));
    // The embedded PostgreSQL and the Temporal dev server keep their data here once started.
    expect(readdirSync(dataDir)).toEqual([]);
  } finally {
    blocker.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

test('a bad policy file prints each field error, not a hint to set DEBUG', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pa-policy-'));
  const file = path.join(dir, 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({
      ...DEFAULT_POLICY_JSON,
      reminderAt: 2,
      deadlines: { ...DEFAULT_POLICY_JSON.deadlines, normal: { ...DEFAULT_POLICY_JSON.deadlines.normal, accept: '2x' } },
    }),
  );
  try {
    const p = runScript('scripts/start.ts', { LOG_LEVEL: 'silent', CASE_POLICY_FILE: file, PORT: '0' }, []);
    expect(await p.exited).not.toBe(0);
    const err = p.stderr();
    expect(err).toMatch(/^error: Policy file .* is not a valid case policy/m);
    expect(err).toMatch(/^ {2}deadlines\.normal\.accept: "2x" is not a duration/m);
    expect(err).toMatch(/^ {2}reminderAt: must be between 0 and 1/m);
    expect(err).not.toMatch(/DEBUG=1|\n\s+at /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad warnings section (unknown kind, negative threshold) stops the start naming each rule field', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pa-policy-'));
  const file = path.join(dir, 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({
      ...DEFAULT_POLICY_JSON,
      warnings: {
        rules: [
          { id: 'lottery', kind: 'lottery_win', level: 'red' },
          { id: 'medical', kind: 'medical_expense', level: 'orange', thresholds: { tekun: -1, other: 15000 } },
        ],
      },
    }),
  );
  try {
    const p = runScript('scripts/start.ts', { LOG_LEVEL: 'silent', CASE_POLICY_FILE: file, PORT: '0' }, []);
    expect(await p.exited).not.toBe(0);
    const err = p.stderr();
    expect(err).toMatch(/^error: Policy file .* is not a valid case policy/m);
    expect(err).toMatch(/^ {2}warnings\.rules\.0\.kind: must be one of low_income_status/m);
    expect(err).toMatch(/^ {2}warnings\.rules\.1\.thresholds\.tekun: must not be negative/m);
    expect(err).not.toMatch(/DEBUG=1|\n\s+at /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad CALENDAR_FILE stops the start with one line naming the file, the field and the reason', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pa-calendar-'));
  const file = path.join(dir, 'calendar.json');
  // 6 January 2027 is a Wednesday: listing it as a make-up working day means the data is mixed up.
  writeFileSync(file, JSON.stringify({ source: 'test notice', years: { '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-06'] } } }));
  try {
    const line = await failsWithOneLine({ CALENDAR_FILE: file, PORT: '0' });
    expect(line).toContain(`calendar file ${file} (CALENDAR_FILE)`);
    expect(line).toContain('years.2027.workdays[0]: 2027-01-06 is a Wednesday');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run token -- --help prints the usage and succeeds', async () => {
  const p = runScript('scripts/token.ts', {}, ['--help']);
  expect(await p.exited).toBe(0);
  expect(p.stdout()).toMatch(/^usage: npm run token -- --role </);
});

// ---------------------------------------------------------------------------------------------
// Development secrets never reach production (issue 17, item 2)
// ---------------------------------------------------------------------------------------------

/** A cluster that is never reached: the refusal must come before any connection. */
async function unreachableCluster(): Promise<Record<string, string>> {
  const port = await freePort();
  return { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: `postgresql://u:pw@127.0.0.1:${port}/x` };
}
const REAL_AUTH_SECRET = 'a-real-secret-for-this-test-only-0123456789abcdef';
const REAL_PII_KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const REAL_PII_HASH_KEY = Buffer.alloc(32, 9).toString('base64');

test('npm run api without AUTH_SECRET refuses to start, naming the variable and how to make one', async () => {
  const line = await failsWithOneLine({ ...(await unreachableCluster()), AUTH_SECRET: undefined, PII_KEY: REAL_PII_KEY }, [
    '--role',
    'api',
  ]);
  expect(line).toMatch(/AUTH_SECRET/);
  expect(line).toMatch(/openssl rand -base64 48/);
});

test('npm run worker without PII_KEY refuses to start, naming the variable and how to make one', async () => {
  const line = await failsWithOneLine({ ...(await unreachableCluster()), AUTH_SECRET: REAL_AUTH_SECRET, PII_KEY: undefined }, [
    '--role',
    'worker',
  ]);
  expect(line).toMatch(/PII_KEY/);
  expect(line).toMatch(/openssl rand -base64 32/);
});

test('npm run api without PII_HASH_KEY refuses to start: the look-up hash needs its own key (§14)', async () => {
  const line = await failsWithOneLine(
    { ...(await unreachableCluster()), AUTH_SECRET: REAL_AUTH_SECRET, PII_KEY: REAL_PII_KEY, PII_HASH_KEY: undefined },
    ['--role', 'api'],
  );
  expect(line).toMatch(/PII_HASH_KEY/);
  expect(line).toMatch(/npm run pii -- print-hash-key/);
});

test('a PII_HASH_KEY that is not 32 bytes is named, never printed', async () => {
  const line = await failsWithOneLine({ PII_HASH_KEY: 'hunter2' });
  expect(line).toMatch(/PII_HASH_KEY/);
  expect(line).not.toContain('hunter2');
});

test('the development AUTH_SECRET set explicitly is refused as well', async () => {
  const line = await failsWithOneLine(
    { ...(await unreachableCluster()), AUTH_SECRET: 'dev-only-auth-secret-change-me-0123456789', PII_KEY: REAL_PII_KEY },
    ['--role', 'api'],
  );
  expect(line).toMatch(/AUTH_SECRET/);
});

test('a bad AUTH_SECRET or DATABASE_URL is named, never printed', async () => {
  const secretLine = await failsWithOneLine({ AUTH_SECRET: 'hunter2-too-short' });
  expect(secretLine).toMatch(/AUTH_SECRET/);
  expect(secretLine).not.toContain('hunter2');
  const urlLine = await failsWithOneLine({ DATABASE_URL: 'mysql://admin:hunter2@db.example/x' });
  expect(urlLine).toMatch(/DATABASE_URL/);
  expect(urlLine).not.toContain('hunter2');
});

/** Local addresses (as ip:port) of the sockets listening on `port`, read from /proc (no traffic). */
function listeningAddresses(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue; // LISTEN
      const [hexIp, hexPort] = cols[1].split(':');
      if (parseInt(hexPort, 16) !== port) continue;
      out.push(
        hexIp.length === 8
          ? hexIp
              .match(/../g)!
              .reverse()
              .map((b) => parseInt(b, 16))
              .join('.')
          : `[${hexIp}]`,
      );
    }
  }
  return out;
}

test('npm start joined to a cluster binds to 127.0.0.1, prints that address and offers no development sign-in', async () => {
  const { requireTestEnv } = await import('../support/harness');
  const env = requireTestEnv();
  const p = runScript('scripts/start.ts', {
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: undefined,
    AUTH_SECRET: undefined,
    TEMPORAL_ADDRESS: env.temporalAddress,
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_TASK_QUEUE: `startup-host-${process.pid}`,
  });
  try {
    const url = await waitFor(() => /API\s+(http:\/\/\S+)\/api\/v1/.exec(p.stdout())?.[1], 60_000, 'the banner');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(new URL(url).port);
    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
    // AUTH_SECRET is unset here, but this is not the embedded development mode.
    expect((await fetch(`${url}/dashboard/dev-users`)).status).toBe(404);
    expect(
      (
        await fetch(`${url}/dashboard/dev-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"userId":"co-440100"}',
        })
      ).status,
    ).toBe(404);
    expect(await (await fetch(`${url}/dashboard/config.json`)).json()).toEqual({ devSignIn: false });
  } finally {
    p.child.kill('SIGTERM');
    await p.exited;
  }
}, 90_000);

test('npm run token refuses a --ttl longer than TOKEN_MAX_TTL and prints no token', async () => {
  const p = runScript('scripts/token.ts', { TOKEN_MAX_TTL: '12h' }, [
    '--role',
    'caseworker',
    '--jurisdiction',
    '440104001',
    '--ttl',
    '876000h',
  ]);
  expect(await p.exited).not.toBe(0);
  expect(p.stderr()).toMatch(/TOKEN_MAX_TTL/);
  expect(p.stdout()).toBe('');
});

// ---------------------------------------------------------------------------------------------
// The application's database role cannot rewrite the audit (issue 17, item 7)
// ---------------------------------------------------------------------------------------------

test('npm run api connecting as a superuser refuses to start, naming the role and what to set', async () => {
  const { requireTestEnv } = await import('../support/harness');
  const env = requireTestEnv();
  // The owner's URL as the application's: a superuser (postgres) here, on PGlite as on the real server.
  const line = await failsWithOneLine(
    {
      TEMPORAL_ADDRESS: env.temporalAddress,
      DATABASE_URL: env.ownerUrl,
      MIGRATION_DATABASE_URL: env.ownerUrl,
      AUTH_SECRET: REAL_AUTH_SECRET,
      PII_KEY: REAL_PII_KEY,
      PII_HASH_KEY: REAL_PII_HASH_KEY,
      PORT: '0',
      TEMPORAL_TASK_QUEUE: `startup-role-${process.pid}`,
    },
    ['--role', 'api'],
  );
  expect(line).toMatch(/DATABASE_URL connects as "postgres", a superuser/);
  expect(line).toMatch(/relief_app/);
  expect(line).toMatch(/MIGRATION_DATABASE_URL/);
  // Names the role, never the URL (it carries the password).
  expect(line).not.toMatch(/postgres(ql)?:\/\//);
}, 60_000);

test('MIGRATION_DATABASE_URL without DATABASE_URL is refused: the embedded database has no separate owner', async () => {
  const line = await failsWithOneLine({ DATABASE_URL: undefined, MIGRATION_DATABASE_URL: 'postgresql://owner:hunter2@127.0.0.1:1/x' });
  expect(line).toMatch(/MIGRATION_DATABASE_URL is set but DATABASE_URL is not/);
  expect(line).not.toContain('hunter2');
});

// PGlite serves every connection as its superuser, so only a real server has a restricted login.
const onRealServer = process.env.TEST_DATABASE_POOL !== '1' ? test : test.skip;
onRealServer(
  'npm run api as a member of relief_app, with the owner in MIGRATION_DATABASE_URL, starts and serves',
  async () => {
    const { requireTestEnv } = await import('../support/harness');
    const env = requireTestEnv();
    const p = runScript(
      'scripts/start.ts',
      {
        LOG_LEVEL: 'warn',
        PORT: '0',
        TEMPORAL_ADDRESS: env.temporalAddress,
        DATABASE_URL: env.databaseUrl,
        MIGRATION_DATABASE_URL: env.ownerUrl,
        AUTH_SECRET: REAL_AUTH_SECRET,
        PII_KEY: REAL_PII_KEY,
        PII_HASH_KEY: REAL_PII_HASH_KEY,
        TEMPORAL_TASK_QUEUE: `startup-role-ok-${process.pid}`,
      },
      ['--role', 'api'],
    );
    try {
      const url = await waitFor(() => /API\s+(http:\/\/\S+)\/api\/v1/.exec(p.stdout())?.[1], 60_000, 'the banner');
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      // No warning about the role either.
      expect(p.stderr()).not.toMatch(/could rewrite or erase the audit/);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  },
  90_000,
);
