// Records the Temporal histories of representative cases into test/fixtures/histories/<set>/, for the
// replay test that catches non-deterministic workflow changes. Run after an intentional change to
// workflow logic that is guarded by patched(): `npm run record:histories` (the set is named after
// today's date, or `-- --set <name>`). Earlier sets are never overwritten: they stand for the cases
// already running in production, which the new code must still replay.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import type { Actor, CaseAction, CaseReport, CaseState } from '../domain/case-types';
import { decideAction, openCase } from '../domain/case-machine';
import { addMs } from '../domain/durations';
import { parsePolicy, DEFAULT_POLICY_JSON } from '../domain/policy';
import { createPrisma, migrate, startEmbeddedPostgres } from '../runtime/database';
import { loadConfig } from '../runtime/config';
import { runMain } from '../runtime/errors';
import { PiiCipher } from '../runtime/pii';
import { seed } from '../runtime/seed';
import { resolveTemporalCli, startTemporalDevServer } from '../runtime/temporal-server';

const execFileAsync = promisify(execFile);
import { createWorker } from '../worker';
import { actionUpdate, calendarUpdatedSignal, CASE_WORKFLOW_TYPE, caseWorkflowId, reportUpdate } from '../workflows/definitions';
import { issuedFor } from '../clients/case-client';
import { calendarForYears, shanghaiYearOf } from '../domain/working-days';
import { loadPackageCalendar } from '../runtime/calendar-source';
import { CASE_SEARCH_ATTRIBUTES, openingSearchAttributes } from '../workflows/search-attributes';

const HISTORIES = path.resolve(__dirname, '..', 'test', 'fixtures', 'histories');
const setArg = process.argv.indexOf('--set');
const SET = setArg >= 0 ? process.argv[setArg + 1] : new Date().toISOString().slice(0, 10);
const OUT = path.join(HISTORIES, SET ?? '');
const TASK_QUEUE = 'record-histories';
const policy = parsePolicy({
  ...DEFAULT_POLICY_JSON,
  version: 'replay-fixtures',
  deadlines: {
    normal: {
      accept: '2s',
      verify: '1h',
      decide: '1h',
      charityResponse: '2s',
      charityFollowUp: '2s',
      revisitInterval: '2s',
      reReview: '1h',
      escalationWindow: '2s',
    },
    urgent: {
      accept: '2s',
      emergencyAid: '1h',
      verify: '1h',
      decide: '1h',
      charityResponse: '2s',
      charityFollowUp: '2s',
      revisitInterval: '2s',
      reReview: '1h',
      escalationWindow: '2s',
    },
  },
  publicNotice: { minimum_living: '2s' },
});
const cw: Actor = { userId: 'cw-440104001', role: 'caseworker', jurisdictionCode: '440104001' };
const ss: Actor = { userId: 'ss-440104001', role: 'street_supervisor', jurisdictionCode: '440104001' };
const dOfficer: Actor = { userId: 'do-440104', role: 'district_officer', jurisdictionCode: '440104' };
const cityOfficer: Actor = { userId: 'co-440100', role: 'city_officer', jurisdictionCode: '440100' };
const organisation: Actor = { userId: 'ou-org-gz-charity', role: 'organisation', jurisdictionCode: 'org-gz-charity' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(personId: string, extra: Partial<CaseReport> = {}): CaseReport {
  return {
    reportId: `r-${randomUUID()}`,
    channel: 'grid',
    personId,
    streetCode: '440104001',
    districtCode: '440104',
    summary: 'replay fixture',
    categories: [],
    urgentFlags: [],
    subjectIsMinor: false,
    receivedAt: new Date().toISOString(),
    ...extra,
  };
}

runMain(async () => {
  const cli = resolveTemporalCli()?.path;
  if (!cli) throw new Error('no Temporal CLI found; run npm install');
  const temporal = await startTemporalDevServer({ dbFile: null, namespace: 'default', searchAttributes: CASE_SEARCH_ATTRIBUTES });
  const db = await startEmbeddedPostgres(null);
  await migrate(db.url);
  const prisma = createPrisma(db.url, { poolSize: 1 });
  await seed(prisma);
  const { worker, connection: wc } = await createWorker({
    address: temporal.address,
    namespace: 'default',
    prisma,
    taskQueue: TASK_QUEUE,
    secrets: PiiCipher.fromSpec(loadConfig().piiKey),
  });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const running = worker.run();
  try {
    const scenarios: Record<string, (personId: string, wfId: string) => Promise<void>> = {
      'full-path-with-tiers': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0);
        for (const [action, by] of [
          [{ type: 'accept' }, cw],
          [{ type: 'record-visit', visitedAt: new Date().toISOString(), findings: 'visit' }, cw],
          [{ type: 'complete-verification', outcome: 'eligible' }, cw],
          [{ type: 'propose-assistance', assistanceType: 'temporary', amount: 5000 }, cw],
          [{ type: 'approve-assistance' }, dOfficer],
          [{ type: 'record-disbursement', amount: 5000 }, cw],
          [{ type: 'close', reason: 'family recovered' }, ss],
        ] as [CaseAction, Actor][])
          await act(wfId, caseId, action, by);
      },
      'acceptance-escalates-to-city': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0);
        await sleep(5500);
        await act(wfId, caseId, { type: 'accept' }, cw);
        await act(wfId, caseId, { type: 'close', reason: 'fixture done' }, ss);
      },
      'urgent-transfer-pause-attach': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0, { urgentFlags: ['disaster'] });
        await client.workflow
          .getHandle(wfId)
          .executeUpdate(reportUpdate, { args: [{ report: report(personId), issued: issuedFor(wfId) }] });
        await act(wfId, caseId, { type: 'transfer', toStreetCode: '440104002', reason: 'moved' }, ss);
        await act(
          wfId,
          caseId,
          { type: 'pause-clock', reason: 'in hospital', expectedResumeAt: new Date(Date.now() + 86_400_000).toISOString() },
          ss,
        );
        await act(wfId, caseId, { type: 'resume-clock' }, ss);
        await act(
          wfId,
          caseId,
          { type: 'grant-emergency-aid', amount: 500 },
          { ...cw, userId: 'cw-440104002', jurisdictionCode: '440104002' },
        );
        await act(wfId, caseId, { type: 'close', reason: 'fixture done' }, ss);
      },
      // §14 (issue #17): an escalated clock keeps counting while paused, a transfer carries the
      // escalation to the new street, closing ends it as closed with the reason.
      'escalated-pause-transfer-close': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0);
        await sleep(2500); // the accept clock (2s) escalates to the district
        await act(
          wfId,
          caseId,
          { type: 'pause-clock', reason: 'family away', expectedResumeAt: new Date(Date.now() + 3_600_000).toISOString() },
          ss,
        );
        await sleep(2500); // raised to the city while paused (window 2s)
        await act(wfId, caseId, { type: 'resume-clock' }, ss);
        await act(wfId, caseId, { type: 'transfer', toStreetCode: '440104002', reason: 'wrong street' }, dOfficer);
        await act(wfId, caseId, { type: 'close', reason: 'fixture done' }, dOfficer);
      },
      'revisits-continue-as-new-and-referral': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 30);
        await act(wfId, caseId, { type: 'accept' }, cw);
        await act(wfId, caseId, { type: 'complete-verification', outcome: 'watch' }, cw);
        for (let i = 0; i < 6; i++) {
          await act(
            wfId,
            caseId,
            { type: 'record-revisit', visitedAt: new Date().toISOString(), findings: `visit ${i}`, circumstancesChanged: false },
            cw,
          );
        }
        await sleep(3000); // a revisit becomes overdue and escalates
        await act(wfId, caseId, { type: 'refer-to-charity', organisationId: 'org-gz-charity', needs: ['food'] }, cw);
        await act(wfId, caseId, { type: 'charity-response', response: 'completed' }, cw);
        await act(wfId, caseId, { type: 'close', reason: 'fixture done' }, ss);
      },
      // §9: emergency aid ratified by verification (its 5wd clock provisional until the calendar
      // arrives by signal), a public notice withdrawn by an objection, then one that ends by itself.
      'emergency-aid-calendar-and-public-notice': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0, { urgentFlags: ['critical_illness'] });
        await act(wfId, caseId, { type: 'accept' }, cw);
        await act(wfId, caseId, { type: 'grant-emergency-aid', amount: 800, kind: 'cash' }, cw);
        const year = shanghaiYearOf(Date.now());
        await client.workflow
          .getHandle(wfId)
          .signal(calendarUpdatedSignal, { calendar: calendarForYears(loadPackageCalendar(), year, year) });
        await act(wfId, caseId, { type: 'complete-verification', outcome: 'eligible' }, cw);
        // 900 × 12 and 800 × 12: district business by their totals (§10).
        await act(wfId, caseId, { type: 'propose-assistance', assistanceType: 'minimum_living', amount: 900, months: 12 }, cw);
        await act(wfId, caseId, { type: 'approve-assistance' }, cityOfficer);
        await act(wfId, caseId, { type: 'record-objection', summary: 'fixture objection' }, cw);
        await act(wfId, caseId, { type: 'propose-assistance', assistanceType: 'minimum_living', amount: 800, months: 12 }, cw);
        await act(wfId, caseId, { type: 'approve-assistance' }, dOfficer);
        await sleep(3000); // the notice ends and the case moves to assisting by itself
        await act(wfId, caseId, { type: 'record-disbursement', amount: 800 }, cw);
        await act(wfId, caseId, { type: 'close', reason: 'fixture done' }, ss);
      },
      // §7: an unidentified subject identified later, a visit with the household found, and a merge
      // into another case of the family while the acceptance clock is escalated (resolved as merged).
      'unidentified-visit-and-merge': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0, { subjectUnidentified: true });
        await act(wfId, caseId, { type: 'identify-subject', personId: `${personId}-identified` }, cw);
        await act(wfId, caseId, { type: 'accept' }, cw);
        await act(
          wfId,
          caseId,
          {
            type: 'record-visit',
            visitedAt: new Date().toISOString(),
            findings: 'visit',
            householdSize: 3,
            householdMemberCount: 3,
            investigators: ['cw-440104001', 'ss-440104001'],
          },
          cw,
        );
        await act(wfId, caseId, { type: 'complete-verification', outcome: 'watch' }, cw);
        await act(wfId, caseId, { type: 'merge-into', targetCaseId: 'c-fixture-target', reason: 'same family' }, ss);
      },
      // §10 (issue #15): several items decided by itemId, a monthly item paid month by month on its
      // payment clock, a one-off item paid in full, the household's temporary aid again with an override.
      'assistance-items-and-monthly-payments': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0);
        await act(wfId, caseId, { type: 'accept' }, cw);
        await act(wfId, caseId, { type: 'complete-verification', outcome: 'eligible' }, cw);
        await act(wfId, caseId, { type: 'propose-assistance', assistanceType: 'temporary', amount: 600 }, cw);
        await act(wfId, caseId, { type: 'propose-assistance', assistanceType: 'education', amount: 500, months: 3 }, ss);
        await act(wfId, caseId, { type: 'approve-assistance', itemId: `${caseId}:aid:2` }, dOfficer);
        await act(wfId, caseId, { type: 'approve-assistance', itemId: `${caseId}:aid:1` }, ss);
        await act(wfId, caseId, { type: 'record-disbursement', itemId: `${caseId}:aid:1`, amount: 600 }, cw);
        await act(wfId, caseId, { type: 'record-disbursement', itemId: `${caseId}:aid:2`, amount: 500 }, cw);
        await act(
          wfId,
          caseId,
          { type: 'record-revisit', visitedAt: new Date().toISOString(), findings: 'worse', circumstancesChanged: true },
          cw,
        );
        await act(wfId, caseId, { type: 'complete-verification', outcome: 'eligible' }, cw);
        await act(wfId, caseId, { type: 'propose-assistance', assistanceType: 'temporary', amount: 300 }, cw);
        await act(wfId, caseId, { type: 'approve-assistance', override: { reason: 'fire at home' } }, ss);
        await act(wfId, caseId, { type: 'close', reason: 'fixture done' }, ss);
      },
      // A monthly payment missed (its payment day moved to seconds from now in the resumed state): the
      // payment clock reminds, escalates to the district and then the city, and paying resolves it.
      'monthly-payment-missed-escalates': async (personId, wfId) => {
        const caseId = `c-${randomUUID()}`;
        const now = new Date().toISOString();
        const step = (s: CaseState, action: CaseAction, by: Actor = cw): CaseState => {
          const d = decideAction(s, action, by, policy, now);
          if (!d.ok) throw new Error(d.reason);
          return d.state;
        };
        let state = openCase({ caseId, report: report(personId), policy, now }).state;
        state = step(state, { type: 'accept' });
        state = step(state, { type: 'complete-verification', outcome: 'eligible' });
        state = step(state, { type: 'propose-assistance', assistanceType: 'education', amount: 500, months: 2 });
        state = step(state, { type: 'approve-assistance' }, ss);
        const item = state.assistance![0];
        item.payment = { ...item.payment!, remindAt: addMs(now, 1_000), dueAt: addMs(now, 2_000) };
        await client.workflow.start(CASE_WORKFLOW_TYPE, {
          workflowId: wfId,
          taskQueue: TASK_QUEUE,
          args: [{ caseId, policy, resume: { state, recentEvents: [], appliedActionIds: [] } }],
        });
        await sleep(5500); // reminded, escalated (2s), raised to the city (window 2s)
        await act(wfId, caseId, { type: 'record-disbursement', amount: 500, period: item.payment.period }, cw);
        await act(wfId, caseId, { type: 'close', reason: 'fixture done' }, ss);
      },
      // §10: the organisation answers its own referral; the follow-up clock (2s) escalates before it
      // completes with what it delivered; a second referral is declined by phone (street staff).
      'referral-answered-by-organisation': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0);
        await act(wfId, caseId, { type: 'accept' }, cw);
        await act(wfId, caseId, { type: 'complete-verification', outcome: 'eligible' }, cw);
        await act(wfId, caseId, { type: 'refer-to-charity', organisationId: 'org-gz-charity', needs: ['food'] }, cw);
        await act(wfId, caseId, { type: 'charity-response', response: 'accepted', referralId: `${caseId}:ref:1` }, organisation);
        await sleep(2500); // the charityFollowUp clock escalates to the district
        await act(
          wfId,
          caseId,
          {
            type: 'charity-response',
            response: 'completed',
            referralId: `${caseId}:ref:1`,
            delivered: { amount: 500, services: ['temporary'] },
          },
          organisation,
        );
        await act(wfId, caseId, { type: 'refer-to-charity', organisationId: 'org-gz-charity', needs: ['visits'] }, cw);
        await act(wfId, caseId, { type: 'charity-response', response: 'declined', note: 'by phone' }, cw);
        await act(wfId, caseId, { type: 'close', reason: 'fixture done' }, ss);
      },
      'escalated-then-merged': async (personId, wfId) => {
        const caseId = await open(personId, wfId, 0);
        await sleep(2500); // the accept clock (2s) escalates to the district
        await act(wfId, caseId, { type: 'merge-into', targetCaseId: 'c-fixture-target', reason: 'same family' }, ss);
      },
    };

    // Opened as clients/case-client.ts opens a case: its search attributes set at the start.
    async function open(personId: string, wfId: string, maxHistoryEvents: number, extra: Partial<CaseReport> = {}): Promise<string> {
      const opening = report(personId, extra);
      const r = await client.workflow.executeUpdateWithStart(reportUpdate, {
        args: [{ report: opening, issued: issuedFor(wfId) }],
        startWorkflowOperation: new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
          workflowId: wfId,
          taskQueue: TASK_QUEUE,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [{ caseId: `c-${randomUUID()}`, policy, maxHistoryEvents: maxHistoryEvents || undefined, searchAttributesFromStart: true }],
          typedSearchAttributes: openingSearchAttributes(opening),
        }),
      });
      return r.caseId;
    }
    async function act(wfId: string, caseId: string, action: CaseAction, actor: Actor) {
      await client.workflow.getHandle(wfId).executeUpdate(actionUpdate, { args: [{ caseId, action, actor, issued: issuedFor(wfId) }] });
    }

    if (!SET || !/^[\w.-]+$/.test(SET)) throw new Error('--set needs a name of letters, digits, dots or dashes');
    if (existsSync(OUT)) throw new Error(`history set ${SET} exists already; earlier sets are kept as they are (choose another --set)`);
    await mkdir(OUT, { recursive: true });
    for (const [name, run] of Object.entries(scenarios)) {
      const personId = `p-fixture-${name}`;
      const wfId = caseWorkflowId(`fixture-${name}-${randomUUID().slice(0, 8)}`);
      await run(personId, wfId);
      await client.workflow
        .getHandle(wfId)
        .result()
        .catch(() => undefined);
      // Every run of the chain (continue-as-new) is a history of its own.
      const runs: string[] = [];
      for await (const exec of client.workflow.list({ query: `WorkflowId = '${wfId}'` })) runs.push(exec.runId);
      let i = 0;
      for (const runId of runs) {
        // The CLI writes the canonical JSON form that Worker.runReplayHistories reads back.
        const { stdout } = await execFileAsync(
          cli,
          ['workflow', 'show', '--address', temporal.address, '-w', wfId, '-r', runId, '--output', 'json'],
          {
            maxBuffer: 64 * 1024 * 1024,
          },
        );
        await writeFile(path.join(OUT, `${name}-${i++}.json`), stdout);
      }
      console.log(`recorded ${name}: ${runs.length} run(s)`);
    }
  } finally {
    worker.shutdown();
    await running;
    await wc.close();
    await connection.close();
    await prisma.$disconnect();
    await db.stop();
    await temporal.stop();
  }
});
