// "Who is responsible for a case" is one domain rule (domain/responsibility.ts); the SQL behind
// GET /me/revisits (listDueCases) repeats it for speed. This holds the two together on real rows: for
// every user, the cases the query returns are exactly those the rule names them responsible for.
import { listDueCases } from '../../api/notifications/repository';
import { scopeFilterOf } from '../../api/http/scope';
import type { Actor } from '../../domain/case-types';
import { isResponsible } from '../../domain/responsibility';
import { act, actor, openTestCase, supervisor } from '../support/cases';
import { startTestPlatform, type TestPlatform } from '../support/harness';

// Tianhe (440106001) is shared only with the reports tests, which assign nobody.
const STREET = '440106002';
let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ withoutApi: true });
});

afterAll(async () => {
  await p?.stop();
});

test('the due-cases query and responsibleFor agree for assigned, other and unassigned cases', async () => {
  const a = actor('caseworker', STREET);
  const b: Actor = { ...actor('caseworker', STREET), userId: 'cw-other' };
  const boss = { ...supervisor(), jurisdictionCode: STREET, userId: `ss-${STREET}` };
  const open = () => openTestCase(p, { streetCode: STREET, districtCode: STREET.slice(0, 6) });
  const [mine, theirs, nobodys] = await Promise.all([open(), open(), open()]);
  await act(p, mine, { type: 'accept', assigneeId: a.userId }, a);
  await act(p, theirs, { type: 'accept', assigneeId: b.userId }, a);

  const rows = await p.prisma.case.findMany({ where: { caseId: { in: [mine.caseId, theirs.caseId, nobodys.caseId] } } });
  expect(rows).toHaveLength(3);
  const to = new Date(Date.now() + 365 * 86_400_000);
  for (const who of [a, b, boss]) {
    const { rows: due } = await listDueCases(p.prisma, {
      userId: who.userId,
      includeUnassigned: isResponsible(who, { assigneeId: null, streetCode: who.jurisdictionCode }),
      scope: scopeFilterOf(who),
      from: null,
      to,
      limit: 200,
    });
    const returned = due
      .map((r) => r.caseId)
      .filter((id) => rows.some((c) => c.caseId === id))
      .sort();
    const expected = rows
      .filter((c) => isResponsible(who, c))
      .map((c) => c.caseId)
      .sort();
    expect({ who: who.userId, cases: returned }).toEqual({ who: who.userId, cases: expected });
  }
  // The rule itself: each case has exactly one responsible party among the three.
  for (const c of rows) expect([a, b, boss].filter((who) => isResponsible(who, c))).toHaveLength(1);
});
