// A worker whose workflow cache holds one workflow, so every interleaved case is evicted and replayed
// from its history over and over, must reach exactly the results of a worker with a normal cache:
// the same script of concurrent cases runs on both (each on its own task queue) and the stages, audit
// trails and escalations are compared.
import type { Actor, CaseAction } from '../../domain/case-types';
import { act, caseworker, districtOfficer, eventually, openTestCase, supervisor, type CaseDriver } from '../support/cases';
import { freePort } from '../../runtime/database';
import { observe, policyWith, startFaultStack, trailOf, type FaultStack } from './support/fault-stack';

let s: FaultStack;
const TINY_QUEUE_SUFFIX = '-tiny-cache';
let metricsPort: number;

beforeAll(async () => {
  s = await startFaultStack();
  metricsPort = await freePort();
  await Promise.all([s.startWorker(), s.startWorker({ maxCachedWorkflows: 1, taskQueue: s.taskQueue + TINY_QUEUE_SUFFIX, metricsPort })]);
});

/** A counter of the tiny-cache worker's SDK metrics, summed over its label sets. */
async function workerMetric(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

afterAll(async () => {
  await s?.stop();
});

const calm = () => policyWith({ accept: '1h', verify: '1h', escalationWindow: '1h' });
const hurried = () => policyWith({ accept: '3s', verify: '1h', escalationWindow: '3s' });

type Step = [CaseAction, Actor];
const now = () => new Date().toISOString();
const SCRIPTS: Step[][] = [
  [
    [{ type: 'accept' }, caseworker()],
    [{ type: 'record-visit', visitedAt: now(), findings: 'rent arrears' }, caseworker()],
    [{ type: 'complete-verification', outcome: 'eligible' }, caseworker()],
    [{ type: 'propose-assistance', assistanceType: 'temporary', amount: 5000 }, caseworker()],
    [{ type: 'approve-assistance' }, districtOfficer()],
    [{ type: 'record-disbursement', amount: 5000 }, caseworker()],
  ],
  [
    [{ type: 'accept' }, caseworker()],
    [{ type: 'complete-verification', outcome: 'watch' }, caseworker()],
    [{ type: 'record-revisit', visitedAt: now(), findings: 'no change', circumstancesChanged: false }, caseworker()],
    [{ type: 'record-revisit', visitedAt: now(), findings: 'lost job', circumstancesChanged: true }, caseworker()],
    [{ type: 'complete-verification', outcome: 'not-in-need' }, caseworker()],
  ],
  [
    [{ type: 'assign', assigneeId: 'cw-440104001' }, supervisor()],
    [{ type: 'pause-clock', reason: 'in hospital', expectedResumeAt: new Date(Date.now() + 86_400_000).toISOString() }, supervisor()],
    [{ type: 'resume-clock' }, supervisor()],
    [{ type: 'transfer', toStreetCode: '440104002', reason: 'moved to Renmin street' }, supervisor()],
    [{ type: 'close', reason: 'family moved out of the city' }, districtOfficer()],
  ],
  [
    [{ type: 'accept' }, caseworker()],
    [{ type: 'complete-verification', outcome: 'eligible' }, caseworker()],
    [{ type: 'refer-to-charity', organisationId: 'org-gz-charity', needs: ['school fees'] }, caseworker()],
    [{ type: 'charity-response', response: 'completed', note: 'fees paid' }, caseworker()],
  ],
];

interface Outcome {
  trails: string[][];
  stages: string[];
  escalations: string[][];
}

/** Runs every script concurrently (each case's steps in order) plus one case left to escalate. */
async function runScripts(driver: CaseDriver): Promise<Outcome> {
  const refs = await Promise.all(SCRIPTS.map(() => openTestCase(driver, {}, { policy: calm() })));
  const late = await openTestCase(driver, {}, { policy: hurried() });
  await Promise.all(
    SCRIPTS.map(async (steps, i) => {
      for (const [action, by] of steps) await act(driver, refs[i], action, by);
    }),
  );
  await eventually(
    async () => ((await s.prisma.escalation.count({ where: { caseId: late.caseId, level: 2 } })) === 1 ? true : undefined),
    30_000,
  );
  const all = [...refs, late];
  const trails: string[][] = [];
  const escalations: string[][] = [];
  for (const ref of all) {
    const trail = await trailOf(s.prisma, ref.caseId);
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
    trails.push(trail.map((e) => e.type));
    escalations.push(
      (await s.prisma.escalation.findMany({ where: { caseId: ref.caseId }, orderBy: { escalatedAt: 'asc' } })).map(
        (e) => `${e.clock}:${e.level}:${e.status}`,
      ),
    );
  }
  const stages = await Promise.all(all.map(async (r) => (await s.prisma.case.findUniqueOrThrow({ where: { caseId: r.caseId } })).stage));
  return { trails, stages, escalations };
}

test('a worker with a one-workflow cache (constant evictions and replays) reaches the same results as a normal one', async () => {
  const normal = await runScripts(s);
  const tiny = await runScripts({ ...s, client: s.client, taskQueue: s.taskQueue + TINY_QUEUE_SUFFIX });

  expect(tiny.trails).toEqual(normal.trails);
  expect(tiny.stages).toEqual(normal.stages);
  expect(tiny.escalations).toEqual(normal.escalations);
  expect(normal.stages).toEqual(['monitoring', 'closed', 'closed', 'monitoring', 'reported']);
  expect(normal.escalations.at(-1)).toEqual(['accept:2:open']);
  // The tiny cache really evicted and replayed: most of its workflow tasks missed the cache.
  const misses = await workerMetric('temporal_sticky_cache_miss');
  const evictions = await workerMetric('temporal_sticky_cache_total_forced_eviction');
  observe('one-workflow cache: sticky cache misses / forced evictions', { misses, evictions });
  expect({ misses: misses > 20, evictions: evictions > 20 }).toEqual({ misses: true, evictions: true });
});
