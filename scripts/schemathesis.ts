// `npm run test:schemathesis`: starts the platform on embedded defaults (its own DATA_DIR in a temp
// directory, a free port on 127.0.0.1), mints a caseworker and a city officer token, runs
// schemathesis (`pip install schemathesis`) against /openapi.json with each, a bounded number of
// examples per operation (SCHEMATHESIS_MAX_EXAMPLES, default 20), and exits non-zero on any failure.
// All traffic stays on 127.0.0.1; everything started is stopped at the end, also on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findSeedUser } from '../domain/seed-staff';
import { loadConfig } from '../runtime/config';
import { freePort } from '../runtime/database';
import { signToken } from '../runtime/tokens';

const ROOT = path.resolve(__dirname, '..');
const MAX_EXAMPLES = process.env.SCHEMATHESIS_MAX_EXAMPLES ?? '20';

function schemathesisBinary(): string {
  for (const candidate of ['schemathesis', 'st']) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  process.stderr.write('error: schemathesis is not installed — pip install schemathesis\n');
  process.exit(2);
}

async function waitForReady(base: string, child: { exitCode: number | null }, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the platform exited (${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the platform was not ready within ${timeoutMs / 1000} s`);
}

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'schemathesis');

function run(binary: string, args: string[]): Promise<number> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return new Promise((resolve) => {
    // Its example cache (.schemathesis/) goes next to the reports, out of the working tree.
    const child = spawn(binary, args, { stdio: 'inherit', cwd: ARTIFACTS });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const binary = schemathesisBinary();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pa-schemathesis-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  // Embedded defaults: the development secrets, its own Temporal dev server and PGlite.
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'AUTH_SECRET', 'PII_KEY', 'PII_HASH_KEY', 'CASE_POLICY_FILE']) delete env[name];
  const platform = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = () => {
    if (platform.exitCode === null) platform.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await waitForReady(base, platform, 180_000);
    const secret = loadConfig(env).authSecret;
    let failed = 0;
    for (const [role, jurisdiction] of [
      ['caseworker', '440104001'],
      ['city_officer', '440100'],
    ] as const) {
      const token = await signToken(findSeedUser(role, jurisdiction)!, secret);
      process.stdout.write(`\n=== schemathesis as ${role} ${jurisdiction} ===\n`);
      const code = await run(binary, [
        'run',
        `${base}/openapi.json`,
        '--url',
        base,
        '-H',
        `Authorization: Bearer ${token}`,
        '--max-examples',
        MAX_EXAMPLES,
        '--checks',
        'all',
        '--request-timeout',
        '35',
        '--report',
        'junit',
        '--report-dir',
        path.join(ARTIFACTS, role),
      ]);
      if (code !== 0) failed++;
    }
    return failed === 0 ? 0 : 1;
  } finally {
    stop();
    await new Promise<void>((resolve) => (platform.exitCode !== null ? resolve() : platform.once('exit', () => resolve())));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
