// The names of the case actions (DESIGN.md §3), apart from their field schemas (./action-schemas, zod)
// so that both the zod-free case types and the schemas can name them without importing each other.
export const ACTION_TYPES = [
  'accept',
  'transfer',
  'assign',
  'record-visit',
  'record-economic-check',
  'grant-emergency-aid',
  'complete-verification',
  'settle-emergency-aid',
  'propose-assistance',
  'approve-assistance',
  'reject-assistance',
  'record-objection',
  'record-disbursement',
  'refer-to-charity',
  'charity-response',
  'record-revisit',
  'pause-clock',
  'resume-clock',
  'close',
  'reopen',
  'identify-subject',
  'merge-into',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
