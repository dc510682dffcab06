// One durable workflow per case (DESIGN.md §3–§4). It wires the pure state machine in domain/ to
// Temporal: actions arrive as Updates (validated before they touch history), deadlines are durable
// timers, and every event is projected to PostgreSQL by a single writer (the main loop) so the read
// model sees events in order and each exactly once.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { ACTIVITY_HEARTBEAT_TIMEOUT, ActivityFailureType, NON_RETRYABLE_ACTIVITY_FAILURES } from './activity-options';
import { attachReport, decideAction, openCase } from '../domain/case-machine';
import { firePaymentTimers, paymentWakeAt } from '../domain/assistance-actions';
import { toCaseView } from '../domain/case-view';
import { fireDueTimers, nextWakeAt, rescheduleProvisionalClocks } from '../domain/deadlines';
import { endPublicNoticeIfDue } from '../domain/public-notice';
import type { CaseEvent, CaseState } from '../domain/case-types';
import { CaseErrorCode } from '../domain/errors';
import { firstViolation, type JsonSchema } from '../domain/json-schema';
import { EMPTY_CALENDAR, mergeCalendars } from '../domain/working-days';
import {
  actionUpdate,
  calendarUpdatedSignal,
  caseViewQuery,
  reportUpdate,
  type ActionRequest,
  type CaseWorkflowInput,
  type ReportInput,
  type ReportResult,
} from './definitions';
import { isRefusedPayload } from './refused-payload';
import { caseSearchAttributes, recordedSearchPosition, searchPositionKey, searchPositionOf } from './search-attributes';
import { ACTION_UPDATE_SCHEMA, REPORT_UPDATE_SCHEMA } from './update-schemas.generated';

// Projection retries forever with a capped backoff: a database outage must delay the read model,
// never lose an event. Writes are idempotent (deterministic ids), so a retry cannot duplicate.
// Only a refusal of the data itself (PROJECTION_REJECTED) ends the retries; see flushProjection.
const { projectCase } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: NON_RETRYABLE_ACTIVITY_FAILURES,
  },
});

/** Marks the change that lets a rejected projection stall the read model instead of every Update. */
const PROJECTION_STALL_PATCH = 'projection-rejected-stalls';
/** A projection the database refused is tried again after this, doubling up to the maximum. */
const STALLED_RETRY_FIRST_MS = 60_000;
const STALLED_RETRY_MAX_MS = 3_600_000;
/**
 * Marks the checks added while cases were running (a pause beyond maxPause, a visit, revisit or
 * disbursement dated in the future). An action of those types accepted before the marker replays
 * under the old rules; only those action types consult it, so other histories stay as they were.
 */
const LATER_RULES_PATCH = 'refuse-long-pauses-and-future-dates';
const LATER_RULE_ACTIONS: readonly string[] = ['pause-clock', 'record-visit', 'record-revisit', 'record-disbursement'];
/** Marks grant-emergency-aid starting the emergencyAidRatify clock (§9); granted before it, no clock starts on replay. */
const RATIFY_CLOCK_PATCH = 'emergency-aid-ratify-clock';

/**
 * Marks charity-response starting the charityFollowUp clock on `accepted` and keeping the first answer
 * in respondedAt (§10); answered before it, no clock starts on replay.
 */
const CHARITY_FOLLOW_UP_PATCH = 'charity-follow-up-clock';

/** Marks complete-verification refusing not-in-need while emergency aid is unsettled (§9). */
const SETTLEMENT_PATCH = 'not-in-need-needs-settled-emergency-aid';

/**
 * Marks the accountability rules of §14 (issue #17): escalations kept through close and transfer, the
 * pause budget per stage (and escalated clocks running while paused), disbursements within the
 * approval, emergency aid before acceptance within the per-grant maximum, no self-approval. An action
 * of these types accepted before the marker replays under the old rules. The timer side needs no
 * marker: only a pause recorded under the new rules carries `accountable`, which is what isFrozen reads.
 */
const ACCOUNTABILITY_PATCH = 'escalations-kept-and-money-limits';
const ACCOUNTABILITY_ACTIONS: readonly string[] = [
  'pause-clock',
  'transfer',
  'close',
  'complete-verification',
  'record-disbursement',
  'grant-emergency-aid',
  'approve-assistance',
];

/**
 * Marks the assistance items of §10 (issue #15): several items per case decided by itemId, tiers by total
 * value, monthly payments with a payment clock per item, no duplicate aid, the temporary-aid cooldown.
 * An assistance action accepted before the marker replays through the older handlers. The timers need
 * no marker: only a case that has items (made by an action under the marker) has payment clocks.
 */
const ASSISTANCE_ITEMS_PATCH = 'assistance-items-and-monthly-payments';
const ASSISTANCE_ACTIONS: readonly string[] = [
  'propose-assistance',
  'approve-assistance',
  'reject-assistance',
  'record-objection',
  'record-disbursement',
];

/** Whether an accepted assistance action replays from before items existed (see ASSISTANCE_ITEMS_PATCH). */
function legacyAssistanceFor(type: string): boolean {
  return ASSISTANCE_ACTIONS.includes(type) && !patched(ASSISTANCE_ITEMS_PATCH);
}

/** Whether an accepted action replays from before the accountability rules (see ACCOUNTABILITY_PATCH). */
function legacyAccountabilityFor(type: string): boolean {
  return ACCOUNTABILITY_ACTIONS.includes(type) && !patched(ACCOUNTABILITY_PATCH);
}

/** Whether an accepted action replays under the rules from before its type's later change (see the patches above). */
function legacyRulesFor(type: string): boolean {
  if (type === 'grant-emergency-aid') return !patched(RATIFY_CLOCK_PATCH);
  if (type === 'complete-verification') return !patched(SETTLEMENT_PATCH);
  if (type === 'charity-response') return !patched(CHARITY_FOLLOW_UP_PATCH);
  return LATER_RULE_ACTIONS.includes(type) && !patched(LATER_RULES_PATCH);
}
/** Marks the first handling of calendarUpdated in a history (new behaviour for running cases, §9). */
const CALENDAR_UPDATE_PATCH = 'calendar-updated-reschedules';

function earliest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

function isProjectionRejected(err: unknown): boolean {
  return (
    err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === ActivityFailureType.PROJECTION_REJECTED
  );
}

/** Events kept in workflow memory for the Query view; the full audit trail lives in PostgreSQL. */
const RECENT_EVENTS = 50;
/** Continue-as-new well before Temporal's history limits; a monitoring case may live for years. */
const DEFAULT_MAX_HISTORY_EVENTS = 2_000;
/**
 * Action Update ids remembered across continue-as-new. Temporal deduplicates an Update id only within
 * one run; a client that retries an action (same id) after the run continued-as-new would otherwise
 * have it applied twice.
 */
const REMEMBERED_ACTION_IDS = 500;
/** How long a started workflow waits for its opening report before giving up (it was started without one). */
const OPENING_REPORT_WAIT = '10 minutes';

function reject(type: CaseErrorCode, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** How far an Update's `issued.at` may lie from the workflow's clock: clock skew plus the client's retries. */
const ISSUE_WINDOW_MS = 5 * 60_000;

/**
 * What an Update must be before its business rules are looked at (§14). Its payload decrypted, so a
 * holder of PII_KEY — the API — wrote it, actor included (runtime/codec.ts); its fields keep the API's
 * field rules (domain/update-schemas.ts); and it was issued for this workflow, recently, so a payload
 * copied from another case's history or kept for later is refused. Validators never run on replay,
 * so histories from before these checks are not affected.
 */
function checkUpdate(arg: unknown, schema: JsonSchema, what: string): void {
  if (isRefusedPayload(arg)) {
    reject(CaseErrorCode.UNTRUSTED_UPDATE, `an unencrypted ${what} was refused: Updates are accepted only from the platform's API`);
  }
  const violation = firstViolation(schema, arg);
  if (violation) reject(CaseErrorCode.INVALID_ACTION, `${what}: ${violation.path} ${violation.reason}`);
  const { issued } = arg as { issued: { workflowId: string; at: string } };
  if (issued.workflowId !== workflowInfo().workflowId) {
    reject(CaseErrorCode.UNTRUSTED_UPDATE, `this ${what} was issued for another workflow (${issued.workflowId})`);
  }
  const skewMs = Math.abs(Date.parse(issued.at) - Date.now());
  if (skewMs > ISSUE_WINDOW_MS) {
    reject(
      CaseErrorCode.UNTRUSTED_UPDATE,
      `this ${what} was issued at ${issued.at}, more than ${ISSUE_WINDOW_MS / 60_000} minutes from now; send it again`,
    );
  }
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState | null> {
  // Started by someone who reached Temporal directly, without the platform's keys (§14).
  if (isRefusedPayload(input)) reject(CaseErrorCode.UNTRUSTED_UPDATE, 'an unencrypted workflow input was refused');
  const { policy } = input;
  /** The official calendar as data (input, then calendarUpdated): working-day clocks count in it, never a package. */
  let calendar = input.calendar ?? EMPTY_CALENDAR;
  const nowIso = () => new Date().toISOString();

  let state: CaseState | null = input.resume?.state ?? null;
  let recentEvents: CaseEvent[] = input.resume?.recentEvents ?? [];
  /** Events recorded but not yet written to PostgreSQL, in sequence order. */
  let unprojected: CaseEvent[] = [];
  let projectedSeq = state?.seq ?? 0;
  let createdByThisRun = false;
  /** Ids of the action Updates applied to this case, newest last (see REMEMBERED_ACTION_IDS). */
  let appliedActionIds: string[] = input.resume?.appliedActionIds ?? [];
  const alreadyApplied = (): boolean => {
    const id = currentUpdateInfo()?.id;
    return id !== undefined && appliedActionIds.includes(id);
  };

  function record(next: CaseState, events: CaseEvent[]): void {
    state = next;
    if (events.length === 0) return;
    unprojected = unprojected.concat(events);
    recentEvents = recentEvents.concat(events).slice(-RECENT_EVENTS);
  }

  /**
   * True while the database refuses this case's projection (see flushProjection): waiting callers
   * then get the workflow's answer without read-your-writes instead of waiting for ever.
   */
  let projectionStalled = false;
  /** Resolves once the read model holds everything up to `seq`, giving callers read-your-writes. */
  const projected = (seq: number) => condition(() => projectedSeq >= seq || projectionStalled);

  setHandler(caseViewQuery, () => (state ? toCaseView(state, recentEvents) : null));

  setHandler(
    reportUpdate,
    async ({ report }): Promise<ReportResult> => {
      const duplicate = state?.reportIds.includes(report.reportId) ?? false;
      if (!duplicate) {
        if (state === null) {
          const opened = openCase({ caseId: input.caseId, report, policy, now: nowIso(), calendar });
          createdByThisRun = true;
          record(opened.state, opened.events);
        } else {
          const attached = attachReport(state, report, policy, nowIso(), calendar);
          if (!attached.ok) reject(attached.code, attached.reason);
          record(attached.state, attached.events);
        }
      }
      const current = state!;
      await projected(current.seq);
      const after = state!;
      return {
        caseId: after.caseId,
        // The creating report, replayed with the same id, still answers `created: true`.
        created: createdByThisRun && after.reportIds[0] === report.reportId,
        urgency: after.urgency,
        stage: after.stage,
        view: toCaseView(after, recentEvents),
      };
    },
    {
      validator: (update: ReportInput) => {
        checkUpdate(update, REPORT_UPDATE_SCHEMA, 'report');
        const { report } = update;
        if (state?.stage === 'closed' && !state.reportIds.includes(report.reportId)) {
          reject(CaseErrorCode.CASE_CLOSED, 'this household’s previous case is closed; a new report opens a new case');
        }
      },
    },
  );

  const validateAction = (req: ActionRequest): void => {
    // The API parses every action with the zod schemas first; checkUpdate keeps the same field rules
    // for anyone else who reaches the Temporal frontend. decideAction then checks the business rules.
    checkUpdate(req, ACTION_UPDATE_SCHEMA, 'action');
    // A retry of an action applied in an earlier run: accept it, the handler answers without re-applying.
    if (alreadyApplied()) return;
    if (state === null) reject(CaseErrorCode.CASE_NOT_OPENED, 'the case has not been opened yet');
    if (req.caseId !== state.caseId) reject(CaseErrorCode.CASE_MISMATCH, `case ${req.caseId} is not the open case of this household`);
    const decision = decideAction(state, req.action, req.actor, policy, nowIso(), { calendar });
    if (!decision.ok) reject(decision.code, decision.reason);
  };

  setHandler(
    actionUpdate,
    async (req) => {
      if (alreadyApplied()) return toCaseView(state!, recentEvents);
      // Validator and handler run in the same activation at the same workflow time, so this decision
      // is the one the validator accepted.
      // Street existence is checked by the API (the tree is not bundled); here any 9-digit code passes.
      // Validators do not run on replay, so they always apply today's rules; the handler does run, and
      // must decide an old accepted action as it was decided then.
      const legacyRules = legacyRulesFor(req.action.type);
      const legacyAccountability = legacyAccountabilityFor(req.action.type);
      const legacyAssistance = legacyAssistanceFor(req.action.type);
      const decision = decideAction(state!, req.action, req.actor, policy, nowIso(), {
        calendar,
        legacyRules,
        legacyAccountability,
        legacyAssistance,
      });
      if (!decision.ok) reject(decision.code, decision.reason);
      record(decision.state, decision.events);
      const updateId = currentUpdateInfo()?.id;
      if (updateId !== undefined) appliedActionIds = [...appliedActionIds, updateId].slice(-REMEMBERED_ACTION_IDS);
      await projected(decision.state.seq);
      return toCaseView(state!, recentEvents);
    },
    { validator: validateAction },
  );

  setHandler(calendarUpdatedSignal, (signal) => {
    // A signal cannot be refused; one the platform did not send is dropped (see checkUpdate).
    if (isRefusedPayload(signal)) return;
    const { calendar: added } = signal;
    // A behaviour running cases did not have: the marker keeps a replay of this history on this path.
    if (!patched(CALENDAR_UPDATE_PATCH)) return;
    calendar = mergeCalendars(calendar, added);
    if (state === null || state.stage === 'closed') return;
    const rescheduled = rescheduleProvisionalClocks(state, policy, nowIso(), calendar);
    record(rescheduled.state, rescheduled.events);
  });

  // A run started with its search attributes set (a report's start, clients/case-client.ts; a
  // continue-as-new, which keeps them) upserts only what differs from them. Runs from before
  // recorded an upsert at their first projection whatever they started with: the flag keeps them so.
  let lastSearchAttributes = input.searchAttributesFromStart
    ? searchPositionKey(recordedSearchPosition(workflowInfo().typedSearchAttributes))
    : '';
  function syncSearchAttributes(s: CaseState): void {
    const position = searchPositionOf(s);
    const key = searchPositionKey(position);
    if (key === lastSearchAttributes) return;
    lastSearchAttributes = key;
    upsertSearchAttributes(caseSearchAttributes(position));
  }

  let stalledRetryMs = STALLED_RETRY_FIRST_MS;
  /** Writes pending events (and the snapshot they lead to) to PostgreSQL; the only writer per case. */
  async function flushProjection(): Promise<void> {
    while (unprojected.length > 0) {
      const batch = unprojected;
      const snapshot = state!;
      syncSearchAttributes(snapshot);
      try {
        await projectCase({
          workflowId: workflowInfo().workflowId,
          state: snapshot,
          view: toCaseView(snapshot, recentEvents),
          policy,
          events: batch,
        });
      } catch (err) {
        // The database refuses this data (a bug or a schema mismatch, never an outage): the case
        // keeps its state here and the batch stays pending; it is tried again with a growing pause,
        // so a fixed deployment catches up, while Updates answer instead of waiting on it.
        if (!isProjectionRejected(err) || !patched(PROJECTION_STALL_PATCH)) throw err;
        projectionStalled = true;
        log.error('the read model refused this case’s projection; retrying later', { seq: snapshot.seq, retryInMs: stalledRetryMs });
        await sleep(stalledRetryMs);
        stalledRetryMs = Math.min(stalledRetryMs * 2, STALLED_RETRY_MAX_MS);
        continue;
      }
      projectionStalled = false;
      stalledRetryMs = STALLED_RETRY_FIRST_MS;
      unprojected = unprojected.slice(batch.length);
      projectedSeq = batch[batch.length - 1].seq;
    }
  }

  /**
   * Waits until no Update handler is running and everything is projected. Handlers themselves wait
   * for their events to be projected, so this keeps flushing while it waits: waiting on
   * allHandlersFinished alone would deadlock against a handler that waits on the projection.
   */
  async function drainHandlers(): Promise<void> {
    for (;;) {
      await flushProjection();
      if (allHandlersFinished() && unprojected.length === 0) return;
      await condition(() => unprojected.length > 0 || allHandlersFinished());
    }
  }

  if (state === null) {
    const opened = await condition(() => state !== null, OPENING_REPORT_WAIT);
    if (!opened) return null;
  }

  const maxHistory = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  for (;;) {
    await flushProjection();
    const current = state!;

    if (current.stage === 'closed') {
      // A reopen may still arrive while handlers finish; only a case that stays closed completes.
      await drainHandlers();
      if (state!.stage === 'closed') return state!;
      continue;
    }

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > maxHistory) {
      await drainHandlers();
      await continueAsNew<typeof caseWorkflow>({
        caseId: state!.caseId,
        policy,
        ...(input.calendar === undefined && calendar === EMPTY_CALENDAR ? {} : { calendar }),
        resume: { state: state!, recentEvents, appliedActionIds },
        maxHistoryEvents: input.maxHistoryEvents,
        searchAttributesFromStart: true,
      });
    }

    const wakeAt = earliest(nextWakeAt(current), paymentWakeAt(current));
    const seqBefore = current.seq;
    const changed = () => state!.seq !== seqBefore || unprojected.length > 0;
    if (wakeAt === null) {
      await condition(changed);
    } else {
      // Durable timer: survives worker and server restarts; at least 1 ms so a past-due instant fires now.
      await condition(changed, Math.max(1, Date.parse(wakeAt) - Date.now()));
    }
    const fired = fireDueTimers(state!, policy, nowIso(), calendar);
    record(fired.state, fired.events);
    // Only cases with assistance items have payment clocks (§10), so older histories replay unchanged.
    const payments = firePaymentTimers(state!, policy, nowIso(), calendar);
    record(payments.state, payments.events);
    // Only cases whose policy has a public notice ever post one (§9), so older histories replay unchanged.
    const noticeEnded = endPublicNoticeIfDue(state!, policy, nowIso(), calendar);
    record(noticeEnded.state, noticeEnded.events);
  }
}
