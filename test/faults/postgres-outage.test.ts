// PostgreSQL (the read model) stopped for 30 s while cases are worked: the workflows keep accepting
// actions and firing deadlines, the projection activity retries until the database is back and then
// catches up with nothing lost; meanwhile every API read answers 503 (retry later), never 500.
import { WorkflowUpdateStage } from '@temporalio/client';
import { makeIdNumber } from '../../domain/ids';
import { actionUpdate } from '../../workflows/definitions';
import { issuedFor } from '../../clients/case-client';
import { eventually } from '../support/cases';
import {
  callApi,
  clocks,
  expectContiguous,
  observe,
  policyWith,
  startFaultStack,
  trailOf,
  type ApiProcess,
  type FaultStack,
} from './support/fault-stack';

let s: FaultStack;
let api: ApiProcess;

const STREET = '440104001';
const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  s = await startFaultStack({ policyOverrides: clocks({ accept: '1h', escalationWindow: '1h' }) });
  await s.startWorker();
  api = await s.startApi();
});

afterAll(async () => {
  await s?.stop();
});

function http(method: string, path: string, token: string, body?: unknown) {
  return callApi(api.url, method, path, token, body);
}

const newIdNumber = () =>
  makeIdNumber(
    '440104',
    `19${50 + Math.floor(Math.random() * 40)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}`,
    String(100 + Math.floor(Math.random() * 899)),
  );

function reportBody() {
  return {
    channel: 'grid',
    subject: { idNumber: newIdNumber(), name: '周大爷', streetCode: STREET },
    situation: { summary: 'lives alone, recently widowed' },
  };
}

test('PostgreSQL down for 30 s: actions and deadlines are kept and projected afterwards; API reads answer 503, never 500', async () => {
  const caseworker = await s.tokenFor('caseworker', STREET);
  const opened = await http('POST', '/api/v1/reports', caseworker, reportBody());
  expect(opened.status).toBe(201);
  const caseA = opened.body.caseId as string;
  expect((await http('POST', `/api/v1/cases/${caseA}/actions`, caseworker, { type: 'accept' })).status).toBe(200);
  const rowA = await s.prisma.case.findUniqueOrThrow({ where: { caseId: caseA } });

  // Case B opens with a 6 s acceptance deadline that will pass during the outage (its own policy).
  const short = policyWith({ accept: '6s', escalationWindow: '1h' });
  const { fileReport, makeReport } = await import('../support/cases');
  const caseB = await fileReport(s, makeReport(), undefined, { policy: short });

  await s.pg.stop('fast');
  const outageStarted = Date.now();

  // Actions during the outage: the workflow accepts them (validators need no database) ...
  const handle = s.client.workflow.getHandle(rowA.workflowId);
  const updates = [];
  for (let i = 0; i < 3; i++) {
    updates.push(
      await handle.startUpdate(actionUpdate, {
        args: [
          {
            caseId: caseA,
            action: { type: 'record-visit', visitedAt: new Date().toISOString(), findings: `visit during outage ${i}` },
            actor: { userId: 'cw-440104001', role: 'caseworker', jurisdictionCode: STREET },
            issued: issuedFor(rowA.workflowId),
          },
        ],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      }),
    );
  }

  // ... while the API, which reads the database, answers 503 with Retry-After to every read and write.
  const statuses = new Map<string, number[]>();
  const note = (what: string, status: number) => statuses.set(what, [...(statuses.get(what) ?? []), status]);
  let maxAttempt = 0;
  while (Date.now() - outageStarted < OUTAGE_MS) {
    note('list', (await http('GET', '/api/v1/cases', caseworker)).status);
    const read = await http('GET', `/api/v1/cases/${caseA}`, caseworker);
    note('read', read.status);
    if (read.status === 503) expect(read.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: expect.stringMatching(/database/) });
    note('report', (await http('POST', '/api/v1/reports', caseworker, reportBody())).status);
    note(
      'action',
      (await http('POST', `/api/v1/cases/${caseA}/actions`, caseworker, { type: 'record-economic-check', result: 'eligible' })).status,
    );
    note('readyz', (await fetch(`${api.url}/readyz`)).status);
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    for (const a of pending) maxAttempt = Math.max(maxAttempt, a.attempt ?? 0);
    await sleep(1000);
  }
  for (const [what, list] of statuses) expect([what, [...new Set(list)]]).toEqual([what, [503]]);
  // The projection activity kept retrying through the outage.
  expect(maxAttempt).toBeGreaterThanOrEqual(3);
  observe(
    'PostgreSQL down 30 s: API answers during the outage',
    Object.fromEntries([...statuses].map(([k, v]) => [k, `${v.length}× ${[...new Set(v)].join('/')}`])),
  );
  observe('PostgreSQL down 30 s: highest projection attempt seen', maxAttempt);
  await s.pg.start();
  const restartedAt = Date.now();

  // The projection catches up (its retry backoff is capped at 30 s) and the accepted actions answer.
  const results = await Promise.all(updates.map((u) => u.result()));
  expect(results.at(-1)!.events.filter((e) => e.type === 'record-visit')).toHaveLength(3);
  await eventually(async () => ((await s.prisma.escalation.count({ where: { caseId: caseB.caseId } })) === 1 ? true : undefined), 60_000);
  observe('PostgreSQL back: start → projection caught up (ms)', Date.now() - restartedAt);

  const trailA = await trailOf(s.prisma, caseA);
  expectContiguous(trailA);
  expect(trailA.map((e) => e.type)).toEqual(['reported', 'accept', 'record-visit', 'record-visit', 'record-visit']);
  const trailB = await trailOf(s.prisma, caseB.caseId);
  expectContiguous(trailB);
  expect(trailB.map((e) => e.type)).toEqual(['reported', 'reminder', 'escalated']);
  expect((await s.prisma.case.findUniqueOrThrow({ where: { caseId: caseA } })).version).toBe(trailA.length);
  // The refused API writes created nothing: only the two cases exist.
  expect(await s.prisma.case.count()).toBe(2);

  // And the API reads again, with the outage's work in the case file.
  await eventually(async () => ((await fetch(`${api.url}/readyz`)).status === 200 ? true : undefined), 30_000);
  const file = await http('GET', `/api/v1/cases/${caseA}`, caseworker);
  expect(file.status).toBe(200);
  expect((file.body.events as { type: string }[]).map((e) => e.type)).toEqual(trailA.map((e) => e.type));
});
