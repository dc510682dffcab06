// Long-lived parts of a case on the real Temporal server: charity referral, the watch-list revisit
// loop (reminders, overdue escalation) and continue-as-new keeping clocks and the audit trail intact.
import { act, eventually, openTestCase, view, type CaseRef } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';

let p: TestPlatform;

const shortRevisits = testPolicy({
  deadlines: {
    normal: {
      accept: '1h',
      verify: '1h',
      decide: '1h',
      charityResponse: '3s',
      revisitInterval: '3s',
      reReview: '1h',
      escalationWindow: '2s',
    },
    urgent: {
      accept: '1h',
      emergencyAid: '1h',
      verify: '1h',
      decide: '1h',
      charityResponse: '3s',
      revisitInterval: '3s',
      reReview: '1h',
      escalationWindow: '2s',
    },
  },
});

beforeAll(async () => {
  p = await startTestPlatform({ withoutApi: true });
});

afterAll(async () => {
  await p?.stop();
});

async function eventTypes(caseId: string): Promise<string[]> {
  const rows = await p.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  return rows.map((r) => r.type);
}

async function toMonitoring(ref: CaseRef) {
  await act(p, ref, { type: 'accept' });
  return act(p, ref, { type: 'complete-verification', outcome: 'watch', note: 'income just above the line' });
}

test('a watch-list family is reminded before its revisit, escalated when it is overdue, and record-revisit resolves it and schedules the next', async () => {
  const ref = await openTestCase(p, {}, { policy: shortRevisits });
  const v = await toMonitoring(ref);
  expect(v).toMatchObject({ stage: 'monitoring', monitoringMode: 'watch' });
  await eventually(async () => ((await eventTypes(ref.caseId)).includes('escalated') ? true : undefined), 20_000);
  const types = await eventTypes(ref.caseId);
  expect(types.indexOf('reminder')).toBeLessThan(types.indexOf('escalated'));

  const after = await act(p, ref, {
    type: 'record-revisit',
    visitedAt: new Date().toISOString(),
    findings: 'no change',
    circumstancesChanged: false,
  });
  expect(after.stage).toBe('monitoring');
  expect(after.deadlines.map((d) => d.clock)).toEqual(['revisitInterval']);
  const escalations = await p.prisma.escalation.findMany({ where: { caseId: ref.caseId } });
  expect(escalations).toHaveLength(1);
  expect(escalations[0].status).toBe('resolved');
});

test('changed circumstances on a revisit send the case back to verification', async () => {
  const ref = await openTestCase(p, {}, { policy: shortRevisits });
  await toMonitoring(ref);
  const v = await act(p, ref, {
    type: 'record-revisit',
    visitedAt: new Date().toISOString(),
    findings: 'lost job',
    circumstancesChanged: true,
  });
  expect(v.stage).toBe('verifying');
  expect(v.deadlines.map((d) => d.clock)).toContain('verify');
});

test('charity referral: a silent charity escalates; completion moves the case to monitoring', async () => {
  const ref = await openTestCase(p, {}, { policy: shortRevisits });
  await act(p, ref, { type: 'accept' });
  await act(p, ref, { type: 'complete-verification', outcome: 'eligible' });
  let v = await act(p, ref, { type: 'refer-to-charity', organisationId: 'org-gz-charity', needs: ['school fees'] });
  expect(v.stage).toBe('referred');
  await eventually(async () => {
    const e = await p.prisma.escalation.findFirst({ where: { caseId: ref.caseId, clock: 'charityResponse' } });
    return e ?? undefined;
  }, 15_000);
  v = await act(p, ref, { type: 'charity-response', response: 'completed', note: 'fees paid for the term' });
  expect(v.stage).toBe('monitoring');
  const referral = await p.prisma.referral.findFirstOrThrow({ where: { caseId: ref.caseId } });
  expect(referral.status).toBe('completed');
  const esc = await p.prisma.escalation.findFirstOrThrow({ where: { caseId: ref.caseId, clock: 'charityResponse' } });
  expect(esc.status).toBe('resolved');
});

test('the revisit loop continues as new to bound history, losing no clock, escalation or event', async () => {
  const ref = await openTestCase(p, {}, { policy: shortRevisits, maxHistoryEvents: 40 });
  const handle = p.client.workflow.getHandle(ref.workflowId);
  const firstRunId = (await handle.describe()).runId;
  await toMonitoring(ref);
  for (let i = 0; i < 8; i++) {
    await act(p, ref, { type: 'record-revisit', visitedAt: new Date().toISOString(), findings: `visit ${i}`, circumstancesChanged: false });
  }
  const secondRunId = await eventually(async () => {
    const d = await handle.describe();
    return d.runId !== firstRunId ? d.runId : undefined;
  }, 20_000);
  expect(secondRunId).not.toBe(firstRunId);
  // After continue-as-new the case still answers, its clock still fires and the trail has no gap.
  const v = await view(p, ref);
  expect(v.stage).toBe('monitoring');
  await eventually(async () => {
    const types = await eventTypes(ref.caseId);
    return types.lastIndexOf('reminder') > types.lastIndexOf('record-revisit') ? true : undefined;
  }, 20_000);
  const rows = await p.prisma.caseEvent.findMany({ where: { caseId: ref.caseId }, orderBy: { seq: 'asc' } });
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  expect(rows.filter((r) => r.type === 'record-revisit')).toHaveLength(8);
});

test('a burst of concurrent actions while the case continues as new loses none and never deadlocks', async () => {
  const ref = await openTestCase(p, {}, { policy: shortRevisits, maxHistoryEvents: 30 });
  await toMonitoring(ref);
  const burst = Array.from({ length: 20 }, (_, i) =>
    act(p, ref, { type: 'record-visit', visitedAt: new Date().toISOString(), findings: `burst ${i}` }),
  );
  const results = await Promise.allSettled(burst);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  const rows = await p.prisma.caseEvent.findMany({ where: { caseId: ref.caseId }, orderBy: { seq: 'asc' } });
  expect(rows.filter((r) => r.type === 'record-visit')).toHaveLength(20);
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
});
