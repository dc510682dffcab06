// The Temporal dev server stopped and started again on the same SQLite file and port, with a worker
// and an API process running against it: the open cases are still listed (by Temporal and by the
// API), their durable timers fire once, actions work again, and nothing is duplicated. While Temporal
// is down the API keeps serving reads from PostgreSQL and answers writes with 503 (or, if Temporal
// comes back within the request's deadline, completes them), never 500.
import { makeIdNumber } from '../../domain/ids';
import { eventually } from '../support/cases';
import {
  callApi,
  clocks,
  expectContiguous,
  observe,
  startFaultStack,
  trailOf,
  type ApiProcess,
  type ChildProcess,
  type FaultStack,
} from './support/fault-stack';

let s: FaultStack;
let api: ApiProcess;
let worker: ChildProcess;

const STREET = '440104001';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // Acceptance in 25 s: long enough to open the cases and restart the server, short enough to watch it fire.
  s = await startFaultStack({ temporalOnFile: true, policyOverrides: clocks({ accept: '25s', escalationWindow: '1h' }) });
  worker = await s.startWorker();
  api = await s.startApi();
});

afterAll(async () => {
  await s?.stop();
});

function http(method: string, path: string, token: string, body?: unknown) {
  return callApi(api.url, method, path, token, body);
}

let seq = 0;
function reportBody() {
  seq++;
  return {
    channel: 'grid',
    subject: {
      idNumber: makeIdNumber('440104', `1950010${seq}`, String(100 + Math.floor(Math.random() * 800))),
      name: '梁婆婆',
      streetCode: STREET,
    },
    situation: { summary: 'bedridden, family abroad' },
  };
}

async function openWorkflowIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of s.client.workflow.list({ query: `TaskQueue = '${s.taskQueue}' AND ExecutionStatus = 'Running'` }))
    ids.push(wf.workflowId);
  return ids.sort();
}

test('Temporal stopped and restarted on the same database file: open cases are listed, timers fire once, actions work, nothing is duplicated', async () => {
  const caseworker = await s.tokenFor('caseworker', STREET);
  const caseIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await http('POST', '/api/v1/reports', caseworker, reportBody());
    expect(res.status).toBe(201);
    caseIds.push(res.body.caseId as string);
  }
  const [accepted, ...waiting] = caseIds as [string, ...string[]];
  expect((await http('POST', `/api/v1/cases/${accepted}/actions`, caseworker, { type: 'accept' })).status).toBe(200);
  const workflowIds = (await s.prisma.case.findMany({ where: { caseId: { in: caseIds } }, select: { workflowId: true } }))
    .map((r) => r.workflowId)
    .sort();
  expect(await openWorkflowIds()).toEqual(workflowIds);

  await s.stopTemporal();

  // Reads come from PostgreSQL and go on; writes need Temporal.
  const list = await http('GET', '/api/v1/cases', caseworker);
  expect(list.status).toBe(200);
  expect((list.body.items as { caseId: string }[]).map((c) => c.caseId).sort()).toEqual([...caseIds].sort());
  expect((await fetch(`${api.url}/readyz`)).status).toBe(503);
  // This write starts while Temporal is down; the client's retries last up to the API's 30 s deadline.
  const supervisor = await s.tokenFor('street_supervisor', STREET);
  const during = http('POST', `/api/v1/cases/${waiting[0]}/actions`, supervisor, { type: 'assign', assigneeId: 'cw-440104001' });
  const duringReport = http('POST', '/api/v1/reports', caseworker, reportBody());
  await sleep(5000);

  await s.startTemporal();
  const restartedAt = Date.now();
  expect(worker.alive()).toBe(true);
  await eventually(async () => ((await fetch(`${api.url}/readyz`)).status === 200 ? true : undefined), 60_000);
  observe('Temporal restarted: start → API ready (ms)', Date.now() - restartedAt);

  const [assignDuring, reportDuring] = await Promise.all([during, duringReport]);
  observe('Temporal down: writes sent during the outage answered', { assign: assignDuring.status, report: reportDuring.status });
  // Either the API's deadline ran out first (503, retry later) or Temporal came back in time (done).
  expect([200, 503]).toContain(assignDuring.status);
  expect([201, 503]).toContain(reportDuring.status);
  if (reportDuring.status === 201) caseIds.push(reportDuring.body.caseId as string);

  // Temporal still knows every open case ...
  const stillOpen = await openWorkflowIds();
  expect(stillOpen).toEqual(expect.arrayContaining(workflowIds));
  // ... its timers fire: the two unaccepted cases escalate once each when their 25 s pass.
  await eventually(async () => {
    const n = await s.prisma.escalation.count({ where: { caseId: { in: waiting } } });
    return n === waiting.length ? true : undefined;
  }, 90_000);
  observe('Temporal restarted: open cases listed / escalations fired', {
    listed: stillOpen.length,
    escalated: waiting.length,
    worker: worker.alive() ? 'same process, reconnected' : 'died',
  });
  // ... and it takes actions again.
  expect((await http('POST', `/api/v1/cases/${waiting[0]}/actions`, caseworker, { type: 'accept' })).status).toBe(200);
  expect(
    (await http('POST', `/api/v1/cases/${accepted}/actions`, caseworker, { type: 'complete-verification', outcome: 'eligible' })).status,
  ).toBe(200);

  await sleep(2000);
  for (const caseId of caseIds) expectContiguous(await trailOf(s.prisma, caseId));
  for (const caseId of waiting) {
    const types = (await trailOf(s.prisma, caseId)).map((e) => e.type);
    expect(types.filter((t) => t === 'escalated')).toHaveLength(1);
    expect(types.filter((t) => t === 'reported')).toHaveLength(1);
  }
  expect(await s.prisma.escalation.count({ where: { caseId: { in: waiting } } })).toBe(waiting.length);
  // One case per person: no report produced a second workflow or case.
  const cases = await s.prisma.case.findMany({ select: { personId: true } });
  expect(new Set(cases.map((c) => c.personId)).size).toBe(cases.length);
});
