// Unit tests for request logging (api/logging.ts, api/app.ts): every request gets a request id that is
// echoed back, and no log line of a report request — accepted, refused or failing — contains any of
// the subject's or reporter's personal data or the bearer token.
import request from 'supertest';
import { createApp } from '../../api/app';
import { signToken } from '../../runtime/tokens';
import { apiLogger, requestIdFrom } from '../../api/http/logging';
import { makeIdNumber } from '../../domain/ids';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import type { ApiDeps } from '../../api/http/deps';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { PrismaClient } from '../../generated/prisma/client';
import { loadConfig } from '../../runtime/config';
import { PiiCipher } from '../../runtime/pii';

// In-memory stand-ins for Prisma and the Temporal client: just enough to drive the app without a
// database or a Temporal server.
interface Captured {
  lines: string[];
  logger: pino.Logger;
}

/** A logger at the most verbose level whose lines are kept in memory. */
function captureLogs(): Captured {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: pino({ level: 'trace' }, stream) };
}

interface FakeOptions {
  executeUpdateWithStart?: (...args: unknown[]) => Promise<unknown>;
}

function fakeDeps(logger: pino.Logger, options: FakeOptions = {}): ApiDeps & { calls: { method: string; args: unknown[] }[] } {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, result: unknown = {}) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return result;
    };
  const pii = PiiCipher.fromSpec(Buffer.alloc(32, 7).toString('base64'));
  const recordedPerson = {
    id: 'p',
    nameEnc: pii.encrypt(PERSONAL.name),
    phoneEnc: null,
    addressEnc: null,
    streetCode: '440104001',
    identifiedAs: null,
  };
  const prisma = {
    person: {
      createMany: record('person.createMany', { count: 1 }),
      updateMany: record('person.updateMany', { count: 1 }),
      findUnique: record('person.findUnique', recordedPerson),
    },
    household: { create: record('household.create', { id: 'h-1' }) },
    householdMember: { findFirst: record('householdMember.findFirst', null), create: record('householdMember.create', { id: 1n }) },
    caseReportRecord: {
      createMany: record('caseReportRecord.createMany', { count: 1 }),
      updateMany: record('caseReportRecord.updateMany', { count: 1 }),
    },
    $transaction: async (ops: Promise<unknown>[]) => Promise.all(ops),
    accessAudit: { create: record('accessAudit.create', { id: 1n }) },
    idempotencyRecord: {
      findUnique: record('idempotencyRecord.findUnique', null),
      create: record('idempotencyRecord.create'),
      update: record('idempotencyRecord.update'),
    },
    case: { groupBy: record('case.groupBy', []), findUnique: record('case.findUnique', null), findMany: record('case.findMany', []) },
    $queryRaw: record('$queryRaw', [{ '?column?': 1 }]),
    $executeRaw: record('$executeRaw', 1),
    // The token's user: the authentication middleware checks it exists and is active.
    staffUser: { findUnique: async () => ({ active: true, role: 'caseworker', jurisdictionCode: '440104001' }) },
  } as unknown as PrismaClient;
  const temporal = {
    workflow: {
      executeUpdateWithStart:
        options.executeUpdateWithStart ??
        (async (...args: unknown[]) => {
          calls.push({ method: 'executeUpdateWithStart', args });
          return { caseId: 'c-1', created: true, urgency: 'normal', stage: 'reported', view: {} };
        }),
    },
    workflowService: { getSystemInfo: record('getSystemInfo') },
  } as unknown as Client;
  return {
    prisma,
    temporal,
    config: loadConfig({ AUTH_SECRET: 'unit-test-secret-unit-test-secret-0123456789' }),
    policy: DEFAULT_POLICY,
    pii,
    logger,
    calls,
  };
}

const ID_NUMBER = makeIdNumber('440104', '19480912', '731');
const PERSONAL = {
  idNumber: ID_NUMBER,
  name: '黄秀英',
  phone: '13912345678',
  address: '越秀区北京路123号',
  reporterName: '李网格',
  reporterPhone: '13700001111',
};

function reportBody(phone = PERSONAL.phone) {
  return {
    channel: 'grid',
    subject: { idNumber: ID_NUMBER, name: PERSONAL.name, phone, streetCode: '440104001', address: PERSONAL.address },
    situation: { summary: 'elderly, living alone', urgentFlags: ['critical_illness'] },
    reporter: { name: PERSONAL.reporterName, phone: PERSONAL.reporterPhone, organisation: 'Beijing Jie grid team' },
  };
}

describe('request logging', () => {
  it('never writes personal data or the token to the log, whatever the outcome of a report', async () => {
    const { lines, logger } = captureLogs();
    const deps = fakeDeps(logger);
    let fail = false;
    const sentToTemporal: unknown[] = [];
    deps.temporal.workflow.executeUpdateWithStart = (async (...args: unknown[]) => {
      sentToTemporal.push(args);
      if (fail) throw new Error('unexpected failure');
      return { caseId: 'c-1', created: true, urgency: 'urgent', stage: 'reported', view: {} };
    }) as never;
    const app = createApp(deps);
    const token = await signToken({ userId: 'cw-440104001', role: 'caseworker', jurisdictionCode: '440104001' }, deps.config.authSecret);

    const created = await request(app).post('/api/v1/reports').set('Authorization', `Bearer ${token}`).send(reportBody());
    expect(created.status).toBe(201);
    const refused = await request(app).post('/api/v1/reports').set('Authorization', `Bearer ${token}`).send(reportBody('12345'));
    expect(refused.status).toBe(422);
    fail = true;
    const failed = await request(app).post('/api/v1/reports').set('Authorization', `Bearer ${token}`).send(reportBody());
    expect(failed.status).toBe(500);
    // Also a direct attempt to log a subject: redaction catches what a careless handler might write.
    apiLogger(logger).info({ subject: { name: PERSONAL.name }, report: { idNumber: ID_NUMBER, phone: PERSONAL.phone } }, 'careless');

    expect(lines.length).toBeGreaterThanOrEqual(4);
    const all = lines.join('\n');
    for (const value of [...Object.values(PERSONAL), token, ID_NUMBER.slice(6, 14)]) {
      expect(all).not.toContain(value);
    }
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request' || l.msg === 'request failed');
    expect(requestLines.map((l) => l.status)).toEqual([201, 422, 500]);
    expect(requestLines[0]).toMatchObject({ route: '/api/v1/reports', userId: 'cw-440104001', role: 'caseworker' });
    expect(requestLines.every((l) => typeof l.requestId === 'string')).toBe(true);
    // The workflow received no personal data either: ids, update ids and payloads are opaque.
    const sent = JSON.stringify(sentToTemporal);
    expect(sentToTemporal).toHaveLength(2);
    for (const value of Object.values(PERSONAL)) expect(sent).not.toContain(value);
  });

  it('honours a well-formed X-Request-Id and replaces anything else', async () => {
    const { logger } = captureLogs();
    const app = createApp(fakeDeps(logger));
    const kept = await request(app).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await request(app).get('/healthz').set('X-Request-Id', 'bad id <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
