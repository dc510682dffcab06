// Options shared by every activity call of the platform's workflows.

/**
 * Every activity heartbeats while it runs (activities/heartbeat.ts), so a worker that dies in the
 * middle of one is noticed after this long and the activity is retried on another worker, instead of
 * after its whole start-to-close timeout. Long enough that a busy worker's heartbeats (sent at most
 * every 0.8 × this, by the SDK's throttling) never arrive late.
 */
export const ACTIVITY_HEARTBEAT_TIMEOUT = '10 seconds';

/**
 * Failure types activities throw (ApplicationFailure.type, non-retryable) when retrying cannot help,
 * e.g. the database refuses the data itself. Listed in every retry policy's nonRetryableErrorTypes.
 */
export const ActivityFailureType = {
  /** The read model refused a projection for its content (constraint, value out of range…). */
  PROJECTION_REJECTED: 'PROJECTION_REJECTED',
  /** A monitoring import's row is gone, or a staged record cannot be decrypted with the configured keys. */
  IMPORT_UNREADABLE: 'IMPORT_UNREADABLE',
} as const;
export type ActivityFailureType = (typeof ActivityFailureType)[keyof typeof ActivityFailureType];

export const NON_RETRYABLE_ACTIVITY_FAILURES: ActivityFailureType[] = Object.values(ActivityFailureType);
