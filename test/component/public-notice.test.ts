// Public notice (公示, DESIGN.md §9) on the real Temporal dev server and PostgreSQL: an approval of the
// minimum living allowance is posted, the case waits in deciding and moves to assisting by itself when
// the (second-long) notice ends; an objection during the notice withdraws the approval.
import { act, eventually, openTestCase, rejectionOf, supervisor, view, type CaseRef } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ withoutApi: true });
});

afterAll(async () => {
  await p?.stop();
});

async function approvedMinimumLiving(noticeLength: string): Promise<CaseRef> {
  const ref = await openTestCase(p, {}, { policy: testPolicy({ publicNotice: { minimum_living: noticeLength } }) });
  await act(p, ref, { type: 'accept' });
  await act(p, ref, { type: 'complete-verification', outcome: 'eligible' });
  // 900 CNY × 3 months: 2700 in total, which a street supervisor approves (§10: the tier of the total).
  await act(p, ref, { type: 'propose-assistance', assistanceType: 'minimum_living', amount: 900, months: 3 });
  return ref;
}

test('the case waits in deciding during the notice and moves to assisting by itself when it ends', async () => {
  const ref = await approvedMinimumLiving('2s');
  const approved = await act(p, ref, { type: 'approve-assistance' }, supervisor());
  expect(approved.stage).toBe('deciding');
  expect(approved.publicNotice).toMatchObject({ assistanceType: 'minimum_living' });
  expect(approved.assistance).toEqual([expect.objectContaining({ status: 'approved', amount: 900, total: 2700 })]);
  const endsAt = approved.publicNotice!.endsAt;
  expect(Date.parse(endsAt) - Date.parse(approved.events.at(-1)!.at)).toBe(2_000);

  const assisting = await eventually(async () => {
    const v = await view(p, ref);
    return v.stage === 'assisting' ? v : undefined;
  });
  expect(assisting.publicNotice).toBeUndefined();
  // Re-review counts from here, and the first month's payment is due (§10).
  expect(assisting.deadlines.map((d) => d.clock).sort()).toEqual(['disbursement', 'reReview']);
  expect(assisting.assistance[0]).toMatchObject({ status: 'active', months: 3 });
  const ended = assisting.events.find((e) => e.type === 'public-notice-ended')!;
  expect(ended).toMatchObject({ actorId: 'system', fromStage: 'deciding', toStage: 'assisting', details: { endsAt } });
  expect(Date.parse(ended.at)).toBeGreaterThanOrEqual(Date.parse(endsAt));
  // The read model follows: the stage and the event are in PostgreSQL.
  await eventually(async () => {
    const row = await p.prisma.case.findUnique({ where: { caseId: ref.caseId } });
    const events = await p.prisma.caseEvent.findMany({ where: { caseId: ref.caseId, type: 'public-notice-ended' } });
    return row?.stage === 'assisting' && events.length === 1 ? true : undefined;
  });
  // Disbursement is now possible, as on any approved case.
  expect((await act(p, ref, { type: 'record-disbursement', amount: 900 })).stage).toBe('monitoring');
});

test('an objection during the notice withdraws the approval; outside a notice it is refused and changes nothing', async () => {
  const ref = await approvedMinimumLiving('1h');
  const before = await view(p, ref);
  expect(await rejectionOf(p, ref, { type: 'record-objection', summary: 'too early' })).toMatchObject({ type: 'NO_PUBLIC_NOTICE' });
  expect((await view(p, ref)).seq).toBe(before.seq);

  await act(p, ref, { type: 'approve-assistance' }, supervisor());
  const objected = await act(p, ref, { type: 'record-objection', summary: 'A neighbour reports a second home' });
  expect(objected.stage).toBe('deciding');
  expect(objected.publicNotice).toBeUndefined();
  expect(objected.assistance[0]).toMatchObject({ status: 'rejected' });
  expect(objected.deadlines.map((d) => d.clock)).toEqual(['decide']);
  expect(objected.events.at(-1)).toMatchObject({
    type: 'record-objection',
    details: { withdrawn: [{ assistanceType: 'minimum_living', total: 2700 }] },
  });
  // A new proposal can be made and decided again.
  await act(p, ref, { type: 'propose-assistance', assistanceType: 'temporary', amount: 500 });
  expect((await act(p, ref, { type: 'approve-assistance' }, supervisor())).stage).toBe('assisting');
});
