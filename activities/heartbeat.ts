// Heartbeats for activities. None of our activities reports progress, but each can run for a while
// (a projection waiting on a lock or a slow database, a dispatch round posting to slow receivers, the
// daily digest). Without heartbeats Temporal notices a worker that died mid-activity only when the
// whole start-to-close timeout has passed (30 s for a projection, minutes for the others); with them,
// after ACTIVITY_HEARTBEAT_TIMEOUT (workflows/activity-options.ts).
import { Context } from '@temporalio/activity';

/** Far below the heartbeat timeout; the SDK throttles what it actually sends to the server. */
export const HEARTBEAT_EVERY_MS = 1_000;

type AsyncFn = (...args: never[]) => Promise<unknown>;

/** Wraps each activity so that it heartbeats while it runs; short runs send nothing. */
export function heartbeating<T extends Record<string, AsyncFn>>(activities: T): T {
  const wrapped: Record<string, AsyncFn> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      const context = Context.current();
      const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        return await fn(...args);
      } finally {
        clearInterval(timer);
      }
    };
  }
  return wrapped as T;
}
