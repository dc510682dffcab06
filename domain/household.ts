// The household as the unit of assistance (DESIGN.md §7, 以家庭为单位): how a household and its case
// workflow are named, what differs between a report and the recorded identity, and how a visit's
// composition changes the membership. Pure; api/households/ does the database side.

export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * A household's id is `h-<key>` and its cases run as the workflow `case-<key>` (workflows/definitions.ts):
 * because the workflow id is the household's, Temporal itself keeps one case of a household open at a
 * time, also when two reports about two members arrive at the same instant. A person's first household
 * takes their ID hash as key, which is the workflow id their cases had before households existed.
 */
export function householdIdForKey(key: string): string {
  return `h-${key}`;
}

/** The person id of an ID hash, as persons recorded by a report (or a monitoring import) have always been named. */
export function personIdForHash(idHash: string): string {
  return `p-${idHash}`;
}

export function householdKeyOf(householdId: string): string {
  if (!householdId.startsWith('h-') || householdId.length < 3) throw new Error(`${householdId} is not a household id`);
  return householdId.slice(2);
}

/** The household a case workflow id belongs to (the inverse of caseWorkflowId ∘ householdKeyOf). */
export function householdIdOfWorkflow(workflowId: string): string | null {
  return workflowId.startsWith('case-') ? householdIdForKey(workflowId.slice('case-'.length)) : null;
}

/** The identity fields a report states about its subject, compared with what is recorded. */
export const IDENTITY_FIELDS = ['name', 'phone', 'address', 'streetCode'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export type Identity = { name: string; streetCode: string; phone?: string; address?: string };

export interface IdentityComparison {
  /** Fields the report states differently from the record: kept with the report and flagged, never written over the record. */
  differs: IdentityField[];
  /** What the report said for those fields. */
  claimed: Partial<Identity>;
  /** Fields the record lacks and the report gives: these are filled in (adding is not overwriting). */
  fills: Partial<Identity>;
}

const normalise = (value: string) => value.normalize('NFKC').replace(/\s+/g, '');

/** A later report never overwrites who the person is (§7, §14): differences are kept per report. */
export function compareIdentity(recorded: Identity, reported: Identity): IdentityComparison {
  const out: IdentityComparison = { differs: [], claimed: {}, fills: {} };
  for (const field of IDENTITY_FIELDS) {
    const said = reported[field];
    if (said === undefined) continue;
    const known = recorded[field];
    if (known === undefined) out.fills[field] = said;
    else if (normalise(known) !== normalise(said)) {
      out.differs.push(field);
      out.claimed[field] = said;
    }
  }
  return out;
}

/** A member as the composition lists it, once resolved to a person of the register. */
export interface ResolvedMember {
  personId: string;
  relation: Relation;
  disability?: boolean;
  monthlyIncome?: number;
}

export interface CurrentMembership {
  personId: string;
  relation: string;
}

export interface CompositionChange {
  /** Members who were not current members: they join (leaving any other household). */
  join: ResolvedMember[];
  /** Current members still listed whose relation, disability or income is restated. */
  restate: ResolvedMember[];
  /** Current members the visit did not find: they leave; their row stays as history. */
  leave: string[];
}

/** The visit's composition replaces the previous one (§7); the subject never leaves their own case's household. */
export function compositionChange(current: CurrentMembership[], found: ResolvedMember[], subjectPersonId: string): CompositionChange {
  const listed = new Set(found.map((m) => m.personId));
  const members = new Set(current.map((m) => m.personId));
  return {
    join: found.filter((m) => !members.has(m.personId)),
    restate: found.filter((m) => members.has(m.personId)),
    leave: current.map((m) => m.personId).filter((id) => !listed.has(id) && id !== subjectPersonId),
  };
}

export const CASE_OUTCOMES = ['assisted', 'watch-list', 'not-in-need', 'merged', 'closed'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/**
 * What a case came to, once decided (for the family file and the reporter's own list): merged, assisted
 * (an item approved, domain/assistance.ts isApprovedItem), put on the watch list, found not in need; a
 * case closed otherwise is just `closed`.
 */
export function caseOutcome(c: {
  stage: string;
  mergedInto?: string;
  assisted: boolean;
  verificationOutcome?: 'eligible' | 'watch' | 'not-in-need';
}): CaseOutcome | undefined {
  if (c.mergedInto) return 'merged';
  if (c.assisted) return 'assisted';
  if (c.verificationOutcome === 'watch') return 'watch-list';
  if (c.verificationOutcome === 'not-in-need') return 'not-in-need';
  return c.stage === 'closed' ? 'closed' : undefined;
}
