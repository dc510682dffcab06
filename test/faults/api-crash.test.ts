// An API process (the production `npm run api` entry point) killed with SIGKILL while it handles a
// report: the client sees the connection drop and retries with the same Idempotency-Key against a
// fresh API process. Whatever point the kill hit, the person ends up with exactly one case, opened
// by exactly one report.
import { randomUUID } from 'node:crypto';
import { makeIdNumber } from '../../domain/ids';
import { PiiCipher } from '../../runtime/pii';
import { caseWorkflowId } from '../../workflows/definitions';
import { eventually } from '../support/cases';
import { observe, startFaultStack, trailOf, type ApiProcess, type ChildProcess, type FaultStack } from './support/fault-stack';

let s: FaultStack;
let worker: ChildProcess;
let pii: PiiCipher;

const STREET = '440104001';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  s = await startFaultStack();
  pii = PiiCipher.fromSpec(s.piiKey, s.piiHashKey);
  worker = await s.startWorker();
});

afterAll(async () => {
  await s?.stop();
});

let n = 0;
function reportBody() {
  n++;
  const idNumber = makeIdNumber('440104', `19${String(40 + n).padStart(2, '0')}0315`, String(100 + Math.floor(Math.random() * 800)));
  return {
    idNumber,
    body: { channel: 'grid', subject: { idNumber, name: '何伯', streetCode: STREET }, situation: { summary: 'no heating, lives alone' } },
  };
}

/** Sends the report; resolves to the status, or to 'connection lost' when the process dies under it. */
async function send(
  api: ApiProcess,
  key: string,
  body: unknown,
): Promise<{ status: number | 'connection lost'; json?: Record<string, unknown> }> {
  try {
    const res = await fetch(`${api.url}/api/v1/reports`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await s.tokenFor('caseworker', STREET)}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  } catch {
    return { status: 'connection lost' };
  }
}

async function expectExactlyOneCase(idNumber: string, caseId: string): Promise<void> {
  const personId = `p-${pii.lookupHash(idNumber)}`;
  expect(await s.prisma.person.count({ where: { id: personId } })).toBe(1);
  const cases = await s.prisma.case.findMany({ where: { personId } });
  expect(cases.map((c) => c.caseId)).toEqual([caseId]);
  expect((cases[0].view as { reportIds: string[] }).reportIds).toHaveLength(1);
  expect((await trailOf(s.prisma, caseId)).map((e) => e.type)).toEqual(['reported']);
  // Temporal holds one run of the person's workflow, too.
  const runs: string[] = [];
  for await (const wf of s.client.workflow.list({ query: `WorkflowId = '${caseWorkflowId(pii.lookupHash(idNumber))}'` }))
    runs.push(wf.runId);
  expect(runs).toHaveLength(1);
}

test('killed while the report waits on its workflow: the retry with the same Idempotency-Key yields exactly one case', async () => {
  // With no worker the report cannot finish: the API is guaranteed to be mid-request when it dies.
  await worker.kill();
  const victim = await s.startApi();
  const { idNumber, body } = reportBody();
  const key = randomUUID();
  const first = send(victim, key, body);
  const workflowId = caseWorkflowId(pii.lookupHash(idNumber));
  // The person is stored and the workflow started: the request is inside its Temporal call.
  await eventually(async () => ((await s.client.workflow.getHandle(workflowId).describe()) ? true : undefined), 20_000);
  await sleep(300);
  await victim.kill();
  expect((await first).status).toBe('connection lost');

  worker = await s.startWorker();
  const api = await s.startApi();
  const retry = await send(api, key, body);
  expect(retry.status).toBe(201);
  expect(retry.json).toMatchObject({ created: true, stage: 'reported' });
  await expectExactlyOneCase(idNumber, retry.json!.caseId as string);
  // A second retry is a replay of the stored answer.
  const again = await send(api, key, body);
  expect(again).toEqual(retry);
  await api.kill();
});

test('killed at different points of handling a report: every retry with the same key yields exactly one case', async () => {
  const outcomes: string[] = [];
  let victim = await s.startApi();
  for (const delayMs of [0, 15, 40, 80, 150, 300]) {
    const { idNumber, body } = reportBody();
    const key = randomUUID();
    const first = send(victim, key, body);
    await sleep(delayMs);
    await victim.kill();
    const firstOutcome = await first;
    outcomes.push(`${delayMs} ms: ${firstOutcome.status}`);

    const retrier = await s.startApi();
    const retry = await send(retrier, key, body);
    expect([delayMs, retry.status]).toEqual([delayMs, 201]);
    if (firstOutcome.status === 201) expect(retry.json).toEqual(firstOutcome.json);
    await expectExactlyOneCase(idNumber, retry.json!.caseId as string);
    victim = retrier; // the next kill hits the process that just answered
  }
  await victim.kill();
  observe('API SIGKILL after sending a report: first attempt by kill delay', outcomes);
  // At least some kills really landed mid-request (the rest completed before the kill).
  expect(outcomes.filter((o) => o.endsWith('connection lost')).length).toBeGreaterThan(0);
});
