// End to end, as a user runs it: `npm start` on embedded defaults (its own Temporal dev server and
// PGlite under DATA_DIR), a report through HTTP, the case in PostgreSQL and readable back; then a
// clean stop and a second start on the same DATA_DIR that still lists the case with its deadlines.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeIdNumber } from '../../domain/ids';
import { freePort } from '../../runtime/database';
import { runScript, waitFor, type Started } from '../support/processes';

let dataDir: string;
let port: number;
const running: Started[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'pa-e2e-'));
  port = await freePort();
});

afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

function start(): Started {
  // Embedded defaults: no DATABASE_URL, no TEMPORAL_ADDRESS.
  const p = runScript('scripts/start.ts', {
    DATA_DIR: dataDir,
    PORT: String(port),
    DATABASE_URL: undefined,
    TEMPORAL_ADDRESS: undefined,
    LOG_LEVEL: 'warn',
  });
  running.push(p);
  return p;
}

async function token(role: string, jurisdiction: string): Promise<string> {
  const t = runScript('scripts/token.ts', {}, ['--role', role, '--jurisdiction', jurisdiction]);
  expect(await t.exited).toBe(0);
  const out = t.stdout().trim();
  expect(out.split('\n')).toHaveLength(1); // nothing but the token on stdout
  return out;
}

const base = () => `http://127.0.0.1:${port}`;

/**
 * Up when /healthz answers. A first start on a fresh DATA_DIR migrates the embedded database and starts
 * the Temporal dev server: 15–20 s alone on 2 cores, and it once took over a minute while the browser
 * tests built the workbench beside it, so the wait is generous; a start that exits says why at once.
 */
async function healthy(p: Started): Promise<void> {
  const up = await waitFor(
    async () => (p.child.exitCode !== null ? 'exited' : (await fetch(`${base()}/healthz`)).ok ? 'up' : undefined),
    180_000,
    '/healthz',
  );
  if (up === 'exited') throw new Error(`npm start exited with ${p.child.exitCode}: ${p.stderr().slice(-2000)}`);
}

test('npm start runs the platform; a case created in the first run is still there after a restart', async () => {
  const first = start();
  await healthy(first);
  expect(first.stdout()).toContain(`${base()}/dashboard`);
  await waitFor(async () => ((await fetch(`${base()}/readyz`)).ok ? true : undefined), 30_000, '/readyz');

  const caseworker = await token('caseworker', '440104001');
  const idNumber = makeIdNumber('440104', '19560312', String(100 + Math.floor(Math.random() * 800)));
  const res = await fetch(`${base()}/api/v1/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      channel: 'grid',
      subject: { idNumber, name: '陈阿婆', streetCode: '440104001' },
      situation: { summary: 'lives alone, no pension' },
    }),
  });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { caseId: string; created: boolean };
  expect(created.created).toBe(true);
  const read = await fetch(`${base()}/api/v1/cases/${created.caseId}`, { headers: { authorization: `Bearer ${caseworker}` } });
  expect(read.status).toBe(200);
  expect(await read.json()).toMatchObject({ caseId: created.caseId, stage: 'reported' });

  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);

  const second = start();
  await healthy(second);
  await waitFor(async () => ((await fetch(`${base()}/readyz`)).ok ? true : undefined), 60_000, '/readyz after restart');
  const list = await fetch(`${base()}/api/v1/cases?streetCode=440104001`, { headers: { authorization: `Bearer ${caseworker}` } });
  const body = (await list.json()) as { items: { caseId: string }[] };
  expect(body.items.map((i) => i.caseId)).toContain(created.caseId);
  // The workflow (and its acceptance timer) survived in the dev server's database file.
  const again = await fetch(`${base()}/api/v1/cases/${created.caseId}/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'accept' }),
  });
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ stage: 'verifying' });
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
}, 420_000);
