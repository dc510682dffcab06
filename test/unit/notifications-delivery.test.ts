// Unit tests of webhook delivery rules: signatures a receiver can verify (and replays it can refuse),
// endpoint resolution street → district → city, backoff and the dead-letter cut-off, the body a
// receiver gets, and who is notified of which case event.
import { signWebhook, verifyWebhookSignature } from '../../activities/webhook-signature';
import type { CaseEvent } from '../../domain/case-types';
import {
  backoffDelayMs,
  deliverySettingsOf,
  endpointCandidates,
  outcomeOf,
  resolveEndpoint,
  webhookBody,
} from '../../domain/notification-delivery';
import { eventDedupKey, notificationsFor } from '../../domain/notifications';
import { DEFAULT_POLICY, parsePolicy, DEFAULT_POLICY_JSON } from '../../domain/policy';

describe('verifyWebhookSignature', () => {
  const secret = 'whsec_test-secret-with-enough-length';
  const body = JSON.stringify({ id: 'c-1:3:cw-1:webhook', kind: 'reminder' });
  const now = 1_790_000_000;

  it('accepts the headers signWebhook produced for the exact body', () => {
    const h = signWebhook(secret, body, now);
    expect(h['X-PA-Signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body, h['X-PA-Signature'], 300, now + 10)).toBe(true);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], Buffer.from(body), h['X-PA-Signature'], 300, now)).toBe(true);
  });

  it('refuses a changed body, another secret, or a signature moved to another timestamp', () => {
    const h = signWebhook(secret, body, now);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body.replace('reminder', 'digest'), h['X-PA-Signature'], 300, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature('another-secret-of-enough-length!', h['X-PA-Timestamp'], body, h['X-PA-Signature'], 300, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, String(now + 1), body, h['X-PA-Signature'], 300, now)).toBe(false);
  });

  it('refuses a replay outside the tolerance, in either direction', () => {
    const h = signWebhook(secret, body, now);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body, h['X-PA-Signature'], 300, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body, h['X-PA-Signature'], 300, now - 301)).toBe(false);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body, h['X-PA-Signature'], 300, now + 300)).toBe(true);
  });

  it('refuses missing or malformed headers, and accepts any one valid entry of a list', () => {
    const h = signWebhook(secret, body, now);
    expect(verifyWebhookSignature(secret, undefined, body, h['X-PA-Signature'], 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body, undefined, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, 'yesterday', body, h['X-PA-Signature'], 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body, h['X-PA-Signature'].replace('v1=', 'v0='), 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body, 'v1=zz', 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, h['X-PA-Timestamp'], body, `v1=${'0'.repeat(64)}, ${h['X-PA-Signature']}`, 300, now)).toBe(true);
  });
});

describe('endpoint resolution', () => {
  it('lists the most specific jurisdiction first', () => {
    expect(endpointCandidates('440118004')).toEqual(['440118004', '440118', '440100']);
    expect(endpointCandidates('440118')).toEqual(['440118', '440100']);
    expect(endpointCandidates('440100')).toEqual(['440100']);
  });

  it('uses the street, else the district, else the city, else nothing', () => {
    expect(resolveEndpoint('440118004', ['440100', '440118', '440118004'])).toBe('440118004');
    expect(resolveEndpoint('440118004', ['440100', '440118'])).toBe('440118');
    expect(resolveEndpoint('440118004', new Set(['440100', '440118005']))).toBe('440100');
    expect(resolveEndpoint('440118004', ['440104', '440104001'])).toBeNull();
  });
});

describe('retries', () => {
  const settings = { maxAttempts: 4, backoffMs: 1000, maxBackoffMs: 5000 };

  it('backs off exponentially up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 60].map((n) => backoffDelayMs(n, settings))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('schedules the next attempt after a failure and gives up after the last allowed attempt', () => {
    const now = new Date('2026-12-01T00:00:00.000Z');
    expect(outcomeOf(true, 4, settings, now)).toEqual({ state: 'delivered' });
    expect(outcomeOf(false, 2, settings, now)).toEqual({ state: 'pending', nextAttemptAt: new Date('2026-12-01T00:00:02.000Z') });
    expect(outcomeOf(false, 4, settings, now)).toEqual({ state: 'dead' });
  });

  it('takes its settings from the policy, and defaults for a policy stored before they existed', () => {
    expect(deliverySettingsOf(DEFAULT_POLICY)).toEqual({ maxAttempts: 8, backoffMs: 60_000, maxBackoffMs: 3_600_000 });
    const tight = parsePolicy({ ...DEFAULT_POLICY_JSON, notifications: { maxAttempts: 3, backoff: { initial: '1s', max: '2s' } } });
    expect(deliverySettingsOf(tight)).toEqual({ maxAttempts: 3, backoffMs: 1000, maxBackoffMs: 2000 });
    expect(deliverySettingsOf({ notifications: { maxAttempts: 5 } })).toEqual({
      maxAttempts: 5,
      backoffMs: 60_000,
      maxBackoffMs: 3_600_000,
    });
    expect(deliverySettingsOf({})).toEqual({ maxAttempts: 8, backoffMs: 60_000, maxBackoffMs: 3_600_000 });
  });
});

describe('webhookBody', () => {
  it('carries the stable id receivers deduplicate on, and the notification data', () => {
    const body = JSON.parse(
      webhookBody({
        id: BigInt(42),
        dedupKey: 'c-1:3:cw-1:webhook',
        kind: 'reminder',
        caseId: 'c-1',
        recipientId: 'cw-1',
        endpointCode: '440118',
        payload: { clock: 'verify', dueAt: '2026-12-01T00:00:00.000Z' },
        createdAt: new Date('2026-11-30T00:00:00.000Z'),
      }),
    );
    expect(body).toEqual({
      id: 'c-1:3:cw-1:webhook',
      notificationId: '42',
      kind: 'reminder',
      caseId: 'c-1',
      recipientId: 'cw-1',
      jurisdictionCode: '440118',
      createdAt: '2026-11-30T00:00:00.000Z',
      data: { clock: 'verify', dueAt: '2026-12-01T00:00:00.000Z' },
    });
  });
});

describe('notificationsFor', () => {
  const base = { caseId: 'c-1', streetCode: '440118004', districtCode: '440118', stage: 'verifying' as const };
  const event = (type: string, details: Record<string, unknown> = {}): CaseEvent => ({
    eventId: 'c-1:7',
    seq: 7,
    type,
    at: '2026-11-30T00:00:00.000Z',
    actorId: 'system',
    fromStage: null,
    toStage: null,
    details: { clock: 'verify', ...details },
  });
  const targets = (intents: ReturnType<typeof notificationsFor>) => intents.map((i) => i.target);

  it('sends reminders to the assignee, or to the street supervisors while unassigned', () => {
    expect(targets(notificationsFor(event('reminder'), { ...base, assigneeId: 'cw-440118004-2' }))).toEqual([
      { kind: 'user', userId: 'cw-440118004-2' },
    ]);
    expect(targets(notificationsFor(event('reminder'), { ...base, assigneeId: null }))).toEqual([
      { kind: 'role', role: 'street_supervisor', jurisdictionCode: '440118004' },
    ]);
  });

  it('sends escalations to the district (level 1) and the city (level 2), resolutions to whoever it reached', () => {
    const state = { ...base, assigneeId: 'cw-440118004' };
    expect(targets(notificationsFor(event('escalated'), state))).toContainEqual({
      kind: 'role',
      role: 'district_officer',
      jurisdictionCode: '440118',
    });
    expect(targets(notificationsFor(event('escalation-raised'), state))).toContainEqual({
      kind: 'role',
      role: 'city_officer',
      jurisdictionCode: '440100',
    });
    expect(targets(notificationsFor(event('escalation-resolved', { level: 'district' }), state))).not.toContainEqual(
      expect.objectContaining({ role: 'city_officer' }),
    );
    expect(targets(notificationsFor(event('escalation-resolved', { level: 'city' }), state))).toContainEqual(
      expect.objectContaining({ role: 'city_officer' }),
    );
    expect(notificationsFor(event('accept'), state)).toEqual([]);
  });

  it('titles each notice and keys it per event, recipient and channel', () => {
    const [intent] = notificationsFor(event('reminder'), { ...base, assigneeId: 'cw-1' });
    expect(intent.summary.title).toBe('提醒：核查期限临近');
    expect(eventDedupKey('c-1:7', 'cw-1', 'in_app')).toBe('c-1:7:cw-1:in_app');
    expect(eventDedupKey('c-1:7', 'cw-1', 'webhook')).toBe('c-1:7:cw-1:webhook');
  });
});

describe('notificationsFor: quick response (§7)', () => {
  const state = {
    caseId: 'c-9',
    streetCode: '440118004',
    districtCode: '440118',
    stage: 'reported' as const,
    assigneeId: null,
    urgency: 'normal' as const,
  };
  const opened = (urgency: 'normal' | 'urgent', created = true): CaseEvent => ({
    eventId: 'c-9:1',
    seq: 1,
    type: created ? 'reported' : 'report-attached',
    at: '2026-11-30T01:00:00.000Z',
    actorId: 'rp-440118004',
    fromStage: null,
    toStage: 'reported',
    details: {
      reportId: 'r-1',
      channel: 'grid',
      urgentFlags: urgency === 'urgent' ? ['no-food'] : [],
      categories: ['elderly'],
      urgency,
      created,
    },
  });
  const transfer: CaseEvent = {
    eventId: 'c-9:4',
    seq: 4,
    type: 'transfer',
    at: '2026-11-30T02:00:00.000Z',
    actorId: 'ss-440118004',
    fromStage: 'verifying',
    toStage: 'verifying',
    details: { fromStreetCode: '440118004', toStreetCode: '440105002', reason: '户籍在海珠区南华西街', assigneeId: 'cw-440105002' },
  };

  it("tells the street's caseworkers of a new case, and its supervisors too when it is urgent", () => {
    const normal = notificationsFor(opened('normal'), state);
    expect(normal.map((i) => [i.kind, i.target])).toEqual([
      ['new-case', { kind: 'role', role: 'caseworker', jurisdictionCode: '440118004' }],
    ]);
    expect(normal[0].summary).toEqual({
      caseId: 'c-9',
      title: '新案件：请及时受理',
      eventType: 'reported',
      streetCode: '440118004',
      districtCode: '440118',
      urgency: 'normal',
      stage: 'reported',
      at: '2026-11-30T01:00:00.000Z',
    });
    expect(normal[0].eventId).toBe('c-9:1');

    const urgent = notificationsFor(opened('urgent'), { ...state, urgency: 'urgent' });
    expect(urgent.map((i) => [i.kind, i.target])).toEqual([
      ['new-case', { kind: 'role', role: 'caseworker', jurisdictionCode: '440118004' }],
      ['new-case', { kind: 'role', role: 'street_supervisor', jurisdictionCode: '440118004' }],
    ]);
    for (const i of urgent) expect(i.summary).toMatchObject({ title: '紧急新案件（绿色通道）：请立即受理', urgency: 'urgent' });
  });

  it('tells whoever answers for the case of a further report (a report from outside its scope included, §14)', () => {
    const attached: CaseEvent = { ...opened('normal', false), type: 'report-attached', eventId: 'c-9:5', seq: 5 };
    expect(notificationsFor(attached, state).map((i) => [i.kind, i.target, i.summary.title])).toEqual([
      ['new-report', { kind: 'role', role: 'street_supervisor', jurisdictionCode: '440118004' }, '补充线索：案件收到新的报告'],
    ]);
    expect(notificationsFor(attached, { ...state, assigneeId: 'cw-440118004' })[0].target).toEqual({
      kind: 'user',
      userId: 'cw-440118004',
    });
    expect(JSON.stringify(notificationsFor(attached, state))).not.toContain('elderly');
  });

  it('says nothing new for a reported event that did not open the case', () => {
    expect(notificationsFor({ ...opened('normal'), details: { ...opened('normal').details, created: false } }, state)).toEqual([]);
  });

  it("tells the receiving street's caseworkers and supervisors of a transfer, with codes only", () => {
    const at = { ...state, streetCode: '440105002', districtCode: '440105', stage: 'verifying' as const, urgency: 'urgent' as const };
    const intents = notificationsFor(transfer, at);
    expect(intents.map((i) => [i.kind, i.target])).toEqual([
      ['case-transferred', { kind: 'role', role: 'caseworker', jurisdictionCode: '440105002' }],
      ['case-transferred', { kind: 'role', role: 'street_supervisor', jurisdictionCode: '440105002' }],
    ]);
    expect(intents[0].summary).toEqual({
      caseId: 'c-9',
      title: '转入案件：请及时受理',
      eventType: 'transfer',
      streetCode: '440105002',
      districtCode: '440105',
      fromStreetCode: '440118004',
      toStreetCode: '440105002',
      urgency: 'urgent',
      stage: 'verifying',
      at: '2026-11-30T02:00:00.000Z',
    });
    // The reason is free text about the family: never in a notification.
    expect(JSON.stringify(intents)).not.toContain('户籍');
  });

  it('keeps personal data of the report out of the new-case payload', () => {
    const [intent] = notificationsFor(opened('normal'), state);
    expect(Object.keys(intent.summary).sort()).toEqual([
      'at',
      'caseId',
      'districtCode',
      'eventType',
      'stage',
      'streetCode',
      'title',
      'urgency',
    ]);
  });
});

describe('the OpenAPI document', () => {
  it('documents the notification endpoints and the signed webhook a receiver gets', async () => {
    const { openApiDocument } = await import('../../api/openapi');
    const doc = openApiDocument() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      webhooks: Record<string, { post: { parameters: { name: string }[]; description: string } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths['/api/v1/webhooks/{jurisdictionCode}']).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(doc.paths['/api/v1/notifications/{id}/retry'].post.responses)).toEqual(
      expect.arrayContaining(['202', '403', '404', '409']),
    );
    const hook = doc.webhooks.notification.post;
    expect(hook.parameters.map((p) => p.name)).toEqual(['X-PA-Timestamp', 'X-PA-Signature', 'X-PA-Notification-Id', 'X-PA-Attempt']);
    expect(hook.description).toContain('HMAC-SHA256(secret, timestamp + "." + body)');
    for (const name of ['NotificationList', 'MyRevisits', 'WebhookConfig', 'DeadNotificationList', 'WebhookPayload']) {
      expect(doc.components.schemas[name]).toBeDefined();
    }
  });
});
