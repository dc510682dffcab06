// A case worker process killed with SIGKILL: in the middle of a case's projection activity (held on
// a row lock so the kill lands inside its one statement), and while a deadline passes. Temporal hands the work to
// the restarted worker; the case continues, its deadlines fire once, its audit trail stays 1..n.
import { Client as PgClient } from 'pg';
import { act, eventually, openTestCase, supervisor, view } from '../support/cases';
import { expectContiguous, observe, policyWith, startFaultStack, trailOf, type ChildProcess, type FaultStack } from './support/fault-stack';

let s: FaultStack;
let worker: ChildProcess;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const acceptIn = (accept: string) => policyWith({ accept, escalationWindow: '1h' });

beforeAll(async () => {
  s = await startFaultStack();
  worker = await s.startWorker();
});

afterAll(async () => {
  await s?.stop();
});

async function version(caseId: string): Promise<number | undefined> {
  return (await s.prisma.case.findUnique({ where: { caseId }, select: { version: true } }))?.version;
}

test('a worker killed mid-activity: after a restart the case continues, its deadline fires, and its audit trail has no gap and no duplicate', async () => {
  const ref = await openTestCase(s, {}, { policy: acceptIn('12s') });
  expect(await version(ref.caseId)).toBe(1);

  // Hold the case row so the next projection blocks inside its transaction, then kill the worker there.
  const lock = new PgClient({ connectionString: s.databaseUrl });
  await lock.connect();
  await lock.query('BEGIN');
  await lock.query('SELECT 1 FROM cases WHERE "caseId" = $1 FOR UPDATE', [ref.caseId]);
  const assigned = act(s, ref, { type: 'assign', assigneeId: 'cw-440104001' }, supervisor());
  await eventually(async () => {
    // Someone (the worker's projection transaction) is waiting for our row lock.
    const { rows } = await lock.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))',
    );
    return rows[0].n > 0 ? true : undefined;
  }, 30_000).catch(async (err) => {
    const { rows } = await lock.query(`SELECT pid, state, wait_event_type, wait_event, left(query, 120) AS q FROM pg_stat_activity`);
    throw new Error(`${(err as Error).message}\n${JSON.stringify(rows, null, 1)}\n${worker.output()}`);
  });
  await worker.kill();
  await lock.query('ROLLBACK');
  await lock.end();

  // The projection is one statement, so all of it or none of it is written: PostgreSQL may still
  // commit the dead worker's statement once our lock is gone (a backend notices that its client has
  // vanished only when it next answers it), but never half of it.
  await sleep(500);
  const afterKill = await trailOf(s.prisma, ref.caseId);
  expect([['reported'], ['reported', 'assign']]).toContainEqual(afterKill.map((e) => e.type));
  expect(await version(ref.caseId)).toBe(afterKill.length);
  observe(
    'worker SIGKILL mid-projection: audit trail right after the kill',
    afterKill.map((e) => e.type),
  );
  const described = await s.client.workflow.getHandle(ref.workflowId).describe();
  expect(described.raw.pendingActivities?.[0]?.activityType?.name).toBe('projectCase');

  const killedAt = Date.now();
  worker = await s.startWorker();
  // The killed attempt stops heartbeating; Temporal retries it once the 10 s heartbeat timeout has
  // passed, well before the 30 s start-to-close timeout, and the update answers then.
  const v = await assigned;
  expect(v.assigneeId).toBe('cw-440104001');
  const answeredAfter = Date.now() - killedAt;
  observe('worker SIGKILL mid-activity: kill → action answered (ms)', answeredAfter);
  expect(answeredAfter).toBeLessThan(25_000);

  // The acceptance deadline (12 s) passed while the case was stuck; it fires now, once.
  await eventually(async () => ((await s.prisma.escalation.count({ where: { caseId: ref.caseId } })) === 1 ? true : undefined), 30_000);
  await sleep(2000);
  const trail = await trailOf(s.prisma, ref.caseId);
  expectContiguous(trail);
  expect(trail.map((e) => e.type)).toEqual(['reported', 'assign', 'reminder', 'escalated']);
  expect(await s.prisma.escalation.count({ where: { caseId: ref.caseId } })).toBe(1);
  expect(await version(ref.caseId)).toBe(trail.length);
  expect((await view(s, ref)).escalationLevel).toBe(1);
});

test('a deadline that passes while the worker is down escalates exactly once when it comes back', async () => {
  const ref = await openTestCase(s, {}, { policy: acceptIn('4s') });
  expect(await version(ref.caseId)).toBe(1);
  await worker.kill();

  await sleep(7000); // past the 4 s acceptance deadline, with no worker at all
  expect(await s.prisma.escalation.count({ where: { caseId: ref.caseId } })).toBe(0);
  expect((await trailOf(s.prisma, ref.caseId)).map((e) => e.type)).toEqual(['reported']);

  const restartedAt = Date.now();
  worker = await s.startWorker();
  await eventually(async () => ((await s.prisma.escalation.count({ where: { caseId: ref.caseId } })) > 0 ? true : undefined), 30_000);
  observe('deadline passed with no worker: worker start → escalation projected (ms)', Date.now() - restartedAt);
  await sleep(3000); // time for a duplicate to show up, if one were coming
  const trail = await trailOf(s.prisma, ref.caseId);
  expectContiguous(trail);
  expect(trail.map((e) => e.type)).toEqual(['reported', 'reminder', 'escalated']);
  const escalations = await s.prisma.escalation.findMany({ where: { caseId: ref.caseId } });
  expect(escalations).toEqual([expect.objectContaining({ clock: 'accept', level: 1, status: 'open' })]);

  // The case carries on: accepting resolves the escalation.
  const accepted = await act(s, ref, { type: 'accept' });
  expect(accepted.stage).toBe('verifying');
  const resolved = await s.prisma.escalation.findUniqueOrThrow({ where: { escalationId: escalations[0].escalationId } });
  expect(resolved.status).toBe('resolved');
  expectContiguous(await trailOf(s.prisma, ref.caseId));
});
