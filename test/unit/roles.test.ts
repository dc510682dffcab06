// The role × action permission matrix and jurisdiction scoping.
import { ACTION_TYPES, ROLES, type Role } from '../../domain/case-types';
import {
  approvalTierOf,
  canPerform,
  canReadCases,
  districtOfStreet,
  isInScope,
  scopeLevel,
  type PermissionedAction,
} from '../../domain/roles';

const STREET_STAFF: Role[] = ['caseworker', 'street_supervisor'];
const APPROVERS: Role[] = ['street_supervisor', 'district_officer', 'city_officer'];
const CASE_STAFF: Role[] = ['caseworker', 'street_supervisor', 'district_officer', 'city_officer'];

// Written out from the brief rather than derived from the code, so a change to either shows up here.
const EXPECTED: Record<PermissionedAction, Role[]> = {
  // An organisation's user (§10) answers its referrals and files nothing.
  report: ROLES.filter((r) => r !== 'organisation'),
  accept: STREET_STAFF,
  transfer: CASE_STAFF,
  assign: APPROVERS,
  'record-visit': STREET_STAFF,
  'record-economic-check': STREET_STAFF,
  'grant-emergency-aid': CASE_STAFF,
  'complete-verification': STREET_STAFF,
  'settle-emergency-aid': APPROVERS,
  'propose-assistance': STREET_STAFF,
  'approve-assistance': APPROVERS,
  'reject-assistance': APPROVERS,
  'record-objection': CASE_STAFF,
  'record-disbursement': STREET_STAFF,
  'refer-to-charity': STREET_STAFF,
  'charity-response': [...STREET_STAFF, 'organisation'],
  'record-revisit': STREET_STAFF,
  'pause-clock': STREET_STAFF,
  'resume-clock': STREET_STAFF,
  close: CASE_STAFF,
  reopen: APPROVERS,
  'identify-subject': CASE_STAFF,
  'merge-into': APPROVERS,
};

describe('permission matrix', () => {
  it('covers every action type', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTION_TYPES, 'report'].sort());
  });

  const cells = (Object.keys(EXPECTED) as PermissionedAction[]).flatMap((action) =>
    ROLES.map((role) => [role, action, EXPECTED[action].includes(role)] as const),
  );
  it.each(cells)('%s may perform %s: %s', (role, action, allowed) => {
    expect(canPerform(role, action)).toBe(allowed);
  });

  it.each(['hotline', 'department', 'reporter'] as const)('a %s can only file reports', (role) => {
    const allowed = (Object.keys(EXPECTED) as PermissionedAction[]).filter((a) => canPerform(role, a));
    expect(allowed).toEqual(['report']);
  });

  it('an organisation may only answer referrals (§10)', () => {
    const allowed = (Object.keys(EXPECTED) as PermissionedAction[]).filter((a) => canPerform('organisation', a));
    expect(allowed).toEqual(['charity-response']);
  });
});

describe('canReadCases', () => {
  it.each([
    ['caseworker', true],
    ['street_supervisor', true],
    ['district_officer', true],
    ['city_officer', true],
    ['hotline', false],
    ['department', false],
    ['reporter', false],
    ['organisation', false],
  ] as const)('%s: %s', (role, expected) => {
    expect(canReadCases(role)).toBe(expected);
  });
});

describe('approvalTierOf', () => {
  it('maps approvers to their tier and everyone else to none', () => {
    expect(approvalTierOf('street_supervisor')).toBe('street');
    expect(approvalTierOf('district_officer')).toBe('district');
    expect(approvalTierOf('city_officer')).toBe('city');
    expect(approvalTierOf('caseworker')).toBeNull();
    expect(approvalTierOf('hotline')).toBeNull();
  });
});

describe('jurisdiction scope', () => {
  it('names the level of a code', () => {
    expect(scopeLevel('440100')).toBe('city');
    expect(scopeLevel('440104')).toBe('district');
    expect(scopeLevel('440104001')).toBe('street');
  });

  it('refuses to guess the level of a malformed code', () => {
    expect(() => scopeLevel('4401')).toThrow('is not a city, district or street code');
    expect(() => scopeLevel('44010400')).toThrow();
  });

  it('finds the district of a street from its first six digits', () => {
    expect(districtOfStreet('440113005')).toBe('440113');
  });

  it('lets the city see every street in the city and nothing outside it', () => {
    expect(isInScope('440100', '440104001')).toBe(true);
    expect(isInScope('440100', '440118012')).toBe(true);
    expect(isInScope('440100', '440305001')).toBe(false);
  });

  it('lets a district see its own streets only', () => {
    expect(isInScope('440104', '440104001')).toBe(true);
    expect(isInScope('440104', '440104')).toBe(true);
    expect(isInScope('440104', '440105001')).toBe(false);
  });

  it('lets a street see itself only', () => {
    expect(isInScope('440104001', '440104001')).toBe(true);
    expect(isInScope('440104001', '440104002')).toBe(false);
    expect(isInScope('440104001', '440104')).toBe(false);
  });

  it('fails closed on malformed codes', () => {
    expect(isInScope('', '440104001')).toBe(false);
    expect(isInScope('440100', '')).toBe(false);
    expect(isInScope('440100', '4401')).toBe(false);
    expect(isInScope('44', '440104001')).toBe(false);
  });
});
