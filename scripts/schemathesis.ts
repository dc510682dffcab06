// `npm run test:schemathesis`: starts the platform on embedded defaults (its own DATA_DIR in a temp
// directory, a free port on 127.0.0.1), mints a caseworker and a city officer token, runs
// schemathesis (`pip install schemathesis`) against /openapi.json with each, a bounded number of
// examples per operation (SCHEMATHESIS_MAX_EXAMPLES, default 20), and exits non-zero on any failure.
// All traffic stays on 127.0.0.1; everything started is stopped at the end, also on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

// SCHEMATHESIS_ROLES=city_officer runs one half (a full run of both takes about half an hour).
const ALL_ROLES = [
  ['caseworker', '440104001'],
  ['city_officer', '440100'],
] as const;
const ROLES = process.env.SCHEMATHESIS_ROLES
  ? ALL_ROLES.filter(([role]) => process.env.SCHEMATHESIS_ROLES!.split(',').includes(role))
  : ALL_ROLES;

/**
 * Operations whose 422 for a schema-valid request is a rule OpenAPI cannot express: for these alone
 * ST202 (positive_data_acceptance) also takes 422 as a correct answer. Everything a pattern can say is
 * in the document instead (ID number shape, instants, durations, cursor alphabet, limits); each entry
 * names the semantic rule that remains. Never a blanket exclusion: every other operation keeps the
 * default expected statuses, and every other check stays on for these.
 */
const SEMANTIC_422: { operationId: string; rule: string }[] = [
  {
    operationId: 'submitReport',
    rule: 'the ID number check digit and birth date (GB 11643); a phone must be a real mobile or landline with area code',
  },
  { operationId: 'submitDepartmentSignals', rule: 'each item is checked like a report: ID check digit, birth date, phone' },
  { operationId: 'lookupPerson', rule: 'the ID number check digit and birth date (GB 11643)' },
  {
    operationId: 'performAction',
    rule: 'an Idempotency-Key reused with a different body (IDEMPOTENCY_KEY_REUSED); the action fields a case needs',
  },
  { operationId: 'listCases', rule: 'a cursor this API did not issue' },
  { operationId: 'listMyNotifications', rule: 'a cursor this API did not issue' },
  { operationId: 'listMyReports', rule: 'a cursor this API did not issue' },
  { operationId: 'listDeadNotifications', rule: 'a cursor this API did not issue' },
  { operationId: 'listStaff', rule: 'a cursor this API did not issue' },
  {
    operationId: 'createStaff',
    rule: "a role's jurisdiction level (street staff at a street, district officers at a district, the other roles at the city), and a known code",
  },
  { operationId: 'updateStaff', rule: 'as createStaff, for the role and jurisdiction after the change' },
  {
    operationId: 'loadCalendarYear',
    rule: 'each date a real date of that year, listed once, not both off and worked; make-up working days on a weekend',
  },
  { operationId: 'putWebhook', rule: 'the URL’s host must resolve, to a public address unless WEBHOOK_ALLOWED_HOSTS allows it' },
  { operationId: 'listEscalations', rule: 'a cursor this API did not issue; to later than from' },
  { operationId: 'listWarnings', rule: 'a cursor this API did not issue' },
  {
    operationId: 'performWarningAction',
    rule: 'dismiss needs a note; an Idempotency-Key reused with a different body (IDEMPOTENCY_KEY_REUSED)',
  },
  { operationId: 'listAccessLog', rule: 'a cursor this API did not issue; to not before from' },
  { operationId: 'listMyRevisits', rule: 'to must be later than from' },
  { operationId: 'getStats', rule: 'to must be later than from' },
  { operationId: 'exportLedger', rule: 'to must be later than from' },
  { operationId: 'getMonthlyReport', rule: 'the month must not be later than the current one' },
];

/**
 * Batch operations that check each item on its own and answer 200 with the bad items rejected in
 * `results` (index, field, reason) while the good ones proceed: for these alone an invalid item is not
 * refused with 4xx, so negative_data_rejection also takes 200. The body as a whole (not an array, too
 * many items, an unknown top-level field) is still refused with 4xx.
 */
const PER_ITEM_ANSWERS: { operationId: string; rule: string }[] = [
  { operationId: 'submitDepartmentSignals', rule: 'each signal is accepted or rejected on its own in results[]' },
];

/** The schemathesis.toml for SEMANTIC_422 and PER_ITEM_ANSWERS, written next to the reports. */
function writeConfig(): string {
  const file = path.join(ARTIFACTS, 'schemathesis.toml');
  const positive = ['2xx', '3xx', '401', '403', '404', '409', '429', '5xx'];
  const negative = ['400', '401', '403', '404', '405', '406', '409', '415', '422', '428', '429', '5xx'];
  const operations = new Map<string, string[]>();
  const add = (operationId: string, line: string) => operations.set(operationId, [...(operations.get(operationId) ?? []), line]);
  for (const { operationId, rule } of SEMANTIC_422) {
    add(operationId, `# ${rule}\nchecks.positive_data_acceptance.expected-statuses = ${JSON.stringify([...positive, '422'])}`);
  }
  for (const { operationId, rule } of PER_ITEM_ANSWERS) {
    add(operationId, `# ${rule}\nchecks.negative_data_rejection.expected-statuses = ${JSON.stringify([...negative, '200'])}`);
  }
  const blocks = [...operations].map(
    ([operationId, lines]) => `[[operations]]\ninclude-operation-id = ${JSON.stringify(operationId)}\n${lines.join('\n')}\n`,
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(file, `# Generated by scripts/schemathesis.ts: see SEMANTIC_422 and PER_ITEM_ANSWERS there.\n\n${blocks.join('\n')}`);
  return file;
}

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
    const config = writeConfig();
    let failed = 0;
    for (const [role, jurisdiction] of ROLES) {
      const token = await signToken(findSeedUser(role, jurisdiction)!, secret);
      process.stdout.write(`\n=== schemathesis as ${role} ${jurisdiction} ===\n`);
      const code = await run(binary, [
        '--config-file',
        config,
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
