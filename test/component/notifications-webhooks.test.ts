// Webhook delivery against a real receiver on 127.0.0.1: configuration through the API, signed
// delivery, a receiver that is down for a while (everything arrives afterwards, in order per case,
// nothing twice), a receiver that fails forever (dead after the policy's attempts, retried through the
// API), a retried projection activity (one outbox row), and removal of an endpoint.
// Cases here live in Zengcheng (440118), a district no other test file uses.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import request from 'supertest';
import { createActivities } from '../../activities';
import { createNotificationActivities } from '../../activities/notifications';
import { createProjectionActivities, type ProjectCaseInput } from '../../activities/projection';
import { verifyWebhookSignature } from '../../activities/webhook-signature';
import { parseWebhookAllowList } from '../../runtime/webhook-address';
import { openCase } from '../../domain/case-machine';
import { toCaseView } from '../../domain/case-view';
import { fireDueTimers } from '../../domain/deadlines';
import { DEFAULT_POLICY } from '../../domain/policy';
import { seedStaff } from '../../domain/seed-staff';
import { loadConfig } from '../../runtime/config';
import { PiiCipher } from '../../runtime/pii';
import { createWorker } from '../../worker';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, reportUpdate } from '../../workflows/definitions';
import { issuedFor } from '../../clients/case-client';
import { dispatcherWorkflowId } from '../../workflows/notification-definitions';
import { eventually, makeReport, openTestCase, act, actor } from '../support/cases';
import { requireTestEnv, startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let p: TestPlatform;
const receivers: WebhookReceiver[] = [];

const DISTRICT = '440118';

/**
 * At once the new case (to each caseworker of the street, §7 quick response); then, with acceptance
 * due in 2 s: a reminder (1.5 s, to the street supervisor), the escalation (2 s, to the district
 * officer and the supervisor) and the raise to the city (4 s, to city and district): five deadline
 * notices more per case, in that order.
 */
function fastPolicy(maxAttempts: number, backoff: { initial: string; max: string }) {
  return testPolicy({
    deadlines: {
      normal: {
        accept: '2s',
        verify: '1h',
        decide: '1h',
        charityResponse: '1h',
        revisitInterval: '1h',
        reReview: '1h',
        escalationWindow: '2s',
      },
      urgent: {
        accept: '2s',
        emergencyAid: '1h',
        verify: '1h',
        decide: '1h',
        charityResponse: '1h',
        revisitInterval: '1h',
        reReview: '1h',
        escalationWindow: '2s',
      },
    },
    notifications: { maxAttempts, backoff },
  });
}
const DEADLINE_NOTICES = 5;
/** Every notice a case of `street` gets under fastPolicy: its new-case notices, then the deadline ones. */
const noticesPerCase = (street: string) =>
  seedStaff().filter((u) => u.role === 'caseworker' && u.jurisdictionCode === street).length + DEADLINE_NOTICES;

beforeAll(async () => {
  // The receivers listen on 127.0.0.1, which webhooks reach only when allowed explicitly.
  p = await startTestPlatform({ webhookAllowedHosts: '127.0.0.1' });
});

afterAll(async () => {
  await p?.client.workflow
    .getHandle(dispatcherWorkflowId(p.taskQueue))
    .terminate('test over')
    .catch(() => undefined);
  await p?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver();
  receivers.push(r);
  return r;
}

const token = (role: 'city_officer' | 'district_officer' | 'caseworker', code: string) => p.tokenFor(role, code);
const asCity = async () => `Bearer ${await token('city_officer', '440100')}`;

async function configure(code: string, url: string, secret?: string) {
  const res = await request(p.app)
    .put(`/api/v1/webhooks/${code}`)
    .set('Authorization', await asCity())
    .send(secret ? { url, secret } : { url });
  expect([200, 201]).toContain(res.status);
  return res;
}

function openIn(street: string, policy: ReturnType<typeof fastPolicy>) {
  return openTestCase(p, { streetCode: street, districtCode: street.slice(0, 6) }, { policy });
}

async function webhookRows(caseId: string) {
  return p.prisma.notification.findMany({ where: { caseId, channel: 'webhook' }, orderBy: { id: 'asc' } });
}

const secretFor = (label: string) => `whsec_${label}_${randomUUID().replace(/-/g, '')}`;

describe('webhook configuration', () => {
  test('city officers configure a jurisdiction’s endpoint; the secret is write-only and generated when left out', async () => {
    const r = await receiver();
    const created = await request(p.app)
      .put('/api/v1/webhooks/440118005')
      .set('Authorization', await asCity())
      .send({ url: r.url });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ jurisdictionCode: '440118005', url: r.url, updatedBy: 'co-440100' });
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.secretHint).toBe((created.body.secret as string).slice(-4));

    const replaced = await request(p.app)
      .put('/api/v1/webhooks/440118005')
      .set('Authorization', await asCity())
      .send({ url: `${r.url}?v=2` });
    expect(replaced.status).toBe(200);
    expect(replaced.body.secret).toBeUndefined();
    expect(replaced.body.secretHint).toBe(created.body.secretHint);

    const one = await request(p.app)
      .get('/api/v1/webhooks/440118005')
      .set('Authorization', await asCity());
    expect(one.body).toMatchObject({ url: `${r.url}?v=2`, secretHint: created.body.secretHint });
    expect(JSON.stringify(one.body)).not.toContain(created.body.secret);
    const list = await request(p.app)
      .get('/api/v1/webhooks')
      .set('Authorization', await asCity());
    expect(list.body.items.map((i: { jurisdictionCode: string }) => i.jurisdictionCode)).toContain('440118005');

    expect(
      (
        await request(p.app)
          .delete('/api/v1/webhooks/440118005')
          .set('Authorization', await asCity())
      ).status,
    ).toBe(204);
    expect(
      (
        await request(p.app)
          .get('/api/v1/webhooks/440118005')
          .set('Authorization', await asCity())
      ).status,
    ).toBe(404);
  });

  test('only city officers may configure, only real city, district or street codes, only http(s) URLs', async () => {
    const district = `Bearer ${await token('district_officer', DISTRICT)}`;
    expect(
      (await request(p.app).put('/api/v1/webhooks/440118').set('Authorization', district).send({ url: 'https://x.example/h' })).status,
    ).toBe(403);
    expect((await request(p.app).get('/api/v1/notifications/dead').set('Authorization', district)).status).toBe(403);
    expect(
      (
        await request(p.app)
          .put('/api/v1/webhooks/440118004001')
          .set('Authorization', await asCity())
          .send({ url: 'https://x.example/h' })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(p.app)
          .put('/api/v1/webhooks/440199')
          .set('Authorization', await asCity())
          .send({ url: 'https://x.example/h' })
      ).status,
    ).toBe(404);
    const bad = await request(p.app)
      .put('/api/v1/webhooks/440118')
      .set('Authorization', await asCity())
      .send({ url: 'ftp://x.example/h', secret: 'short' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['secret', 'url']);
  });
});

describe('delivery', () => {
  test('each notice arrives signed with the jurisdiction’s secret, verifiable by the receiver, in order', async () => {
    const r = await receiver();
    const secret = secretFor('street3');
    await configure('440118003', r.url, secret);
    const ref = await openIn('440118003', fastPolicy(5, { initial: '1s', max: '2s' }));

    const got = await eventually(async () => {
      const mine = r.accepted().filter((x) => x.body.caseId === ref.caseId);
      return mine.length >= noticesPerCase('440118003') ? mine : undefined;
    }, 30_000);
    for (const w of got) {
      expect(verifyWebhookSignature(secret, w.headers['x-pa-timestamp'] as string, w.raw, w.headers['x-pa-signature'] as string, 300)).toBe(
        true,
      );
      expect(
        verifyWebhookSignature('whsec_wrong', w.headers['x-pa-timestamp'] as string, w.raw, w.headers['x-pa-signature'] as string, 300),
      ).toBe(false);
      expect(w.headers['x-pa-notification-id']).toBe(w.body.id);
      expect(w.headers['content-type']).toBe('application/json');
      expect(w.body.jurisdictionCode).toBe('440118003');
    }
    expect(got.map((w) => w.body.kind)).toEqual([
      'new-case',
      'reminder',
      'escalation',
      'escalation',
      'escalation-raised',
      'escalation-raised',
    ]);
    expect(got.map((w) => w.body.recipientId).sort()).toEqual([
      'co-440100',
      'cw-440118003',
      'do-440118',
      'do-440118',
      'ss-440118003',
      'ss-440118003',
    ]);
    expect(got[0].body.data).toMatchObject({ caseId: ref.caseId, title: '新案件：请及时受理', streetCode: '440118003', urgency: 'normal' });
    expect(got[1].body.data).toMatchObject({ clock: 'accept', caseId: ref.caseId, title: '提醒：受理期限临近' });
    const ids = got.map((w) => Number(w.body.notificationId));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // The receiver records a notice before it answers, so the sender marks the last row delivered a moment later.
    const rows = await eventually(async () => {
      const all = await webhookRows(ref.caseId);
      return all.every((row) => row.state !== 'pending') ? all : undefined;
    }, 10_000);
    expect(rows).toHaveLength(noticesPerCase('440118003'));
    expect(rows.every((row) => row.state === 'delivered' && row.attempts === 1 && row.deliveredAt !== null)).toBe(true);
    // The in-app copies are there too, one per notice.
    expect(await p.prisma.notification.count({ where: { caseId: ref.caseId, channel: 'in_app' } })).toBe(noticesPerCase('440118003'));
  });

  test('a receiver that is down for a while gets every notice once it is back: in order per case, none twice', async () => {
    const r = await receiver();
    await configure('440118001', r.url, secretFor('street1'));
    await r.down();
    const policy = fastPolicy(50, { initial: '1s', max: '2s' });
    const cases = await Promise.all([openIn('440118001', policy), openIn('440118001', policy)]);

    // Every notice is written and the first ones have already failed against the closed port.
    await eventually(async () => {
      const rows = (await Promise.all(cases.map((c) => webhookRows(c.caseId)))).flat();
      return rows.length === 2 * noticesPerCase('440118001') && rows.some((row) => row.attempts >= 2 && row.lastError) ? true : undefined;
    }, 30_000);
    expect((await Promise.all(cases.map((c) => webhookRows(c.caseId)))).flat().every((row) => row.state === 'pending')).toBe(true);

    await r.up();
    await eventually(async () => {
      const rows = (await Promise.all(cases.map((c) => webhookRows(c.caseId)))).flat();
      return rows.every((row) => row.state === 'delivered') ? true : undefined;
    }, 30_000);

    const ids = r.requests.map((w) => w.body.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of cases) {
      const rows = await webhookRows(c.caseId);
      const arrived = r.requests.filter((w) => w.body.caseId === c.caseId).map((w) => w.body.id);
      expect(arrived).toEqual(rows.map((row) => row.dedupKey));
    }
  });

  test('a receiver failing forever: the head goes dead after maxAttempts and holds back its case; a retry delivers all in order', async () => {
    const r = await receiver();
    r.failing(true);
    await configure('440118002', r.url, secretFor('street2'));
    const ref = await openIn('440118002', fastPolicy(3, { initial: '1s', max: '1s' }));

    const dead = await eventually(async () => {
      const rows = await webhookRows(ref.caseId);
      return rows.length === noticesPerCase('440118002') && rows[0].state === 'dead' ? rows : undefined;
    }, 30_000);
    // The head of the case is its new-case notice, written when the case opened.
    expect(dead[0]).toMatchObject({ kind: 'new-case', attempts: 3, lastStatus: 500, lastError: 'HTTP 500' });
    // Later notices of the case never overtake the dead one.
    expect(dead.slice(1).every((row) => row.state === 'pending' && row.attempts === 0)).toBe(true);
    expect(r.requests.filter((w) => w.body.caseId === ref.caseId).map((w) => w.body.id)).toEqual([
      dead[0].dedupKey,
      dead[0].dedupKey,
      dead[0].dedupKey,
    ]);

    const listed = await request(p.app)
      .get('/api/v1/notifications/dead')
      .query({ limit: '200' })
      .set('Authorization', await asCity());
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((i: { id: string }) => i.id === dead[0].id.toString());
    expect(item).toMatchObject({
      caseId: ref.caseId,
      kind: 'new-case',
      attempts: 3,
      maxAttempts: 3,
      lastStatus: 500,
      jurisdictionCode: '440118002',
      blockedCount: noticesPerCase('440118002') - 1,
    });

    r.failing(false);
    const retried = await request(p.app)
      .post(`/api/v1/notifications/${dead[0].id}/retry`)
      .set('Authorization', await asCity());
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ id: dead[0].id.toString(), state: 'pending' });

    const rows = await eventually(async () => {
      const all = await webhookRows(ref.caseId);
      return all.every((row) => row.state === 'delivered') ? all : undefined;
    }, 30_000);
    expect(
      r
        .accepted()
        .filter((w) => w.body.caseId === ref.caseId)
        .map((w) => w.body.id),
    ).toEqual(rows.map((row) => row.dedupKey));

    const again = await request(p.app)
      .post(`/api/v1/notifications/${dead[0].id}/retry`)
      .set('Authorization', await asCity());
    expect(again.status).toBe(409);
    expect(
      (
        await request(p.app)
          .post('/api/v1/notifications/999999999999/retry')
          .set('Authorization', await asCity())
      ).status,
    ).toBe(404);
    expect(
      (
        await request(p.app)
          .post('/api/v1/notifications/abc/retry')
          .set('Authorization', await asCity())
      ).status,
    ).toBe(404);
  });
});

describe('exactly one outbox row', () => {
  test('a projection activity that is retried after it committed writes each notice once, and it is delivered once', async () => {
    const r = await receiver();
    await configure('440118004', r.url, secretFor('street4'));
    const env = requireTestEnv();
    const taskQueue = `test-flaky-${randomUUID()}`;
    const real = createActivities({ prisma: p.prisma, secrets: p.pii, webhookAllowList: parseWebhookAllowList('127.0.0.1') });
    const failedBatches = new Set<number>();
    let failures = 0;
    const { worker, connection } = await createWorker({
      address: env.temporalAddress,
      namespace: p.config.temporalNamespace,
      prisma: p.prisma,
      secrets: p.pii,
      taskQueue,
      workflowBundlePath: env.workflowBundlePath,
      piiKey: p.config.piiKey,
      // A tiny cache: workflow tasks are replayed from history, which must not add rows either.
      maxCachedWorkflows: 1,
      workerOptions: {
        activities: {
          ...real,
          // Commits, then loses the acknowledgement once per batch that carries notices.
          async projectCase(input: ProjectCaseInput) {
            await real.projectCase(input);
            const last = input.events.at(-1)!.seq;
            if (input.events.some((e) => ['reminder', 'escalated', 'escalation-raised'].includes(e.type)) && !failedBatches.has(last)) {
              failedBatches.add(last);
              failures++;
              throw new Error('connection reset after commit');
            }
          },
        },
      },
    });
    const running: Promise<void> = worker.run();
    try {
      const report = makeReport({ streetCode: '440118004', districtCode: DISTRICT });
      const result = await p.client.workflow.executeUpdateWithStart(reportUpdate, {
        args: [{ report, issued: issuedFor(caseWorkflowId(report.personId)) }],
        updateId: report.reportId,
        startWorkflowOperation: new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
          workflowId: caseWorkflowId(report.personId),
          taskQueue,
          args: [{ caseId: `c-${randomUUID()}`, policy: fastPolicy(5, { initial: '1s', max: '2s' }) }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      const caseId = result.caseId;
      await eventually(async () => {
        const rows = await webhookRows(caseId);
        return rows.length === noticesPerCase('440118004') && rows.every((row) => row.state === 'delivered') ? true : undefined;
      }, 40_000);
      expect(failures).toBeGreaterThanOrEqual(2);
      const all = await p.prisma.notification.findMany({ where: { caseId } });
      expect(all.filter((n) => n.channel === 'in_app')).toHaveLength(noticesPerCase('440118004'));
      expect(all.filter((n) => n.channel === 'webhook')).toHaveLength(noticesPerCase('440118004'));
      expect(new Set(all.map((n) => n.dedupKey)).size).toBe(all.length);
      const arrived = r
        .accepted()
        .filter((w) => w.body.caseId === caseId)
        .map((w) => w.body.id);
      expect(arrived).toHaveLength(noticesPerCase('440118004'));
      expect(new Set(arrived).size).toBe(noticesPerCase('440118004'));
      await p.client.workflow
        .getHandle(dispatcherWorkflowId(taskQueue))
        .terminate('test over')
        .catch(() => undefined);
      await p.client.workflow.getHandle(caseWorkflowId(report.personId)).terminate('test over');
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
  });

  test('projecting the same batch twice writes one webhook row per notice; a case without its own endpoint uses its district’s', async () => {
    const r = await receiver();
    await configure(DISTRICT, r.url, secretFor('district'));
    const { projectCase } = createProjectionActivities({ prisma: p.prisma, secrets: p.pii });
    const caseId = `c-${randomUUID()}`;
    const opened = openCase({
      caseId,
      report: makeReport({ streetCode: '440118005', districtCode: DISTRICT }),
      policy: DEFAULT_POLICY,
      now: '2026-01-05T01:00:00.000Z',
    });
    const late = fireDueTimers(opened.state, DEFAULT_POLICY, '2026-01-06T02:00:00.000Z');
    const all = [...opened.events, ...late.events];
    const input = {
      workflowId: `case-${caseId}`,
      state: late.state,
      view: toCaseView(late.state, all),
      policy: DEFAULT_POLICY,
      events: all,
    };
    await projectCase(input);
    const first = await webhookRows(caseId);
    await projectCase(input);
    const second = await webhookRows(caseId);
    expect(second.map((row) => row.id)).toEqual(first.map((row) => row.id));
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((row) => row.endpointCode === DISTRICT && row.maxAttempts === 8 && row.backoffMs === 60_000)).toBe(true);
    expect(await p.prisma.notification.count({ where: { caseId, channel: 'in_app' } })).toBe(first.length);
  });

  test('pending notices of a removed endpoint are cancelled when their turn comes, and no longer hold back their case', async () => {
    // Written directly (outside an activity, so no dispatcher is woken), then one dispatcher round by hand.
    await configure('440118005', 'http://127.0.0.1:9/unused', secretFor('street5'));
    const { projectCase } = createProjectionActivities({ prisma: p.prisma, secrets: p.pii });
    const caseId = `c-${randomUUID()}`;
    const now = new Date().toISOString();
    const opened = openCase({
      caseId,
      report: makeReport({ streetCode: '440118005', districtCode: DISTRICT }),
      policy: DEFAULT_POLICY,
      now,
    });
    const late = fireDueTimers(opened.state, DEFAULT_POLICY, new Date(Date.now() + 25 * 3600_000).toISOString());
    const all = [...opened.events, ...late.events];
    await projectCase({
      workflowId: `case-${caseId}`,
      state: late.state,
      view: toCaseView(late.state, all),
      policy: DEFAULT_POLICY,
      events: all,
    });
    expect((await webhookRows(caseId)).every((row) => row.endpointCode === '440118005' && row.state === 'pending')).toBe(true);

    expect(
      (
        await request(p.app)
          .delete('/api/v1/webhooks/440118005')
          .set('Authorization', await asCity())
      ).status,
    ).toBe(204);
    const { dispatchWebhooks } = createNotificationActivities({ prisma: p.prisma, secrets: () => PiiCipher.fromSpec(loadConfig().piiKey) });
    await eventually(async () => {
      await dispatchWebhooks();
      const rows = await webhookRows(caseId);
      return rows.every((row) => row.state === 'cancelled') ? true : undefined;
    }, 20_000);
    expect((await webhookRows(caseId))[0].lastError).toContain('removed');
  });
});

describe('rounds that cannot finish', () => {
  test('attempts used up by rounds that died mid-flight end in dead, not in a loop; an unreadable secret is a failed attempt', async () => {
    const r = await receiver();
    await configure('440118003', r.url, secretFor('budget'));
    const { dispatchWebhooks } = createNotificationActivities({ prisma: p.prisma, secrets: () => PiiCipher.fromSpec(loadConfig().piiKey) });
    const row = (caseId: string, attempts: number) => ({
      dedupKey: `${caseId}:1:ss-440118003:webhook`,
      caseId,
      recipientId: 'ss-440118003',
      channel: 'webhook',
      kind: 'reminder',
      payload: { caseId },
      state: 'pending',
      endpointCode: '440118003',
      attempts,
      maxAttempts: 3,
      backoffMs: 1000,
      maxBackoffMs: 1000,
    });
    const exhausted = `c-${randomUUID()}`;
    await p.prisma.notification.create({ data: row(exhausted, 3) });
    await eventually(async () => {
      await dispatchWebhooks();
      const [n] = await webhookRows(exhausted);
      return n.state === 'dead' ? n : undefined;
    }, 20_000);
    expect(r.requests.filter((w) => w.body.caseId === exhausted)).toHaveLength(0);

    await p.prisma.webhookEndpoint.update({ where: { jurisdictionCode: '440118003' }, data: { secretEnc: 'v1.gone.AAAA.AAAA.AAAA' } });
    const unreadable = `c-${randomUUID()}`;
    await p.prisma.notification.create({ data: row(unreadable, 0) });
    const failed = await eventually(async () => {
      await dispatchWebhooks();
      const [n] = await webhookRows(unreadable);
      return n.attempts >= 1 && n.lastError ? n : undefined;
    }, 20_000);
    expect(failed.state).toBe('pending');
    expect(failed.lastError).toContain('cannot decrypt the signing secret');
    expect(r.requests.filter((w) => w.body.caseId === unreadable)).toHaveLength(0);
    expect(
      (
        await request(p.app)
          .delete('/api/v1/webhooks/440118003')
          .set('Authorization', await asCity())
      ).status,
    ).toBe(204);
  });
});

describe('the case does not wait for receivers', () => {
  test('actions answer promptly while the case’s receiver hangs', async () => {
    // A receiver that never answers: each attempt waits out the 10 s request timeout.
    const { createServer } = await import('node:http');
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve()));
    try {
      await configure('440118004', `http://127.0.0.1:${(hanging.address() as { port: number }).port}/`, secretFor('hang'));
      const ref = await openIn('440118004', fastPolicy(5, { initial: '1s', max: '2s' }));
      await eventually(async () => ((await webhookRows(ref.caseId)).some((row) => row.leaseUntil !== null) ? true : undefined), 20_000);
      const started = Date.now();
      const v = await act(p, ref, { type: 'accept' }, actor('caseworker', '440118004'));
      expect(v.stage).toBe('verifying');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
      await request(p.app)
        .delete('/api/v1/webhooks/440118004')
        .set('Authorization', await asCity());
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Internal addresses (issue 17, item 9). Nothing here is sent anywhere: refused URLs are refused
// before any connection, and 0.0.0.0 would reach this machine's own receiver on 127.0.0.1.
// ---------------------------------------------------------------------------------------------

describe('webhook URLs that point inside', () => {
  const INTERNAL_URLS: [string, string][] = [
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]:8080/hook'],
    ['another loopback address than the allowed 127.0.0.1', 'http://127.0.0.2/hook'],
    ['0.0.0.0 (this host)', 'http://0.0.0.0:8080/hook'],
    ['10/8', 'http://10.1.2.3/hook'],
    ['10/8 written in hex', 'http://0x0a000001/hook'],
    ['172.16/12', 'http://172.20.0.1/hook'],
    ['192.168/16', 'https://192.168.1.1/hook'],
    ['fc00::/7 (AWS IPv6 metadata)', 'http://[fd00:ec2::254]/'],
    ['fe80::/10', 'http://[fe80::1]/hook'],
    ['an IPv4-mapped private address', 'http://[::ffff:10.0.0.1]/hook'],
    ['credentials in the URL (even to an allowed host)', 'https://user:pass@127.0.0.1/hook'],
  ];

  test.each(INTERNAL_URLS)('%s is refused at configuration with 422 naming url', async (_what, url) => {
    const res = await request(p.app)
      .put('/api/v1/webhooks/440118005')
      .set('Authorization', await asCity())
      .send({ url });
    expect([url, res.status, res.body.code]).toEqual([url, 422, 'VALIDATION_FAILED']);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'url' })]);
    expect(await p.prisma.webhookEndpoint.findUnique({ where: { jurisdictionCode: '440118005' } })).toBeNull();
  });

  test('an endpoint that points inside by the time of delivery is not contacted: refused before connecting, and retried later', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    // As if configured before the rule, or its name re-pointed since: written directly.
    await p.prisma.webhookEndpoint.create({
      data: {
        jurisdictionCode: '440118005',
        url: `http://0.0.0.0:${port}/hook`,
        secretEnc: p.pii.encrypt(secretFor('inside')),
        secretHint: 'side',
        updatedBy: 'test',
      },
    });
    try {
      const { projectCase } = createProjectionActivities({ prisma: p.prisma, secrets: p.pii });
      const caseId = `c-${randomUUID()}`;
      const opened = openCase({
        caseId,
        report: makeReport({ streetCode: '440118005', districtCode: DISTRICT }),
        policy: DEFAULT_POLICY,
        now: new Date().toISOString(),
      });
      const late = fireDueTimers(opened.state, DEFAULT_POLICY, new Date(Date.now() + 25 * 3600_000).toISOString());
      const all = [...opened.events, ...late.events];
      await projectCase({
        workflowId: `case-${caseId}`,
        state: late.state,
        view: toCaseView(late.state, all),
        policy: DEFAULT_POLICY,
        events: all,
      });
      const { dispatchWebhooks } = createNotificationActivities({
        prisma: p.prisma,
        secrets: () => p.pii,
        webhookAllowList: parseWebhookAllowList('127.0.0.1'),
      });
      const head = await eventually(async () => {
        await dispatchWebhooks();
        const [first] = await webhookRows(caseId);
        return first?.lastError ? first : undefined;
      }, 20_000);
      expect(head.lastError).toMatch(/refused, not sent: the URL 0\.0\.0\.0 is a private, loopback/);
      expect(head.state).toBe('pending'); // retried with backoff: an officer can fix the endpoint
      expect(r.accepted().filter((w) => w.body.caseId === caseId)).toEqual([]);
    } finally {
      await p.prisma.webhookEndpoint.delete({ where: { jurisdictionCode: '440118005' } });
    }
  });

  test('a host name that resolves inside at delivery (DNS re-pointed after configuration) is refused', async () => {
    const { webhookTargetProblem } = await import('../../runtime/webhook-address');
    const allow = parseWebhookAllowList('127.0.0.1');
    const rebound = async () => ['203.0.113.7', '169.254.169.254'];
    expect(await webhookTargetProblem('https://hooks.example.test/h', allow, rebound)).toMatch(/resolves to 169\.254\.169\.254/);
    expect(await webhookTargetProblem('https://hooks.example.test/h', allow, async () => ['203.0.113.7'])).toBeNull();
    expect(await webhookTargetProblem('https://hooks.example.test/h', parseWebhookAllowList('hooks.example.test'), rebound)).toBeNull();
  });
});
