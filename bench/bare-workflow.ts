// The bare-Temporal baseline of the benchmark: a workflow with the same Temporal shape as the case
// workflow (workflows/case-workflow.ts) and none of the product: no domain rules, zod, Prisma, codec.
//
// Same shape means the same history per operation:
//   - an Update whose handler records one item and waits until the main loop has "projected" it;
//   - one main loop, the single writer, that runs ONE activity per batch (here a no-op) and then
//     sleeps on a durable timer (`condition(changed, timeout)`), cancelled and restarted on every
//     update exactly as the case workflow's deadline timer is;
//   - timers that fire at given offsets from the start (the case's reminder at 75 % and deadline at
//     100 %), each followed by one activity, like a reminder or escalation being projected;
//   - with no timer left, an idle timer far in the future (the case's next reminder or revisit).
// Runs in the workflow sandbox: no Node built-ins.
import { condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export const BARE_WORKFLOW_TYPE = 'bareWorkflow';

export interface BareActivities {
  /** Does nothing (the baseline's "projection"); `dueAtMs` is set when a timer caused the batch. */
  noop(input: { seq: number; dueAtMs?: number }): Promise<void>;
}

export interface BareInput {
  /** Timers to fire, as offsets in ms from the workflow's first activation. */
  timerOffsetsMs?: number[];
  /** Timers to fire at these instants (epoch ms), like deadlines computed when a case was opened. */
  timersAtMs?: number[];
  /** The timer pending once no offset is left (like the case's next reminder); default 18 h. */
  idleTimerMs?: number;
}

export interface BareUpdateArgs {
  note: string;
}

export const bareUpdate = defineUpdate<{ seq: number }, [BareUpdateArgs]>('bareUpdate');
export const bareSeqQuery = defineQuery<number>('bareSeq');

const { noop } = proxyActivities<BareActivities>({
  // The case workflow's retry options, so an overloaded worker behaves the same way.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export async function bareWorkflow(input: BareInput): Promise<void> {
  const startedAt = Date.now();
  const dueTimes = [...(input.timerOffsetsMs ?? []).map((o) => startedAt + o), ...(input.timersAtMs ?? [])].sort((a, b) => a - b);
  const idleMs = input.idleTimerMs ?? 18 * 3_600_000;
  let seq = 0;
  let projected = 0;
  /** Items recorded but not yet "projected"; the dueAt of a timer-caused item rides along. */
  let pending: { seq: number; dueAtMs?: number }[] = [];
  // Held like the case's recent events: a little state per workflow.
  const notes: string[] = [];

  setHandler(bareSeqQuery, () => seq);
  setHandler(bareUpdate, async ({ note }) => {
    seq += 1;
    const mine = seq;
    notes.push(note);
    if (notes.length > 50) notes.shift();
    pending.push({ seq: mine });
    await condition(() => projected >= mine);
    return { seq: mine };
  });

  for (;;) {
    while (pending.length > 0) {
      const batch = pending;
      const last = batch[batch.length - 1];
      const dueAtMs = batch.find((b) => b.dueAtMs !== undefined)?.dueAtMs;
      await noop(dueAtMs === undefined ? { seq: last.seq } : { seq: last.seq, dueAtMs });
      pending = pending.slice(batch.length);
      projected = last.seq;
    }
    const seqBefore = seq;
    const nextDue = dueTimes[0];
    const timeout = nextDue === undefined ? idleMs : Math.max(1, nextDue - Date.now());
    const changed = await condition(() => seq !== seqBefore || pending.length > 0, timeout);
    if (!changed && nextDue !== undefined && Date.now() >= nextDue) {
      dueTimes.shift();
      seq += 1;
      pending.push({ seq, dueAtMs: nextDue });
    }
  }
}
