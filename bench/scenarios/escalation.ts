// Figure 3, escalation timeliness: N cases opened in a burst under a policy with a short accept
// deadline (90 s in the full run), so their deadlines fall within less than a minute of each other —
// as many seconds as the burst took to open. The policy's reminder fraction is set so the reminder
// wave (one reminder per case) is over before the first deadline, as with any real policy; the details
// say whether it was (a burst slower than the reminder lead makes them overlap).
// Baseline: bare workflows opened the same way (start + one update) with the same two timers
// (reminder, deadline), each firing a no-op activity; lateness = the activity's completion minus the
// due time. Product: lateness = the escalation written to the read model (escalations.projectedAt)
// minus the deadline, the same point (the timer's effect is durable and readable); and, as a second
// row, the moment a city officer polling GET /escalations first sees it, which adds the poll interval
// and one poll's duration. The details split the product's lateness into the timer firing late in the
// workflow, the projection after it, and the polling.
import { DEFAULT_POLICY_JSON, parsePolicy, type CasePolicy } from '../../domain/policy';
import { openBare, openCaseViaClient, streetAt } from '../fixtures';
import { cpuSnapshot, type BenchStack } from '../stack';
import { round, runPool, sleep, summarize } from '../stats';
import { ratioOf, type Log, type ScenarioResult, type Sizes } from '../types';

export function shortAcceptPolicy(seconds: number, reminderAt = DEFAULT_POLICY_JSON.reminderAt): CasePolicy {
  const d = DEFAULT_POLICY_JSON.deadlines;
  return parsePolicy({
    ...DEFAULT_POLICY_JSON,
    version: `bench-accept-${seconds}s-remind-${reminderAt}`,
    reminderAt,
    // Urgent deadlines may not exceed normal ones, so both get the short accept deadline.
    deadlines: { normal: { ...d.normal, accept: `${seconds}s` }, urgent: { ...d.urgent, accept: `${seconds}s` } },
  });
}

interface EscalationItem {
  caseId: string;
  clock?: string;
  escalatedAt?: string;
}

interface ListPage {
  items: EscalationItem[];
  nextCursor?: string;
}

/** Rows may become visible out of escalatedAt order by up to this much; older rows are re-read only by full sweeps. */
const VISIBILITY_SLACK_MS = 10_000;

export async function escalationScenario(stack: BenchStack, sizes: Sizes['escalation'], log: Log): Promise<ScenarioResult> {
  const deadlineMs = sizes.deadlineSeconds * 1000;
  const graceMs = 30_000;
  const n = sizes.cases;

  // ---- Baseline: bare timers ---------------------------------------------------------------------
  const reminderMs = deadlineMs * sizes.reminderAt;
  /** Whether the last reminder (due one reminder lead before the last deadline) falls after the first deadline. */
  const remindersOverlap = (firstDue: number, lastDue: number) => lastDue - (deadlineMs - reminderMs) >= firstDue;
  log(`escalation: bare: burst of ${n} workflows with timers at ${sizes.reminderAt * 100} % and 100 % of ${sizes.deadlineSeconds} s`);
  const bareIds: string[] = [];
  const bareCpu0 = cpuSnapshot(stack);
  const bareBurst = await runPool(n, sizes.concurrency, async () => {
    bareIds.push(await openBare(stack, { timerOffsetsMs: [reminderMs, deadlineMs], idleTimerMs: 48 * 3_600_000 }));
  });
  const bareWaitUntil = Date.now() + deadlineMs + graceMs;
  while (Date.now() < bareWaitUntil && bareIds.some((id) => (stack.bareTimerLateness.get(id)?.length ?? 0) < 2)) await sleep(250);
  const bareDue: number[] = [];
  const bareLateness: number[] = [];
  for (const id of bareIds) {
    const entries = stack.bareTimerLateness.get(id) ?? [];
    if (entries.length < 2) continue;
    const last = entries.reduce((a, b) => (b.dueAtMs > a.dueAtMs ? b : a));
    bareLateness.push(last.latenessMs);
    bareDue.push(last.dueAtMs);
  }
  const bareMissed = bareIds.length - bareLateness.length;
  const bareRemindersOverlap = bareDue.length > 0 && remindersOverlap(Math.min(...bareDue), Math.max(...bareDue));
  const bareCpu1 = cpuSnapshot(stack);

  // ---- Product: case workflows with a short accept deadline --------------------------------------
  const cityToken = await stack.tokenFor('city_officer', '440100');
  const probe = await stack.api.request('GET', '/api/v1/escalations?limit=1', cityToken);
  const route = probe.status === 200 ? 'escalations' : 'cases';
  const listPath =
    route === 'escalations' ? '/api/v1/escalations?status=open&level=district&limit=200' : '/api/v1/cases?escalationLevel=1&limit=200';
  if (route === 'cases')
    log(`escalation: GET /api/v1/escalations answered ${probe.status}; polling GET /api/v1/cases?escalationLevel=1 instead`);

  const policy = shortAcceptPolicy(sizes.deadlineSeconds, sizes.reminderAt);
  log(
    `escalation: product: burst of ${n} cases with a ${sizes.deadlineSeconds} s accept deadline, reminder at ${sizes.reminderAt * 100} % (Update-with-Start of the report)`,
  );
  const due = new Map<string, number>();
  const productCpu0 = cpuSnapshot(stack);
  const productBurst = await runPool(n, sizes.concurrency, async (i) => {
    const c = await openCaseViaClient(stack, streetAt(i), { policy });
    if (!c.acceptDueAt) throw new Error(`case ${c.caseId} has no accept deadline`);
    due.set(c.caseId, Date.parse(c.acceptDueAt));
  });
  const dues = [...due.values()];
  const firstDue = Math.min(...dues);
  const lastDue = Math.max(...dues);
  const productRemindersOverlap = remindersOverlap(firstDue, lastDue);
  if (productRemindersOverlap) log('escalation: the burst outlasted the reminder lead: reminders fire among the deadlines');
  await sleep(Math.max(0, firstDue - Date.now() - 500));

  log(`escalation: polling ${listPath} as the city officer every ${sizes.pollIntervalMs} ms`);
  const visibleAt = new Map<string, number>();
  const escalatedAt = new Map<string, number>();
  const pollMs: number[] = [];
  let pages = 0;
  let foundInSweeps = 0;
  let previousPollStart = 0;
  for (let poll = 0; visibleAt.size < due.size && Date.now() < lastDue + graceMs; poll++) {
    const t0 = performance.now();
    const pollStart = Date.now();
    // Newest first: read until rows are older than the previous poll minus the slack; every tenth
    // poll (and the last ones) sweeps everything, so nothing that surfaced late is missed.
    const sweep = poll % 10 === 0 || Date.now() > lastDue + 5_000;
    const cutoff = sweep ? -Infinity : previousPollStart - VISIBILITY_SLACK_MS;
    let cursor: string | undefined;
    for (let page = 0; page < 1_000; page++) {
      const body = await stack.api.expect<ListPage>(
        [200],
        'GET',
        listPath + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
        cityToken,
      );
      pages++;
      const now = Date.now();
      for (const item of body.items) {
        if (!due.has(item.caseId) || visibleAt.has(item.caseId) || (item.clock !== undefined && item.clock !== 'accept')) continue;
        visibleAt.set(item.caseId, now);
        if (item.escalatedAt) escalatedAt.set(item.caseId, Date.parse(item.escalatedAt));
        if (sweep && poll > 0) foundInSweeps++;
      }
      cursor = body.nextCursor;
      const oldest = body.items.at(-1)?.escalatedAt;
      if (!cursor || (oldest !== undefined && Date.parse(oldest) < cutoff)) break;
    }
    previousPollStart = pollStart;
    pollMs.push(performance.now() - t0);
    await sleep(sizes.pollIntervalMs);
  }
  const productCpu1 = cpuSnapshot(stack);
  const visibleLateness = [...visibleAt].map(([caseId, at]) => at - due.get(caseId)!);
  // The product's counterpart of the baseline's no-op activity completing: the escalation written to
  // the read model (escalations.projectedAt, the time of the projection's statement), from where every
  // list, stream and export reads it. Polling adds its interval and a query's time on top.
  const projected = await stack.prisma.escalation.findMany({
    where: { clock: 'accept', caseId: { in: [...due.keys()] } },
    select: { caseId: true, projectedAt: true },
  });
  const projectedAt = new Map(projected.map((r) => [r.caseId!, r.projectedAt.getTime()]));
  const productLateness = [...projectedAt].map(([caseId, at]) => at - due.get(caseId)!);
  const productMissed = due.size - projectedAt.size;
  const visibleMissed = due.size - visibleAt.size;
  // Where the product's lateness goes: the timer firing in the workflow (escalatedAt is workflow time
  // of the firing task), the projection after it, and the polling until a supervisor sees it.
  const firing = [...escalatedAt].map(([caseId, at]) => at - due.get(caseId)!);
  const projection = [...escalatedAt].filter(([caseId]) => projectedAt.has(caseId)).map(([caseId, at]) => projectedAt.get(caseId)! - at);
  const polling = [...visibleAt].filter(([caseId]) => projectedAt.has(caseId)).map(([caseId, at]) => at - projectedAt.get(caseId)!);

  const p = summarize(productLateness);
  const b = summarize(bareLateness);
  const v = summarize(visibleLateness);
  const missedNote =
    productMissed > 0
      ? `${productMissed} of ${n} escalations not in the read model within ${graceMs / 1000} s of the last deadline`
      : undefined;
  const overlapNote = productRemindersOverlap
    ? 'the reminders of the last cases opened fired among the deadlines (burst longer than the reminder lead)'
    : undefined;
  const row = (q: 'p50' | 'p99' | 'max') => {
    const ratio = ratioOf(p[q], b[q]);
    return {
      id: `escalation.lateness.${q}`,
      metric: `escalation lateness ${q} (${n} deadlines, to the read model)`,
      unit: 'ms',
      product: p[q],
      baseline: b[q],
      ratio,
      target: q === 'p99' ? '≤ 1.5× bare' : '',
      met: q === 'p99' ? productMissed === 0 && ratio !== null && ratio <= 1.5 : null,
      ...(q === 'p50' && overlapNote ? { note: overlapNote } : {}),
      ...(q === 'max' && missedNote ? { note: missedNote } : {}),
    };
  };
  const visibleRow = {
    id: 'escalation.visible.p99',
    metric: `escalation seen by a polling city officer p99 (every ${sizes.pollIntervalMs} ms)`,
    unit: 'ms',
    product: v.p99,
    baseline: b.p99,
    ratio: ratioOf(v.p99, b.p99),
    target: '≤ 2000 ms',
    met: visibleMissed === 0 && v.p99 <= 2000,
    ...(route === 'cases' ? { note: 'GET /escalations missing: measured through GET /cases?escalationLevel=1' } : {}),
    ...(visibleMissed > 0 ? { note: `${visibleMissed} of ${n} escalations not seen within ${graceMs / 1000} s of the last deadline` } : {}),
  };
  return {
    figures: [row('p50'), row('p99'), row('max'), visibleRow],
    details: {
      cases: n,
      deadlineSeconds: sizes.deadlineSeconds,
      reminderAt: sizes.reminderAt,
      listRoute: listPath,
      pollIntervalMs: sizes.pollIntervalMs,
      poll: { count: pollMs.length, pages, foundInSweeps, ...summarize(pollMs) },
      // CPU of the whole side (burst, timers, projections; for the product also the polling), per case.
      cpuPerCaseMs: {
        product: {
          benchProcess: round((productCpu1.benchMs - productCpu0.benchMs) / n),
          temporal: round(((productCpu1.temporalMs ?? 0) - (productCpu0.temporalMs ?? 0)) / n),
        },
        baseline: {
          benchProcess: round((bareCpu1.benchMs - bareCpu0.benchMs) / n),
          temporal: round(((bareCpu1.temporalMs ?? 0) - (bareCpu0.temporalMs ?? 0)) / n),
        },
      },
      productFiringLateness: summarize(firing),
      productProjectionLag: summarize(projection),
      productPollLag: summarize(polling),
      productVisible: { ...v, missed: visibleMissed },
      product: {
        ...p,
        missed: productMissed,
        remindersOverlapDeadlines: productRemindersOverlap,
        burstSeconds: round(productBurst.elapsedMs / 1000),
        deadlineWindowSeconds: round((lastDue - firstDue) / 1000),
      },
      baseline: {
        ...b,
        missed: bareMissed,
        remindersOverlapDeadlines: bareRemindersOverlap,
        burstSeconds: round(bareBurst.elapsedMs / 1000),
        deadlineWindowSeconds: bareDue.length ? round((Math.max(...bareDue) - Math.min(...bareDue)) / 1000) : null,
      },
    },
  };
}
