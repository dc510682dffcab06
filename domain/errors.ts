// Rejection codes and the rejection value the domain returns when an action or report is refused.
// Rejections are plain data (not Error instances) so they survive Temporal's payload serialisation.

export const CaseErrorCode = {
  STAGE_NOT_ALLOWED: 'STAGE_NOT_ALLOWED',
  ROLE_NOT_ALLOWED: 'ROLE_NOT_ALLOWED',
  APPROVAL_TIER_EXCEEDED: 'APPROVAL_TIER_EXCEEDED',
  NOT_URGENT: 'NOT_URGENT',
  NO_PENDING_PROPOSAL: 'NO_PENDING_PROPOSAL',
  PROPOSAL_PENDING: 'PROPOSAL_PENDING',
  CLOCK_ALREADY_PAUSED: 'CLOCK_ALREADY_PAUSED',
  CLOCK_NOT_PAUSED: 'CLOCK_NOT_PAUSED',
  NOTHING_TO_PAUSE: 'NOTHING_TO_PAUSE',
  UNKNOWN_STREET: 'UNKNOWN_STREET',
  SAME_STREET: 'SAME_STREET',
  NO_PENDING_REFERRAL: 'NO_PENDING_REFERRAL',
  INVALID_ACTION: 'INVALID_ACTION',
  CASE_CLOSED: 'CASE_CLOSED',
  // Reserved: repeated emergency grants currently add up (先行救助 may be paid in instalments).
  EMERGENCY_AID_ALREADY_GRANTED: 'EMERGENCY_AID_ALREADY_GRANTED',
  // For the API's jurisdiction check (403); decideAction itself trusts the caller's scoping.
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
} as const;
export type CaseErrorCode = (typeof CaseErrorCode)[keyof typeof CaseErrorCode];

export interface DomainRejection {
  ok: false;
  code: CaseErrorCode;
  /** A human sentence in English, safe to show to the caller. */
  reason: string;
}

export function reject(code: CaseErrorCode, reason: string): DomainRejection {
  return { ok: false, code, reason };
}

/** For callers that prefer exceptions (e.g. a workflow update validator must throw to reject). */
export class DomainRejectionError extends Error {
  readonly code: CaseErrorCode;
  readonly reason: string;

  constructor(rejection: Pick<DomainRejection, 'code' | 'reason'>) {
    super(`${rejection.code}: ${rejection.reason}`);
    this.name = 'DomainRejectionError';
    this.code = rejection.code;
    this.reason = rejection.reason;
  }
}
