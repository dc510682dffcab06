// GET /api/v1/me/revisits: the caller's running deadlines and revisits in a window, from the read
// model, sorted by due time and scoped: a caseworker sees the cases assigned to them, a street
// supervisor the street's unassigned cases, nobody anything of another street; report-only roles 403.
// Cases live in Conghua (440117); the statistics test, which counts that district, has a database of its own.
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { act, actor, eventually, openTestCase, type CaseRef } from '../support/cases';
import { startTestPlatform, testPolicy, type TestPlatform } from '../support/harness';

let p: TestPlatform;
const STREET = '440117001';
const OTHER = '440117002';

type Deadlines = Partial<Record<'accept' | 'verify' | 'revisitInterval', string>>;
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

const refs: Record<string, CaseRef> = {};

beforeAll(async () => {
  p = await startTestPlatform();
  const open = (street: string, d: Deadlines) =>
    openTestCase(p, { streetCode: street, districtCode: street.slice(0, 6) }, { policy: policyWith(d) });
  const cw = actor('caseworker', STREET);
  [refs.overdue, refs.twoDays, refs.oneDay, refs.revisit, refs.farOff, refs.unassigned, refs.otherStreet] = await Promise.all([
    open(STREET, { verify: '1s' }),
    open(STREET, { verify: '2d' }),
    open(STREET, { verify: '1d' }),
    open(STREET, { revisitInterval: '3d' }),
    open(STREET, { verify: '30d' }),
    open(STREET, { accept: '12h' }),
    open(OTHER, { verify: '1d' }),
  ]);
  for (const key of ['overdue', 'twoDays', 'oneDay', 'revisit', 'farOff']) await act(p, refs[key], { type: 'accept' }, cw);
  await act(p, refs.revisit, { type: 'complete-verification', outcome: 'watch', note: 'just above the line' }, cw);
  await act(p, refs.otherStreet, { type: 'accept' }, actor('caseworker', OTHER));
  // The 1 s verification deadline has passed (and escalated) in the read model.
  await eventually(
    async () => ((await p.prisma.case.findUnique({ where: { caseId: refs.overdue.caseId } }))!.escalationLevel > 0 ? true : undefined),
    15_000,
  );
});

afterAll(async () => {
  await p?.stop();
});

const mine = (items: { caseId: string }[]) => {
  const known = new Map(Object.entries(refs).map(([name, ref]) => [ref.caseId, name]));
  return items.filter((i) => known.has(i.caseId)).map((i) => known.get(i.caseId));
};

async function revisits(role: Role, code: string, query: Record<string, string> = {}) {
  return request(p.app)
    .get('/api/v1/me/revisits')
    .query(query)
    .set('Authorization', `Bearer ${await p.tokenFor(role, code)}`);
}

test('a caseworker sees their cases’ deadlines and revisits due this week, overdue first, with clock and stage', async () => {
  const res = await revisits('caseworker', STREET);
  expect(res.status).toBe(200);
  expect(mine(res.body.items)).toEqual(['overdue', 'oneDay', 'twoDays', 'revisit']);
  const byCase = new Map(res.body.items.map((i: { caseId: string }) => [i.caseId, i]));
  expect(byCase.get(refs.overdue.caseId)).toMatchObject({
    clock: 'verify',
    kind: 'deadline',
    stage: 'verifying',
    overdue: true,
    escalationLevel: 1,
    assigneeId: `cw-${STREET}`,
  });
  expect(byCase.get(refs.revisit.caseId)).toMatchObject({ clock: 'revisitInterval', kind: 'revisit', stage: 'monitoring', overdue: false });
  const due = res.body.items.map((i: { dueAt: string }) => Date.parse(i.dueAt));
  expect(due).toEqual([...due].sort((a, b) => a - b));
  expect(res.body.from).toBeNull();
  expect(res.body.truncated).toBe(false);
});

test('the window bounds the items on both sides', async () => {
  const now = Date.now();
  const from = new Date(now + 36 * 3600_000).toISOString();
  const wide = await revisits('caseworker', STREET, { from, to: new Date(now + 40 * 86_400_000).toISOString() });
  expect(wide.status).toBe(200);
  expect(mine(wide.body.items)).toEqual(['twoDays', 'revisit', 'farOff']);
  const narrow = await revisits('caseworker', STREET, { to: new Date(now + 36 * 3600_000).toISOString() });
  expect(mine(narrow.body.items)).toEqual(['overdue', 'oneDay']);
  const limited = await revisits('caseworker', STREET, { limit: '1' });
  expect(limited.body.items).toHaveLength(1);
  expect(limited.body.truncated).toBe(true);
});

test('a street supervisor sees the street’s unassigned cases; nobody sees another street’s', async () => {
  const supervisor = await revisits('street_supervisor', STREET);
  expect(mine(supervisor.body.items)).toEqual(['unassigned']);
  expect(supervisor.body.items.find((i: { caseId: string }) => i.caseId === refs.unassigned.caseId)).toMatchObject({
    clock: 'accept',
    stage: 'reported',
    assigneeId: null,
  });
  const other = await revisits('caseworker', OTHER);
  expect(mine(other.body.items)).toEqual(['otherStreet']);
  const district = await revisits('district_officer', '440117');
  expect(district.status).toBe(200);
  expect(mine(district.body.items)).toEqual([]);
});

test('report-only roles are refused; a bad window is a 422 naming the field', async () => {
  expect((await revisits('reporter', STREET)).status).toBe(403);
  expect((await revisits('hotline', '440100')).status).toBe(403);
  const bad = await revisits('caseworker', STREET, { from: 'tomorrow' });
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].path).toBe('from');
  const backwards = await revisits('caseworker', STREET, { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' });
  expect(backwards.status).toBe(422);
  expect(backwards.body.errors[0].path).toBe('to');
  expect((await revisits('caseworker', STREET, { window: '7d' })).status).toBe(422);
});
