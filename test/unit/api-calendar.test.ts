// GET /api/v1/calendar/deadline and GET /api/v1/calendar (DESIGN.md §9) over the app with in-memory
// stand-ins for Prisma and Temporal (the routes use neither; authentication reads the staff user):
// answers from the calendar in the API's dependencies, clear 422 field errors, authentication required.
import type { Client } from '@temporalio/client';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/http/deps';
import { DEFAULT_POLICY } from '../../domain/policy';
import { mergeCalendars, type WorkingCalendar } from '../../domain/working-days';
import type { PrismaClient } from '../../generated/prisma/client';
import { loadPackageCalendar } from '../../runtime/calendar-source';
import { loadConfig } from '../../runtime/config';
import { PiiCipher } from '../../runtime/pii';
import { signToken } from '../../runtime/tokens';

const FAKE_2027: WorkingCalendar = { years: { '2027': { holidays: ['2027-01-01'], workdays: [], source: 'test notice' } } };
const config = loadConfig({ AUTH_SECRET: 'unit-test-secret-unit-test-secret-0123456789' });

function appWith(calendar: WorkingCalendar) {
  const deps: ApiDeps = {
    // Tokens must name an active staff user: the one table the calendar routes reach, through auth.
    prisma: {
      staffUser: { findUnique: () => Promise.resolve({ active: true, role: 'caseworker', jurisdictionCode: '440104001' }) },
    } as unknown as PrismaClient,
    temporal: { workflow: {} } as unknown as Client,
    config,
    policy: DEFAULT_POLICY,
    calendar,
    pii: PiiCipher.fromSpec(Buffer.alloc(32, 7).toString('base64')),
    logger: pino({ level: 'silent' }),
  };
  return createApp(deps);
}

const app = appWith(loadPackageCalendar());
let token: string;
beforeAll(async () => {
  token = await signToken({ userId: 'cw-440104001', role: 'caseworker', jurisdictionCode: '440104001' }, config.authSecret);
});
const get = (path: string, a = app) => request(a).get(path).set('Authorization', `Bearer ${token}`);

describe('GET /api/v1/calendar/deadline', () => {
  it('counts working days as §9 says (the National Day example)', async () => {
    const res = await get(`/api/v1/calendar/deadline?from=${encodeURIComponent('2026-09-30T10:00+08:00')}&duration=3wd`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ dueAt: '2026-10-11T00:00:00+08:00', provisional: false });
  });

  it('marks a deadline counted into a year without data provisional, and not once the year is loaded', async () => {
    const from = encodeURIComponent('2026-12-24T10:00:00+08:00');
    expect((await get(`/api/v1/calendar/deadline?from=${from}&duration=10wd`)).body).toEqual({
      dueAt: '2027-01-08T00:00:00+08:00',
      provisional: true,
    });
    const loaded = appWith(mergeCalendars(loadPackageCalendar(), FAKE_2027));
    expect((await get(`/api/v1/calendar/deadline?from=${from}&duration=10wd`, loaded)).body).toEqual({
      dueAt: '2027-01-09T00:00:00+08:00',
      provisional: false,
    });
  });

  it('adds a wall-clock duration as the platform does', async () => {
    const res = await get(`/api/v1/calendar/deadline?from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&duration=24h`);
    expect(res.body).toEqual({ dueAt: '2026-10-01T02:00:00.000Z', provisional: false });
  });

  it.each([
    ['from=2026-09-30T10:00&duration=3wd', 'from', 'is not an ISO-8601 instant with an offset'],
    ['from=yesterday&duration=3wd', 'from', 'is not an ISO-8601 instant with an offset'],
    ['duration=3wd', 'from', 'is required'],
    [`from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&duration=0wd`, 'duration', '"0wd" must be at least 1 working day'],
    [
      `from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&duration=1.5wd`,
      'duration',
      '"1.5wd" must be a whole number of working days',
    ],
    [
      `from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&duration=-2wd`,
      'duration',
      '"-2wd" must be a positive number of working days',
    ],
    [`from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&duration=3x`, 'duration', '"3x" is not a duration'],
  ])('refuses %s with a field error on %s', async (query, path, message) => {
    const res = await get(`/api/v1/calendar/deadline?${query}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ path, message: expect.stringContaining(message) })]);
  });

  it('requires authentication', async () => {
    expect((await request(app).get('/api/v1/calendar/deadline?from=x&duration=3wd')).status).toBe(401);
  });
});

describe('GET /api/v1/calendar', () => {
  it('answers one year with its holidays, make-up working days and source', async () => {
    const res = await get('/api/v1/calendar?year=2026');
    expect(res.status).toBe(200);
    expect(res.body.year).toBe(2026);
    expect(res.body.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07']));
    expect(res.body.workdays).toEqual(expect.arrayContaining(['2026-10-10']));
    expect(res.body.source).toMatch(/^chinese-days@/);
  });

  it('says which years it has when asked for one without data', async () => {
    const res = await get('/api/v1/calendar?year=2031');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CALENDAR_YEAR_NOT_FOUND');
    expect(res.body.detail).toMatch(/no data for 2031 \(years covered: 2004–2026\)/);
  });

  it.each(['year=26', 'year=twenty', ''])('refuses %j with a field error on year', async (query) => {
    const res = await get(`/api/v1/calendar?${query}`);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'year' })]);
  });
});
