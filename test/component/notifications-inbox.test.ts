// The in-app side of notifications: reminders follow the case's assignee (a reassignment redirects
// the next one), the caller's inbox (unread filter, cursor, unread count, mark read), and the daily
// digest Schedule, triggered on demand, writing the right items for the right people once per day.
// Cases live in Baiyun's 人和镇 (440111005, two caseworkers) and Nansha (440115).
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signToken } from '../../runtime/tokens';
import { bucketOf, digestWindow, type DigestPayload } from '../../domain/digest';
import { digestScheduleId, dispatcherWorkflowId } from '../../workflows/notification-definitions';
import { act, actor, eventually, openTestCase, type CaseRef } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let p: TestPlatform;
let receiver: WebhookReceiver;

const RENHE = '440111005';
const CW_1 = `cw-${RENHE}`;
const CW_2 = `cw-${RENHE}-2`;

type Deadlines = Partial<Record<'accept' | 'verify' | 'decide' | 'revisitInterval', string>>;
function policyWith(d: Deadlines) {
  const normal = {
    accept: '1h',
    verify: '1h',
    decide: '1h',
    charityResponse: '1h',
    revisitInterval: '1h',
    reReview: '1h',
    escalationWindow: '1h',
    ...d,
  };
  return testPolicy({ deadlines: { normal, urgent: { ...normal, emergencyAid: '1h' } } });
}

beforeAll(async () => {
  // Its webhook receiver listens on 127.0.0.1, which webhooks reach only when allowed explicitly.
  p = await startTestPlatform({ digestSchedule: true, webhookAllowedHosts: '127.0.0.1' });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await p?.client.workflow
    .getHandle(dispatcherWorkflowId(p.taskQueue))
    .terminate('test over')
    .catch(() => undefined);
  await p?.stop();
  await receiver?.close();
});

async function bearer(userId: string, role: 'caseworker' | 'street_supervisor' | 'city_officer', jurisdictionCode: string) {
  return `Bearer ${await signToken({ userId, role, jurisdictionCode }, p.config.authSecret)}`;
}

async function reminders(caseId: string, clock: string) {
  const rows = await p.prisma.notification.findMany({ where: { caseId, channel: 'in_app', kind: 'reminder' }, orderBy: { id: 'asc' } });
  return rows.filter((r) => (r.payload as { clock?: string }).clock === clock);
}

function openIn(street: string, d: Deadlines): Promise<CaseRef> {
  return openTestCase(p, { streetCode: street, districtCode: street.slice(0, 6) }, { policy: policyWith(d) });
}

describe('recipients follow the case', () => {
  let ref: CaseRef;

  test('reassigning a case redirects the next reminder to the new caseworker', async () => {
    ref = await openIn(RENHE, { verify: '8s', decide: '4s' });
    await act(p, ref, { type: 'accept', assigneeId: CW_1 }, actor('caseworker', RENHE));
    const first = await eventually(async () => {
      const rows = await reminders(ref.caseId, 'verify');
      return rows.length > 0 ? rows : undefined;
    }, 20_000);
    expect(first.map((r) => r.recipientId)).toEqual([CW_1]);

    await act(p, ref, { type: 'assign', assigneeId: CW_2 }, actor('street_supervisor', RENHE));
    await act(p, ref, { type: 'complete-verification', outcome: 'eligible' }, actor('caseworker', RENHE));
    const next = await eventually(async () => {
      const rows = await reminders(ref.caseId, 'decide');
      return rows.length > 0 ? rows : undefined;
    }, 20_000);
    expect(next.map((r) => r.recipientId)).toEqual([CW_2]);
    expect(await p.prisma.notification.count({ where: { caseId: ref.caseId, recipientId: CW_1, kind: 'reminder' } })).toBe(1);
    // Closing stops the clocks, so nothing new lands in the inbox while the next test reads it.
    await act(p, ref, { type: 'close', reason: 'test over' }, actor('caseworker', RENHE));
  });

  test('my notifications: newest first, unread filter, cursor pages, unread count, mark read once', async () => {
    const auth = await bearer(CW_2, 'caseworker', RENHE);
    const list = await request(p.app).get('/api/v1/me/notifications').set('Authorization', auth);
    expect(list.status).toBe(200);
    const mine = list.body.items.filter((n: { caseId: string }) => n.caseId === ref.caseId);
    expect(mine[0]).toMatchObject({
      kind: 'reminder',
      title: '提醒：审批决定期限临近',
      readAt: null,
      payload: { clock: 'decide', stage: 'deciding' },
    });
    const ids = list.body.items.map((n: { id: string }) => BigInt(n.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    const unreadBefore = list.body.unreadCount as number;
    expect(unreadBefore).toBeGreaterThan(0);

    // Paging one at a time visits the same notifications.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(p.app)
        .get('/api/v1/me/notifications')
        .query({ limit: '1', ...(cursor ? { cursor } : {}) })
        .set('Authorization', auth);
      paged.push(...page.body.items.map((n: { id: string }) => n.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(list.body.items.map((n: { id: string }) => n.id));

    const target = mine[0].id as string;
    const read = await request(p.app).post(`/api/v1/me/notifications/${target}/read`).set('Authorization', auth);
    expect(read.status).toBe(200);
    const again = await request(p.app).post(`/api/v1/me/notifications/${target}/read`).set('Authorization', auth);
    expect(again.body.readAt).toBe(read.body.readAt);
    const count = await request(p.app).get('/api/v1/me/notifications/unread-count').set('Authorization', auth);
    expect(count.body).toEqual({ unread: unreadBefore - 1 });
    const unread = await request(p.app).get('/api/v1/me/notifications').query({ unread: 'true' }).set('Authorization', auth);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(target);

    // Someone else's notification is "not found", and stays unread.
    const other = (await p.prisma.notification.findFirstOrThrow({ where: { recipientId: CW_1, channel: 'in_app' } })).id.toString();
    expect((await request(p.app).post(`/api/v1/me/notifications/${other}/read`).set('Authorization', auth)).status).toBe(404);
    expect((await p.prisma.notification.findFirstOrThrow({ where: { id: BigInt(other) } })).readAt).toBeNull();
    expect((await request(p.app).get('/api/v1/me/notifications').query({ cursor: 'bogus' }).set('Authorization', auth)).status).toBe(422);

    const all = await request(p.app).post('/api/v1/me/notifications/read-all').set('Authorization', auth);
    expect(all.status).toBe(200);
    expect(all.body.marked).toBe(unreadBefore - 1);
    expect((await request(p.app).get('/api/v1/me/notifications/unread-count').set('Authorization', auth)).body).toEqual({ unread: 0 });
  });
});

describe('daily digest', () => {
  const NANSHA = '440115001';
  const OTHER = '440115002';

  test('the Schedule triggered on demand lists each caseworker’s overdue, today and this-week items, overdue first, once per day', async () => {
    const city = await bearer('co-440100', 'city_officer', '440100');
    expect((await request(p.app).put(`/api/v1/webhooks/${NANSHA}`).set('Authorization', city).send({ url: receiver.url })).status).toBe(
      201,
    );

    const cw = actor('caseworker', NANSHA);
    const overdue = await openIn(NANSHA, { verify: '1s' });
    const soon = await openIn(NANSHA, { verify: '2h' });
    const thisWeek = await openIn(NANSHA, { verify: '3d' });
    const later = await openIn(NANSHA, { verify: '30d' });
    for (const ref of [overdue, soon, thisWeek, later]) await act(p, ref, { type: 'accept' }, cw);
    const unassigned = await openIn(NANSHA, { accept: '2d' });
    const elsewhere = await openIn(OTHER, { verify: '1d' });
    await act(p, elsewhere, { type: 'accept' }, actor('caseworker', OTHER));
    // The overdue one has passed its deadline (and escalated) in the read model.
    const overdueRow = await eventually(async () => {
      const row = await p.prisma.case.findUnique({ where: { caseId: overdue.caseId } });
      return row && row.escalationLevel > 0 ? row : undefined;
    }, 15_000);
    // A run's time is the Schedule's whole-second scheduled time; make sure it is past the deadline.
    await new Promise((r) => setTimeout(r, Math.max(0, overdueRow.nextDueAt!.getTime() + 1100 - Date.now())));

    const handle = p.client.schedule.getHandle(digestScheduleId(p.taskQueue));
    const described = await handle.describe();
    expect(described.policies.catchupWindow).toBe(86_400_000);
    expect(described.spec.timezone).toBe('Asia/Shanghai');

    const triggeredAt = new Date();
    await handle.trigger();
    const digestOf = async (recipientId: string) => {
      const row = await p.prisma.notification.findFirst({
        where: { recipientId, kind: 'digest', channel: 'in_app', createdAt: { gte: new Date(triggeredAt.getTime() - 1000) } },
      });
      return row ?? undefined;
    };
    const row = await eventually(() => digestOf(`cw-${NANSHA}`), 30_000);
    const digest = row.payload as unknown as DigestPayload;
    const window = digestWindow(digest.generatedFor, 'Asia/Shanghai');
    expect(row.dedupKey).toBe(`digest:${window.localDate}:cw-${NANSHA}:in_app`);
    expect(Math.abs(Date.parse(digest.generatedFor) - triggeredAt.getTime())).toBeLessThan(60_000);

    const listed = digest.items.filter((i) => [overdue, soon, thisWeek, later, unassigned, elsewhere].some((c) => c.caseId === i.caseId));
    expect(listed.map((i) => i.caseId)).toEqual([overdue.caseId, soon.caseId, thisWeek.caseId]);
    expect(listed.map((i) => i.bucket)).toEqual(['overdue', bucketOf(listed[1].dueAt, window), 'week']);
    expect(listed[0]).toMatchObject({ clock: 'verify', kind: 'deadline', stage: 'verifying', streetCode: NANSHA });
    // Overdue items of any case come before everything else.
    const buckets = digest.items.map((i) => i.bucket);
    expect(buckets).toEqual([...buckets].sort((a, b) => ['overdue', 'today', 'week'].indexOf(a) - ['overdue', 'today', 'week'].indexOf(b)));

    // Unassigned cases go to the street supervisor; another street's to its own caseworker.
    const supervisor = (await eventually(() => digestOf(`ss-${NANSHA}`), 10_000)).payload as unknown as DigestPayload;
    expect(supervisor.items.map((i) => i.caseId)).toContain(unassigned.caseId);
    expect(supervisor.items.map((i) => i.caseId)).not.toContain(overdue.caseId);
    const other = (await eventually(() => digestOf(`cw-${OTHER}`), 10_000)).payload as unknown as DigestPayload;
    expect(other.items.map((i) => i.caseId)).toContain(elsewhere.caseId);
    expect(other.items.map((i) => i.caseId)).not.toContain(overdue.caseId);

    // The street's webhook gets the digest too, signed like every notice.
    const hook = await eventually(
      async () => receiver.accepted().find((w) => w.body.kind === 'digest' && w.body.recipientId === `cw-${NANSHA}`),
      20_000,
    );
    expect(hook.body.id).toBe(`digest:${window.localDate}:cw-${NANSHA}:webhook`);
    expect(hook.body.data).toMatchObject({ localDate: window.localDate, counts: digest.counts });

    // A second run the same day (a retry, a catch-up) sends nothing new.
    const before = await p.prisma.notification.count({ where: { kind: 'digest', recipientId: `cw-${NANSHA}` } });
    await handle.trigger();
    await eventually(async () => {
      const runs = (await handle.describe()).info.recentActions.length;
      return runs >= 2 ? true : undefined;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await p.prisma.notification.count({ where: { kind: 'digest', recipientId: `cw-${NANSHA}` } })).toBe(before);
    expect(receiver.accepted().filter((w) => w.body.kind === 'digest' && w.body.recipientId === `cw-${NANSHA}`)).toHaveLength(1);
  });

  test('ensureDigestSchedule is idempotent: calling it again updates the same Schedule', async () => {
    const { ensureDigestSchedule } = await import('../../clients/notification-client');
    const changed = testPolicy({ notifications: { digest: { time: '07:30', timezone: 'Asia/Shanghai' } } });
    const result = await ensureDigestSchedule(p.client, changed, p.taskQueue);
    expect(result).toEqual({ scheduleId: digestScheduleId(p.taskQueue), created: false });
    const spec = (await p.client.schedule.getHandle(result.scheduleId).describe()).spec;
    expect(spec.calendars?.[0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    const fresh = await ensureDigestSchedule(p.client, changed, `test-${randomUUID()}`);
    expect(fresh.created).toBe(true);
    await p.client.schedule.getHandle(fresh.scheduleId).delete();
  });
});
