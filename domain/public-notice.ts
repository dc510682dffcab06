// Public notice (公示, DESIGN.md §9): an approval of minimum living allowance or extreme-poverty support
// is posted for a period before the family is assisted. The case stays in `deciding` with
// `publicNotice.endsAt`, moves to `assisting` by itself when the notice ends, and an objection during
// the notice withdraws the approval. Pure: the workflow passes `now` and wakes at `endsAt`.
import type { AssistanceProposal, CaseEvent, CaseState, PublicNotice } from './case-types';
import { parseClockLength, toMs, type ClockLength } from './durations';
import { startClockIn } from './deadlines';
import { activateApprovedItemsIn } from './assistance';
import type { CasePolicy } from './policy';
import { instantAfter } from './policy-clocks';
import { beginTransition, finishTransition, type Transition } from './transition';
import type { WorkingCalendar } from './working-days';

/**
 * How long an approval of `assistanceType` is posted, or null when that type has no notice. Policies
 * stored in cases started before §9 have no `publicNotice` key: their approvals go straight to assisting.
 */
export function publicNoticeLength(policy: CasePolicy, assistanceType: AssistanceProposal['assistanceType']): ClockLength | null {
  const text = policy.publicNotice?.[assistanceType];
  return text === undefined ? null : parseClockLength(text);
}

/** Posts the approval just recorded on the transition's case; the notice runs from t.now. */
export function startPublicNoticeIn(
  t: Transition,
  assistanceType: AssistanceProposal['assistanceType'],
  length: ClockLength,
): PublicNotice {
  const ends = instantAfter(t.now, length, t.calendar);
  const notice: PublicNotice = {
    assistanceType,
    startedAt: t.now,
    endsAt: ends.at,
    ...(ends.provisional ? { provisional: true } : {}),
  };
  t.state.publicNotice = notice;
  return notice;
}

/** The approved family is assisted from now on: re-review counts from here, and the approved items become active (§10). */
export function enterAssistingIn(t: Transition): void {
  const s = t.state;
  s.stage = 'assisting';
  s.monitoringMode = 'assisted';
  startClockIn(t, 'reReview');
  activateApprovedItemsIn(t);
}

/** Ends a notice whose period is over (the approval stands); nothing happens before `endsAt`. */
export function endPublicNoticeIfDue(
  state: CaseState,
  policy: CasePolicy,
  now: string,
  calendar: WorkingCalendar,
): { state: CaseState; events: CaseEvent[] } {
  const notice = state.publicNotice;
  if (!notice || state.stage !== 'deciding' || toMs(now) < toMs(notice.endsAt)) return { state, events: [] };
  const t = beginTransition(state, policy, now, 'system', calendar);
  delete t.state.publicNotice;
  enterAssistingIn(t);
  return finishTransition(t, [
    {
      type: 'public-notice-ended',
      actorId: 'system',
      fromStage: 'deciding',
      toStage: 'assisting',
      details: { assistanceType: notice.assistanceType, startedAt: notice.startedAt, endsAt: notice.endsAt },
    },
  ]);
}
