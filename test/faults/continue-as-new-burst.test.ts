// A burst of concurrent actions on one case while its workflow continues-as-new over and over (the
// case is opened with a tiny history limit): every action is applied exactly once, across runs, and
// the audit trail stays 1..n.
import { randomUUID } from 'node:crypto';
import { openFields } from '../../domain/sealing';
import { PiiCipher } from '../../runtime/pii';
import { act, caseworker, openTestCase } from '../support/cases';
import { expectContiguous, observe, policyWith, startFaultStack, trailOf, type FaultStack } from './support/fault-stack';

let s: FaultStack;

beforeAll(async () => {
  s = await startFaultStack();
  await s.startWorker();
});

afterAll(async () => {
  await s?.stop();
});

const BURST = 40;

test('a burst of concurrent actions during continue-as-new: none is lost, none is applied twice', async () => {
  // Every clock an hour away: only the burst moves this case.
  const ref = await openTestCase(
    s,
    {},
    { policy: policyWith({ accept: '1h', verify: '1h', escalationWindow: '1h' }), maxHistoryEvents: 25 },
  );
  await act(s, ref, { type: 'accept' });
  const firstRun = (await s.client.workflow.getHandle(ref.workflowId).describe()).runId;

  const marker = randomUUID().slice(0, 8);
  const results = await Promise.allSettled(
    Array.from({ length: BURST }, (_, i) =>
      act(s, ref, { type: 'record-visit', visitedAt: new Date().toISOString(), findings: `burst ${marker} #${i}` }, caseworker()),
    ),
  );
  const failures = results.flatMap((r, i) =>
    r.status === 'rejected'
      ? [`#${i}: ${(r.reason as Error).message} (${((r.reason as Error).cause as Error | undefined)?.message ?? 'no cause'})`]
      : [],
  );
  expect(failures).toEqual([]);

  // The workflow continued as new during the burst, more than once.
  const runs: string[] = [];
  for await (const wf of s.client.workflow.list({ query: `WorkflowId = '${ref.workflowId}'` })) runs.push(wf.runId);
  expect(runs.length).toBeGreaterThanOrEqual(3);
  observe(`burst of ${BURST} concurrent actions: workflow runs (continue-as-new)`, runs.length);
  expect(runs).toContain(firstRun);

  const trail = await trailOf(s.prisma, ref.caseId);
  expectContiguous(trail);
  // Findings are sealed at rest (domain/sealing.ts); the stack's key opens them.
  const cipher = PiiCipher.fromSpec(s.piiKey, s.piiHashKey);
  const visits = trail.filter((e) => e.type === 'record-visit').map((e) => openFields(e.details as { findings?: string }, cipher).findings);
  expect(visits).toHaveLength(BURST);
  expect(new Set(visits)).toEqual(new Set(Array.from({ length: BURST }, (_, i) => `burst ${marker} #${i}`)));
  expect(trail.map((e) => e.type).slice(0, 2)).toEqual(['reported', 'accept']);
  expect(trail).toHaveLength(BURST + 2);

  // The latest run still holds the case and takes the next action.
  const after = await act(s, ref, { type: 'complete-verification', outcome: 'eligible' });
  expect(after.stage).toBe('deciding');
  expect((await s.prisma.case.findUniqueOrThrow({ where: { caseId: ref.caseId } })).version).toBe(BURST + 3);
});
