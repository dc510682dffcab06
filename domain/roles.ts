// Who may do what, and where: the role × action matrix (DESIGN.md §2-3) and jurisdiction scoping over
// the city → district → street code hierarchy (city 440100, district 440104, street 440104001).
import { ROLES, type ActionType, type ApprovalTier, type Role } from './case-types';

/** `report` is not a case action (it creates or attaches), but it is permissioned the same way. */
export type PermissionedAction = ActionType | 'report';

/** Everyone who files reports: every role but an organisation's user, which only answers its referrals (§10). */
const REPORTING_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'organisation');
/** The street's own staff: they accept, verify and act on the ground. */
export const STREET_STAFF_ROLES: readonly Role[] = ['caseworker', 'street_supervisor'];
const STREET_STAFF = STREET_STAFF_ROLES;
const CASE_STAFF: readonly Role[] = ['caseworker', 'street_supervisor', 'district_officer', 'city_officer'];
const APPROVERS: readonly Role[] = ['street_supervisor', 'district_officer', 'city_officer'];

const ACTION_ROLES: Readonly<Record<PermissionedAction, readonly Role[]>> = {
  report: REPORTING_ROLES,
  accept: STREET_STAFF,
  transfer: CASE_STAFF,
  assign: APPROVERS,
  'record-visit': STREET_STAFF,
  'record-economic-check': STREET_STAFF,
  // §9: district and city officers may grant beyond the street's emergency fund limits.
  'grant-emergency-aid': CASE_STAFF,
  'complete-verification': STREET_STAFF,
  'propose-assistance': STREET_STAFF,
  // §9: a street supervisor (or above) decides whether emergency aid to a family found not in need is written off or recovered.
  'settle-emergency-aid': APPROVERS,
  'approve-assistance': APPROVERS,
  'reject-assistance': APPROVERS,
  // §9: objections to a posted approval reach the street office, or the district and city above it.
  'record-objection': CASE_STAFF,
  'record-disbursement': STREET_STAFF,
  'refer-to-charity': STREET_STAFF,
  // §10: an organisation answers its own referrals (the rule in the machine); street staff record an answer given by phone.
  'charity-response': [...STREET_STAFF, 'organisation'],
  'record-revisit': STREET_STAFF,
  'pause-clock': STREET_STAFF,
  'resume-clock': STREET_STAFF,
  close: CASE_STAFF,
  reopen: APPROVERS,
  // §7: whoever handles the case records who the person turned out to be.
  'identify-subject': CASE_STAFF,
  // §7: a street supervisor or above decides that two cases are one family's.
  'merge-into': APPROVERS,
};

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  caseworker: 'caseworker',
  street_supervisor: 'street supervisor',
  district_officer: 'district officer',
  city_officer: 'city officer',
  hotline: 'hotline operator',
  department: 'department feed',
  reporter: 'reporter',
  organisation: 'organisation',
};

export function canPerform(role: Role, action: PermissionedAction): boolean {
  return ACTION_ROLES[action]?.includes(role) ?? false;
}

export function rolesAllowedFor(action: PermissionedAction): readonly Role[] {
  return ACTION_ROLES[action] ?? [];
}

/**
 * Report-only roles file reports but never see case files (they may hold no case data at all); an
 * organisation's user sees only its own referrals (§10), never a case file, list, ledger or statistic.
 */
export function canReadCases(role: Role): boolean {
  return role !== 'hotline' && role !== 'department' && role !== 'reporter' && role !== 'organisation';
}

export function approvalTierOf(role: Role): ApprovalTier | null {
  switch (role) {
    case 'street_supervisor':
      return 'street';
    case 'district_officer':
      return 'district';
    case 'city_officer':
      return 'city';
    default:
      return null;
  }
}

export type ScopeLevel = 'city' | 'district' | 'street';

// Shape checks of jurisdiction codes (GB/T 2260 digits), not lookups in the tree: a scope in a token is
// checked against the tree once, in runtime/tokens.ts; these only say which level a code is written for.
function hasCityCodeShape(code: string): boolean {
  return /^\d{4}00$/.test(code);
}

function hasDistrictCodeShape(code: string): boolean {
  return /^\d{6}$/.test(code) && !code.endsWith('00');
}

function hasStreetCodeShape(code: string): boolean {
  return /^\d{9}$/.test(code) && hasDistrictCodeShape(code.slice(0, 6));
}

/** Throws on a code that is none of the three shapes: a malformed scope is a bug, not "no access". */
export function scopeLevel(code: string): ScopeLevel {
  if (hasCityCodeShape(code)) return 'city';
  if (hasDistrictCodeShape(code)) return 'district';
  if (hasStreetCodeShape(code)) return 'street';
  throw new Error(`${JSON.stringify(code)} is not a city, district or street code`);
}

export function districtOfStreet(streetCode: string): string {
  return streetCode.slice(0, 6);
}

/**
 * Whether a user scoped to `actorJurisdictionCode` may see or act on something located at
 * `targetCode` (normally a street code; a district code works too). Fails closed on malformed codes.
 */
export function isInScope(actorJurisdictionCode: string, targetCode: string): boolean {
  if (typeof targetCode !== 'string' || !(hasStreetCodeShape(targetCode) || hasDistrictCodeShape(targetCode))) return false;
  if (hasCityCodeShape(actorJurisdictionCode)) return targetCode.startsWith(actorJurisdictionCode.slice(0, 4));
  if (hasDistrictCodeShape(actorJurisdictionCode)) return targetCode.startsWith(actorJurisdictionCode);
  if (hasStreetCodeShape(actorJurisdictionCode)) return targetCode === actorJurisdictionCode;
  return false;
}
