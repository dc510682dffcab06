// The case workflow on the real Temporal dev server and PostgreSQL, driven through its Updates with
// short policy durations (seconds) so deadlines really pass.
import {
  act,
  cityOfficer,
  districtOfficer,
  eventually,
  fileReport,
  historyLength,
  makeReport,
  openTestCase,
  rejectionOf,
  supervisor,
  view,
  OTHER_STREET,
} from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { CaseDistrictKey, CaseEscalationLevelKey, CaseStageKey, CaseStreetKey, CaseUrgencyKey } from '../../workflows/search-attributes';
import { createCaseClient } from '../../clients/case-client';
import { caseWorkflowId } from '../../workflows/definitions';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({
    withoutApi: true,
    policyOverrides: {
      deadlines: {
        normal: {
          accept: '4s',
          verify: '1h',
          decide: '1h',
          charityResponse: '1h',
          revisitInterval: '1h',
          reReview: '1h',
          escalationWindow: '3s',
        },
        urgent: {
          accept: '2s',
          emergencyAid: '1h',
          verify: '1h',
          decide: '1h',
          charityResponse: '1h',
          revisitInterval: '1h',
          reReview: '1h',
          escalationWindow: '3s',
        },
      },
    },
  });
});

afterAll(async () => {
  await p?.stop();
});

async function caseRow(caseId: string) {
  return p.prisma.case.findUnique({ where: { caseId } });
}

describe('opening and attaching reports', () => {
  test('a report opens a case in stage reported and projects it to PostgreSQL before answering', async () => {
    const report = makeReport();
    const result = await fileReport(p, report);
    expect(result).toMatchObject({ created: true, stage: 'reported', urgency: 'normal' });
    const row = await caseRow(result.caseId);
    expect(row).toMatchObject({ stage: 'reported', streetCode: '440104001', districtCode: '440104', urgency: 'normal' });
    const events = await p.prisma.caseEvent.findMany({ where: { caseId: result.caseId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['reported']);
  });

  test('a second report about the same person attaches, answers created: false and raises urgency', async () => {
    const first = makeReport();
    const opened = await fileReport(p, first);
    const second = makeReport({ personId: first.personId, urgentFlags: ['critical_illness'] });
    const attached = await fileReport(p, second);
    expect(attached).toMatchObject({ caseId: opened.caseId, created: false, urgency: 'urgent' });
    const v = await view(p, { workflowId: opened.workflowId, caseId: opened.caseId, personKey: first.personId });
    expect(v.events.map((e) => e.type)).toEqual(expect.arrayContaining(['reported', 'report-attached', 'urgency-raised']));
    // A later normal report never lowers urgency.
    const third = await fileReport(p, makeReport({ personId: first.personId }));
    expect(third.urgency).toBe('urgent');
  });

  test('the same report sent twice is recorded once', async () => {
    const report = makeReport();
    const a = await fileReport(p, report);
    const b = await fileReport(p, report);
    expect(b.caseId).toBe(a.caseId);
    expect(b.created).toBe(true);
    const events = await p.prisma.caseEvent.count({ where: { caseId: a.caseId } });
    expect(events).toBe(1);
  });

  test('after a case is closed, a new report about the person opens a new case', async () => {
    const ref = await openTestCase(p);
    await act(p, ref, { type: 'close', reason: 'duplicate of a paper file' });
    const next = await eventually(async () => {
      try {
        return await fileReport(p, makeReport({ personId: ref.personKey }));
      } catch {
        return undefined; // the closed run may still be finishing
      }
    });
    expect(next.created).toBe(true);
    expect(next.caseId).not.toBe(ref.caseId);
    expect((await caseRow(ref.caseId))?.stage).toBe('closed');
  });
});

describe('actions', () => {
  test('an action illegal in the current stage is rejected with a reason and leaves no trace in history', async () => {
    const ref = await openTestCase(p);
    const before = await historyLength(p, ref.workflowId);
    const rejection = await rejectionOf(p, ref, { type: 'complete-verification', outcome: 'eligible' });
    expect(rejection?.type).toBe('STAGE_NOT_ALLOWED');
    expect(rejection?.message).toMatch(/verifying/);
    expect(await historyLength(p, ref.workflowId)).toBe(before);
    expect((await view(p, ref)).stage).toBe('reported');
  });

  test('a role may not perform an action outside its duties', async () => {
    const ref = await openTestCase(p);
    const rejection = await rejectionOf(p, ref, { type: 'accept' }, districtOfficer());
    expect(rejection?.type).toBe('ROLE_NOT_ALLOWED');
  });

  test('the full path reported → verifying → deciding → assisting → monitoring, with approval tiers', async () => {
    const ref = await openTestCase(p);
    let v = await act(p, ref, { type: 'accept' });
    expect(v).toMatchObject({ stage: 'verifying', assigneeId: 'cw-440104001' });
    await act(p, ref, {
      type: 'record-visit',
      visitedAt: new Date().toISOString(),
      findings: 'no income, rent arrears',
      householdSize: 2,
      monthlyIncome: 300,
    });
    await act(p, ref, { type: 'record-economic-check', result: 'eligible' });
    v = await act(p, ref, { type: 'complete-verification', outcome: 'eligible' });
    expect(v.stage).toBe('deciding');
    await act(p, ref, { type: 'propose-assistance', assistanceType: 'temporary', amount: 3500 });
    const tooLow = await rejectionOf(p, ref, { type: 'approve-assistance' }, supervisor());
    expect(tooLow?.type).toBe('APPROVAL_TIER_EXCEEDED');
    v = await act(p, ref, { type: 'approve-assistance', note: 'approved at district' }, districtOfficer());
    expect(v.stage).toBe('assisting');
    v = await act(p, ref, { type: 'record-disbursement', amount: 3500 });
    expect(v.stage).toBe('monitoring');
    expect(v.deadlines.map((d) => d.clock)).toEqual(['reReview']);
    const row = await eventually(async () => {
      const r = await caseRow(ref.caseId);
      return r?.stage === 'monitoring' ? r : undefined;
    });
    const trail = await p.prisma.caseEvent.findMany({ where: { caseId: ref.caseId }, orderBy: { seq: 'asc' } });
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
    expect(trail.map((e) => e.type)).toEqual([
      'reported',
      'accept',
      'record-visit',
      'record-economic-check',
      'complete-verification',
      'propose-assistance',
      'approve-assistance',
      'record-disbursement',
    ]);
    expect(row.version).toBe(trail.length);
    // Search attributes follow the case (and carry no personal data: only codes and stage).
    const described = await p.client.workflow.getHandle(ref.workflowId).describe();
    expect(described.typedSearchAttributes.get(CaseStageKey)).toBe('monitoring');
    expect(described.typedSearchAttributes.get(CaseDistrictKey)).toBe('440104');
    expect(described.typedSearchAttributes.get(CaseStreetKey)).toBe('440104001');
    expect(described.typedSearchAttributes.get(CaseEscalationLevelKey)).toBe(0);
  });

  // Upserting them at the first projection cost every new case one more history event and visibility write.
  test('a report starts its case with the search attributes of its opening; the workflow upserts them when they change', async () => {
    const report = makeReport({ urgentFlags: ['minor_unattended'], subjectIsMinor: true });
    const opened = await createCaseClient({ temporal: p.client, taskQueue: p.taskQueue }).report(report.personId, { report }, p.policy);
    const ref = { workflowId: caseWorkflowId(report.personId), caseId: opened.caseId, personKey: report.personId };
    const handle = p.client.workflow.getHandle(ref.workflowId);
    const upserts = async () => (await handle.fetchHistory()).events!.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length;
    const atStart = (await handle.describe()).typedSearchAttributes;
    expect(atStart.get(CaseStageKey)).toBe('reported');
    expect(atStart.get(CaseUrgencyKey)).toBe('urgent');
    expect(atStart.get(CaseStreetKey)).toBe(report.streetCode);
    expect(atStart.get(CaseEscalationLevelKey)).toBe(0);
    expect(await upserts()).toBe(0);

    await act(p, ref, { type: 'accept' });
    expect((await handle.describe()).typedSearchAttributes.get(CaseStageKey)).toBe('verifying');
    expect(await upserts()).toBe(1);
  });

  test('emergency aid before verification is allowed only on the green channel', async () => {
    const normal = await openTestCase(p);
    expect((await rejectionOf(p, normal, { type: 'grant-emergency-aid', amount: 500 }))?.type).toBe('NOT_URGENT');
    const urgent = await openTestCase(p, { urgentFlags: ['minor_unattended'], subjectIsMinor: true });
    const v = await act(p, urgent, { type: 'grant-emergency-aid', amount: 800, kind: 'cash' });
    expect(v.emergencyAidTotal).toBe(800);
  });

  test('a transfer moves the case to the new street and restarts the acceptance clock there', async () => {
    const ref = await openTestCase(p);
    const before = (await view(p, ref)).deadlines.find((d) => d.clock === 'accept')!;
    await new Promise((r) => setTimeout(r, 1000));
    const v = await act(p, ref, { type: 'transfer', toStreetCode: OTHER_STREET, reason: 'family lives in Renmin street' }, supervisor());
    expect(v.streetCode).toBe(OTHER_STREET);
    const after = v.deadlines.find((d) => d.clock === 'accept')!;
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
  });
});

describe('deadlines and escalation', () => {
  test('a missed acceptance deadline reminds, escalates to the district, then to the city; accepting resolves it', async () => {
    const ref = await openTestCase(p);
    const escalation = await eventually(async () => {
      const rows = await p.prisma.escalation.findMany({ where: { caseId: ref.caseId } });
      return rows.find((r) => r.level === 2);
    }, 30_000);
    expect(escalation).toMatchObject({ clock: 'accept', status: 'open', districtCode: '440104' });
    const types = (await p.prisma.caseEvent.findMany({ where: { caseId: ref.caseId }, orderBy: { seq: 'asc' } })).map((e) => e.type);
    expect(types).toEqual(['reported', 'reminder', 'escalated', 'escalation-raised']);
    expect((await caseRow(ref.caseId))?.escalationLevel).toBe(2);

    await act(p, ref, { type: 'accept' });
    const resolved = await p.prisma.escalation.findUniqueOrThrow({ where: { escalationId: escalation.escalationId } });
    expect(resolved.status).toBe('resolved');
    expect(Number(resolved.timeToResolveMs)).toBeGreaterThan(0);
    const feed = await p.prisma.escalationFeed.findMany({ where: { escalationId: escalation.escalationId }, orderBy: { id: 'asc' } });
    expect(feed.map((f) => f.kind)).toEqual(['new', 'raised', 'resolved']);
    const notices = await p.prisma.notification.findMany({ where: { caseId: ref.caseId } });
    expect(notices.map((n) => n.recipientId)).toEqual(expect.arrayContaining(['do-440104', 'co-440100', 'ss-440104001']));
  });

  test('urgent cases run the shorter urgent clocks', async () => {
    const ref = await openTestCase(p, { urgentFlags: ['disaster'] });
    const v = await view(p, ref);
    const accept = v.deadlines.find((d) => d.clock === 'accept')!;
    const ms = Date.parse(accept.dueAt) - Date.parse(v.openedAt);
    expect(ms).toBe(2000);
  });

  test('pausing the clock stops the deadline; resuming moves it later by the paused time', async () => {
    const ref = await openTestCase(p);
    const due = Date.parse((await view(p, ref)).deadlines.find((d) => d.clock === 'accept')!.dueAt);
    await act(p, ref, {
      type: 'pause-clock',
      reason: 'person in hospital',
      expectedResumeAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await new Promise((r) => setTimeout(r, 6000)); // past the 4 s acceptance deadline
    expect(await p.prisma.escalation.count({ where: { caseId: ref.caseId } })).toBe(0);
    const v = await act(p, ref, { type: 'resume-clock' });
    const moved = Date.parse(v.deadlines.find((d) => d.clock === 'accept')!.dueAt);
    expect(moved - due).toBeGreaterThanOrEqual(5000);
    expect(v.events.map((e) => e.type)).toEqual(expect.arrayContaining(['pause-clock', 'resume-clock']));
  });
});

describe('approval tiers', () => {
  test('a city officer can approve any amount', async () => {
    const ref = await openTestCase(p);
    await act(p, ref, { type: 'accept' });
    await act(p, ref, { type: 'complete-verification', outcome: 'eligible' });
    await act(p, ref, { type: 'propose-assistance', assistanceType: 'medical', amount: 25_000, months: 3 });
    expect((await rejectionOf(p, ref, { type: 'approve-assistance' }, districtOfficer()))?.type).toBe('APPROVAL_TIER_EXCEEDED');
    const v = await act(p, ref, { type: 'approve-assistance' }, cityOfficer());
    expect(v.stage).toBe('assisting');
  });
});
