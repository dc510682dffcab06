// Figure: the 待办 first load (DESIGN.md §11). The workbench's first page asks the API, for a street's
// caseworker, for the reports to accept (GET /cases?stage=reported, 100), the open warnings (GET
// /warnings?status=open, 200), the deadlines due within two days (GET /me/revisits) and the latest
// notifications, plus the jurisdiction tree (an empty localStorage on a first load), and reads the case
// file of the first 20 items of the two case sections (4 at a time, one file per case, as
// web/src/people.ts caseFileFor does). This replays that request set through HTTP, as the page sends it,
// for a busy street (`cases` reports waiting) and a quiet one (a tenth as many, at least 20), each a few times. The
// page reads pages and at most 20 files per section whatever the backlog, so its load time should not
// grow with it: the ratio busy / quiet is the figure, not the milliseconds (the machine decides those).
import { performance } from 'node:perf_hooks';
import { reportBody } from '../fixtures';
import type { BenchStack } from '../stack';
import { median, round, runPool, sleep } from '../stats';
import { ratioOf, type Log, type ScenarioResult, type Sizes } from '../types';

// Conghua's 街口街道 and 江埔街道: streets of their own in this figure (others spread their cases over every street).
export const BUSY = '440117001';
const QUIET = '440117002';
/** web/src/pages/TodoPage.tsx ENRICH, and people.ts's reads in flight. */
const ENRICH = 20;
const FILES_IN_FLIGHT = 4;

interface LoadRun {
  ms: number;
  requests: number;
}

/** One first load of 待办 as the page sends it: the sections at once, the case files through one 4-wide gate. */
async function firstLoad(stack: BenchStack, token: string): Promise<LoadRun> {
  let requests = 0;
  const get = async <T>(path: string): Promise<T> => {
    requests += 1;
    return stack.api.expect<T>([200], 'GET', path, token);
  };
  const files = new Map<string, Promise<unknown>>();
  let active = 0;
  const waiting: (() => void)[] = [];
  const fileOf = (caseId: string) => {
    if (!files.has(caseId)) {
      files.set(
        caseId,
        (async () => {
          if (active >= FILES_IN_FLIGHT) await new Promise<void>((r) => waiting.push(r));
          active += 1;
          try {
            return await get(`/api/v1/cases/${encodeURIComponent(caseId)}`);
          } finally {
            active -= 1;
            waiting.shift()?.();
          }
        })(),
      );
    }
    return files.get(caseId)!;
  };
  const started = performance.now();
  await Promise.all([
    get('/api/v1/jurisdictions'),
    (async () => {
      const page = await get<{ items: { caseId: string; urgency: string }[] }>('/api/v1/cases?stage=reported&limit=100');
      const ordered = [...page.items].sort((a, b) => (a.urgency === b.urgency ? 0 : a.urgency === 'urgent' ? -1 : 1));
      await Promise.all(ordered.slice(0, ENRICH).map((c) => fileOf(c.caseId)));
    })(),
    get('/api/v1/warnings?status=open&limit=200'),
    (async () => {
      const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
      const due = await get<{ items: { caseId: string }[] }>(`/api/v1/me/revisits?to=${encodeURIComponent(to)}&limit=200`);
      await Promise.all(due.items.slice(0, ENRICH).map((i) => fileOf(i.caseId)));
    })(),
    get('/api/v1/me/notifications?limit=20'),
  ]);
  return { ms: performance.now() - started, requests };
}

async function reportedIn(stack: BenchStack, streetCode: string): Promise<number> {
  return stack.prisma.case.count({ where: { streetCode, stage: 'reported' } });
}

export async function todoScenario(stack: BenchStack, sizes: Sizes['todo'], log: Log): Promise<ScenarioResult> {
  // At least a full page of files in the quiet street too, so both sides read as many files and differ in backlog only.
  const quiet = Math.max(ENRICH, Math.round(sizes.cases / 10));
  // Reports as the API takes them, from several staff of each street's scope (the API allows 60 writes
  // per 10 s per user), a 429 waited out.
  const sendersOf = async (street: string) =>
    Promise.all(
      (
        [
          ['hotline', '440100'],
          ['city_officer', '440100'],
          ['district_officer', street.slice(0, 6)],
          ['street_supervisor', street],
          ['caseworker', street],
          ['reporter', street],
        ] as const
      ).map(([role, code]) => stack.tokenFor(role, code)),
    );
  const senders = new Map([
    [BUSY, await sendersOf(BUSY)],
    [QUIET, await sendersOf(QUIET)],
  ]);
  log(`todo: reporting ${sizes.cases} cases in ${BUSY} and ${quiet} in ${QUIET}`);
  const streets = [...Array<string>(sizes.cases).fill(BUSY), ...Array<string>(quiet).fill(QUIET)];
  await runPool(streets.length, sizes.concurrency, async (i) => {
    const body = reportBody(streets[i], i);
    for (let attempt = 0; ; attempt++) {
      const tokens = senders.get(streets[i])!;
      const res = await stack.api.request('POST', '/api/v1/reports', tokens[(i + attempt) % tokens.length], body);
      if (res.status === 201) return;
      if (res.status !== 429 || attempt > 30)
        throw new Error(`todo: a report answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      await sleep(1000);
    }
  });
  // The cases reach the read model through the projection: wait until both streets list them all.
  const deadline = Date.now() + 120_000;
  while ((await reportedIn(stack, BUSY)) < sizes.cases || (await reportedIn(stack, QUIET)) < quiet) {
    if (Date.now() > deadline) throw new Error('todo: the reported cases did not all reach the read model within 120 s');
    await sleep(250);
  }
  const busyToken = await stack.tokenFor('caseworker', BUSY);
  const quietToken = await stack.tokenFor('caseworker', QUIET);
  // One warm-up each (connections, prepared statements, the workers' caches), then alternating rounds.
  await firstLoad(stack, busyToken);
  await firstLoad(stack, quietToken);
  const busy: LoadRun[] = [];
  const calm: LoadRun[] = [];
  for (let r = 0; r < sizes.rounds; r++) {
    const order = r % 2 === 0 ? ([busy, calm] as const) : ([calm, busy] as const);
    for (const runs of order) runs.push(await firstLoad(stack, runs === busy ? busyToken : quietToken));
  }
  const busyMs = round(median(busy.map((x) => x.ms)), 1);
  const quietMs = round(median(calm.map((x) => x.ms)), 1);
  const counts = { busy: await reportedIn(stack, BUSY), quiet: await reportedIn(stack, QUIET) };
  log(`todo: busy ${busyMs} ms (${counts.busy} waiting), quiet ${quietMs} ms (${counts.quiet} waiting)`);
  const ratio = ratioOf(busyMs, quietMs);
  return {
    figures: [
      {
        id: 'todo.firstLoad',
        metric: `待办 first load, a caseworker's request set: ${counts.busy} reports waiting vs ${counts.quiet} (ms, median of ${sizes.rounds})`,
        unit: 'ms',
        product: busyMs,
        baseline: quietMs,
        ratio,
        target: 'bounded: ratio < 2 for 10× the backlog',
        met: ratio === null ? null : ratio < 2,
        note: `requests per load: ${busy[0]?.requests ?? 0} busy, ${calm[0]?.requests ?? 0} quiet (lists, then ≤ ${ENRICH} case files per section, ${FILES_IN_FLIGHT} in flight)`,
      },
    ],
    details: { counts, busy, quiet: calm },
  };
}
