// The projection activity is idempotent and order-safe: a retried or late call never duplicates a
// row nor moves the read model backwards.
import { randomUUID } from 'node:crypto';
import { createProjectionActivities, type ProjectCaseInput } from '../../activities/projection';
import { decideAction, openCase } from '../../domain/case-machine';
import { toCaseView } from '../../domain/case-view';
import { fireDueTimers } from '../../domain/deadlines';
import { DEFAULT_POLICY } from '../../domain/policy';
import { loadConfig } from '../../runtime/config';
import { applicationConnections, checkDatabaseReachable, createPrisma } from '../../runtime/database';
import { PiiCipher } from '../../runtime/pii';
import { caseworker, makeReport } from '../support/cases';
import { requireTestEnv, testPrismaOptions } from '../support/harness';

const prisma = createPrisma(requireTestEnv().databaseUrl, testPrismaOptions());
const { projectCase } = createProjectionActivities({ prisma, secrets: PiiCipher.fromSpec(loadConfig().piiKey) });
afterAll(() => prisma.$disconnect());

function scenario() {
  const caseId = `c-${randomUUID()}`;
  const t0 = '2026-01-05T01:00:00.000Z';
  const opened = openCase({ caseId, report: makeReport(), policy: DEFAULT_POLICY, now: t0 });
  // 25 hours later the acceptance deadline has passed: reminder + escalation.
  const late = fireDueTimers(opened.state, DEFAULT_POLICY, '2026-01-06T02:00:00.000Z');
  const accepted = decideAction(late.state, { type: 'accept' }, caseworker(), DEFAULT_POLICY, '2026-01-06T03:00:00.000Z');
  if (!accepted.ok) throw new Error(accepted.reason);
  const step = (state: typeof accepted.state, events: typeof accepted.events, all: typeof accepted.events): ProjectCaseInput => ({
    workflowId: `case-${caseId}`,
    state,
    view: toCaseView(state, all),
    policy: DEFAULT_POLICY,
    events,
  });
  return {
    caseId,
    first: step(opened.state, opened.events, opened.events),
    second: step(late.state, late.events, [...opened.events, ...late.events]),
    third: step(accepted.state, accepted.events, [...opened.events, ...late.events, ...accepted.events]),
  };
}

async function counts(caseId: string) {
  return {
    events: await prisma.caseEvent.count({ where: { caseId } }),
    escalations: await prisma.escalation.count({ where: { caseId } }),
    feed: await prisma.escalationFeed.count({ where: { payload: { path: ['caseId'], equals: caseId } } }),
    notifications: await prisma.notification.count({ where: { caseId } }),
  };
}

test('a retried projection writes every row once', async () => {
  const s = scenario();
  for (const input of [s.first, s.second, s.third]) {
    await projectCase(input);
    await projectCase(input); // the retry after a lost acknowledgement
  }
  const c = await counts(s.caseId);
  expect(c.events).toBe(s.third.state.seq);
  expect(c.escalations).toBe(1);
  expect(c.feed).toBe(2); // new + resolved
  expect(c.notifications).toBeGreaterThan(0);
  const again = await counts(s.caseId);
  await projectCase(s.second);
  expect(await counts(s.caseId)).toEqual(again);
});

test('a late, older projection never moves the case or its escalation backwards', async () => {
  const s = scenario();
  await projectCase(s.first);
  await projectCase(s.second);
  await projectCase(s.third);
  await projectCase(s.second); // a stale attempt that was still running finishes last
  const row = await prisma.case.findUniqueOrThrow({ where: { caseId: s.caseId } });
  expect(row.stage).toBe('verifying');
  expect(row.version).toBe(s.third.state.seq);
  const esc = await prisma.escalation.findFirstOrThrow({ where: { caseId: s.caseId } });
  expect(esc.status).toBe('resolved');
});

test('an escalation keeps the time it first reached the read model when later projections update it', async () => {
  const s = scenario();
  await projectCase(s.first);
  const before = Date.now();
  await projectCase(s.second);
  const raised = await prisma.escalation.findFirstOrThrow({ where: { caseId: s.caseId } });
  expect(raised.status).toBe('open');
  // projectedAt is the database's clock, escalatedAt the workflow's (here a day in the past).
  expect(Math.abs(raised.projectedAt.getTime() - before)).toBeLessThan(60_000);
  expect(raised.projectedAt.getTime()).toBeGreaterThan(raised.escalatedAt.getTime());

  await new Promise((r) => setTimeout(r, 20));
  await projectCase(s.third); // resolves it
  const resolved = await prisma.escalation.findFirstOrThrow({ where: { caseId: s.caseId } });
  expect(resolved.status).toBe('resolved');
  expect(resolved.projectedAt).toEqual(raised.projectedAt);
  expect(resolved.updatedAt.getTime()).toBeGreaterThan(raised.updatedAt.getTime());
});

// A process given DATABASE_URL of a PGlite served over its socket (the test harness's) must not open a
// pool of named statements on it: its one session would keep a name past the connection that made it.
test('the start tells a PGlite behind DATABASE_URL from a PostgreSQL server and opens one connection to it', async () => {
  const { pglite } = await checkDatabaseReachable(requireTestEnv().databaseUrl);
  expect(pglite).toBe(process.env.TEST_DATABASE_POOL === '1');
  expect(applicationConnections(pglite, 10)).toEqual(pglite ? { poolSize: 1 } : { poolSize: 10, preparedStatements: true });
});

// The projection's one statement costs more to plan than to run; a named statement is planned once per connection.
const onServer = process.env.TEST_DATABASE_POOL !== '1' ? test : test.skip;
onServer('on a PostgreSQL server the projection is a named prepared statement, kept by its connection, with the same rows', async () => {
  const own = createPrisma(requireTestEnv().databaseUrl, { poolSize: 1, preparedStatements: true });
  try {
    const named = createProjectionActivities({ prisma: own, secrets: PiiCipher.fromSpec(loadConfig().piiKey) });
    const s = scenario();
    for (const input of [s.first, s.second, s.third]) await named.projectCase(input);
    const kept = await own.$queryRaw<{ name: string; statement: string }[]>`
      SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'pa\_%'`;
    expect(kept.filter((k) => k.statement.includes('INSERT INTO cases'))).toHaveLength(1);
    const c = await counts(s.caseId);
    expect(c.events).toBe(s.third.state.seq);
    expect(c.escalations).toBe(1);
    expect(c.feed).toBe(2);
  } finally {
    await own.$disconnect();
  }
});
