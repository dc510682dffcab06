// Quick response (快速响应, DESIGN.md §7) on the real stack: a report through the API writes in-app
// `new-case` notices for the street's active caseworkers before it answers, an urgent one for the
// street supervisors too; a transfer tells the receiving street; a configured webhook gets one row per
// recipient, and projecting the same events again writes nothing twice. Cases live in Huadu (440114);
// other test files may open cases there too, so every check names this file's cases.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createProjectionActivities } from '../../activities/projection';
import { openCase } from '../../domain/case-machine';
import { toCaseView } from '../../domain/case-view';
import { makeIdNumber } from '../../domain/ids';
import { DEFAULT_POLICY } from '../../domain/policy';
import { dispatcherWorkflowId } from '../../workflows/notification-definitions';
import { eventually, makeReport } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const HUADU = '440114';
const S1 = '440114001';
const S2 = '440114002';
const S3 = '440114003';
const S4 = '440114004';
/** An inactive caseworker of S1: a former colleague must not get the street's notices. */
const LEFT = `cw-${S1}-left`;
const QUICK_KINDS = ['new-case', 'case-transferred'];

let p: TestPlatform;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // The receiver listens on 127.0.0.1, which webhooks reach only when allowed explicitly.
  p = await startTestPlatform({ webhookAllowedHosts: '127.0.0.1' });
  receiver = await startWebhookReceiver();
  await p.prisma.staffUser.create({
    data: { id: LEFT, role: 'caseworker', jurisdictionCode: S1, nameZh: '离职社工', nameEn: 'Former caseworker', active: false },
  });
});

afterAll(async () => {
  await p?.prisma.staffUser.delete({ where: { id: LEFT } }).catch(() => undefined);
  await p?.prisma.webhookEndpoint.delete({ where: { jurisdictionCode: S3 } }).catch(() => undefined);
  await p?.client.workflow
    .getHandle(dispatcherWorkflowId(p.taskQueue))
    .terminate('test over')
    .catch(() => undefined);
  await p?.stop();
  await receiver?.close();
});

let seq = 0;
/** The cases this file opened in S1. */
const openedInS1: string[] = [];
async function report(street: string, urgentFlags: string[] = []): Promise<string> {
  seq++;
  const res = await request(p.app)
    .post('/api/v1/reports')
    .set('Authorization', `Bearer ${await p.tokenFor('hotline', '440100')}`)
    .send({
      channel: 'hotline',
      subject: {
        idNumber: makeIdNumber(
          HUADU,
          `19${String(40 + seq).padStart(2, '0')}0${1 + (seq % 9)}1${seq % 10}`,
          String(100 + Math.floor(Math.random() * 800)),
        ),
        name: `快速响应${String.fromCharCode(0x4e00 + seq * 11)}`,
        streetCode: street,
      },
      situation: { summary: '独居老人，无人照料', urgentFlags },
    });
  expect(res.status).toBe(201);
  if (street === S1) openedInS1.push(res.body.caseId);
  return res.body.caseId as string;
}

/** This case's in-app quick-response rows as (kind, recipient), in recipient order. */
async function quickRows(caseId: string, channel: 'in_app' | 'webhook' = 'in_app') {
  const rows = await p.prisma.notification.findMany({
    where: { caseId, channel, kind: { in: QUICK_KINDS } },
    orderBy: { recipientId: 'asc' },
  });
  return rows.map((r) => ({ kind: r.kind, recipientId: r.recipientId, payload: r.payload as Record<string, unknown> }));
}

test("a report notifies the street's active caseworkers at once, with codes and urgency only", async () => {
  const caseId = await report(S1);
  // No waiting: the report answers after its events (and their notices) are projected.
  const rows = await quickRows(caseId);
  expect(rows.map((r) => [r.kind, r.recipientId])).toEqual([['new-case', `cw-${S1}`]]);
  expect(rows[0].payload).toEqual({
    caseId,
    title: '新案件：请及时受理',
    eventType: 'reported',
    streetCode: S1,
    districtCode: HUADU,
    urgency: 'normal',
    stage: 'reported',
    at: expect.any(String),
  });
  expect(JSON.stringify(rows)).not.toMatch(/独居|快速响应|\d{17}[\dX]/);

  // The caseworker sees it in the inbox, under its own kind.
  const inbox = await request(p.app)
    .get('/api/v1/me/notifications')
    .set('Authorization', `Bearer ${await p.tokenFor('caseworker', S1)}`);
  expect(inbox.status).toBe(200);
  expect(inbox.body.items.find((n: { caseId: string }) => n.caseId === caseId)).toMatchObject({
    kind: 'new-case',
    title: '新案件：请及时受理',
    readAt: null,
  });
});

test('an urgent report also notifies the street supervisors (green channel)', async () => {
  const caseId = await report(S2, ['disaster']);
  const rows = await quickRows(caseId);
  expect(rows.map((r) => [r.kind, r.recipientId])).toEqual([
    ['new-case', `cw-${S2}`],
    ['new-case', `ss-${S2}`],
  ]);
  for (const r of rows) expect(r.payload).toMatchObject({ title: '紧急新案件（绿色通道）：请立即受理', urgency: 'urgent' });
});

test("a transfer notifies the receiving street's caseworkers and supervisors, not the sending street", async () => {
  const caseId = await report(S1);
  const res = await request(p.app)
    .post(`/api/v1/cases/${caseId}/actions`)
    .set('Authorization', `Bearer ${await p.tokenFor('street_supervisor', S1)}`)
    .send({ type: 'transfer', toStreetCode: S4, reason: '实际居住在新华街' });
  expect(res.status).toBe(200);
  const transferred = (await quickRows(caseId)).filter((r) => r.kind === 'case-transferred');
  expect(transferred.map((r) => r.recipientId)).toEqual([`cw-${S4}`, `ss-${S4}`]);
  expect(transferred[0].payload).toMatchObject({
    title: '转入案件：请及时受理',
    eventType: 'transfer',
    fromStreetCode: S1,
    toStreetCode: S4,
    streetCode: S4,
    districtCode: HUADU,
  });
  expect(JSON.stringify(transferred)).not.toContain('新华街');
  // The sending street had its new-case notice when the case opened, and nothing for the transfer.
  expect((await quickRows(caseId)).filter((r) => r.recipientId.endsWith(S1)).map((r) => r.kind)).toEqual(['new-case']);
});

test('with a webhook configured each recipient gets one webhook row, delivered once; a replayed projection adds none', async () => {
  const city = `Bearer ${await p.tokenFor('city_officer', '440100')}`;
  expect((await request(p.app).put(`/api/v1/webhooks/${S3}`).set('Authorization', city).send({ url: receiver.url })).status).toBe(201);

  const caseId = await report(S3, ['critical_illness']);
  const hooks = await quickRows(caseId, 'webhook');
  expect(hooks.map((r) => r.recipientId)).toEqual([`cw-${S3}`, `ss-${S3}`]);
  const delivered = await eventually(async () => {
    const got = receiver.accepted().filter((w) => w.body.caseId === caseId && w.body.kind === 'new-case');
    return got.length === 2 ? got : undefined;
  }, 20_000);
  expect(delivered.map((w) => w.body.recipientId).sort()).toEqual([`cw-${S3}`, `ss-${S3}`]);
  expect(delivered[0].body.data).toMatchObject({ title: '紧急新案件（绿色通道）：请立即受理', streetCode: S3 });

  // The same opening batch projected twice more (a retried activity, a replay): still one row each.
  const { projectCase } = createProjectionActivities({ prisma: p.prisma, secrets: p.pii });
  const other = `c-${randomUUID()}`;
  const opened = openCase({
    caseId: other,
    report: makeReport({ streetCode: S3, districtCode: HUADU, urgentFlags: ['disaster'] }),
    policy: DEFAULT_POLICY,
    now: new Date().toISOString(),
  });
  const input = {
    workflowId: `case-${other}`,
    state: opened.state,
    view: toCaseView(opened.state, opened.events),
    policy: DEFAULT_POLICY,
    events: opened.events,
  };
  await projectCase(input);
  await projectCase(input);
  for (const channel of ['in_app', 'webhook'] as const) {
    expect((await quickRows(other, channel)).map((r) => r.recipientId)).toEqual([`cw-${S3}`, `ss-${S3}`]);
  }
});

test('an inactive caseworker of the street is never notified', async () => {
  // Every case above opened in S1 told its one active caseworker; the former colleague got nothing.
  expect(await p.prisma.notification.count({ where: { recipientId: LEFT } })).toBe(0);
  expect(openedInS1).toHaveLength(2);
  const told = await p.prisma.notification.findMany({ where: { caseId: { in: openedInS1 }, kind: 'new-case', channel: 'in_app' } });
  expect(told.map((n) => n.recipientId)).toEqual([`cw-${S1}`, `cw-${S1}`]);
});
