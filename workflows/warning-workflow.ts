// The verification clock of one warning (DESIGN.md §8, clock warningVerify): unverified at verifyDueAt,
// the warning escalates to the district; still unverified at cityDueAt, it is raised to the city; the
// warningVerified signal (sent by the API after the verification committed) resolves the escalation and
// ends the clock. The activities decide from the warning's row, never from the signal alone, so a lost
// signal only delays the resolution until the next deadline or recheck. Ids and instants only: no
// personal data in the input or the history.
import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { WarningActivities } from '../activities';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from './activity-options';
import { warningVerifiedSignal, type WarningClockInput } from './warning-definitions';

// Like the case projection, these retry until the database answers: an escalation must be late, never lost.
const { escalateWarning, settleWarningClock } = proxyActivities<WarningActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * Once raised to the city there is no further deadline; the row is read again this often in case the
 * verification's signal was lost (the API sends it once, after its commit).
 */
const RECHECK_AFTER_CITY = '1 day';

export async function warningVerifyWorkflow(input: WarningClockInput): Promise<void> {
  const { warningId } = input;
  let signalled = false;
  setHandler(warningVerifiedSignal, () => {
    signalled = true;
  });

  /** Waits until the signal or `dueAt` (an instant); true when the signal came first. */
  async function signalBefore(dueAt: string): Promise<boolean> {
    const ms = Date.parse(dueAt) - Date.now();
    if (ms <= 0) return signalled;
    return condition(() => signalled, ms);
  }

  /** Resolves any escalation if the row says the warning is verified; true when the clock can stop. */
  async function settled(): Promise<boolean> {
    signalled = false;
    return (await settleWarningClock({ warningId })).settled;
  }

  /** Waits out one deadline: 'settled' when a verification ended the clock before it, 'due' when it passed. */
  async function untilDue(dueAt: string): Promise<'settled' | 'due'> {
    for (;;) {
      if (!(await signalBefore(dueAt))) return 'due';
      // A signal the row does not confirm (nothing committed) changes nothing: keep waiting.
      if (await settled()) return 'settled';
    }
  }

  // A run continued-as-new starts here again: the deadlines have passed, so it goes straight to the
  // escalation steps, which find their rows written already and change nothing.
  for (const [dueAt, level] of [
    [input.verifyDueAt, 1],
    [input.cityDueAt, 2],
  ] as const) {
    if ((await untilDue(dueAt)) === 'settled') return;
    if (!(await escalateWarning({ warningId, level })).open) {
      // Verified meanwhile (its signal may be lost): resolve what the previous level opened.
      await settled();
      return;
    }
  }
  for (;;) {
    await condition(() => signalled, RECHECK_AFTER_CITY);
    if (await settled()) return;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof warningVerifyWorkflow>(input);
  }
}
