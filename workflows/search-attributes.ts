// Custom search attributes of the case workflow, registered when the dev server starts, set when a
// report starts a case's workflow and upserted by the workflow on every change. They never carry
// personal data.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair, type TypedSearchAttributes } from '@temporalio/common';
import { openingPositionOf } from '../domain/case-machine';
import type { CaseReport, CaseState, EscalationLevel, Stage, Urgency } from '../domain/case-types';
import { escalationLevelOf } from '../domain/escalation';

export const CASE_SEARCH_ATTRIBUTES = {
  CaseStage: 'Keyword',
  CaseDistrict: 'Keyword',
  CaseStreet: 'Keyword',
  CaseUrgency: 'Keyword',
  CaseEscalationLevel: 'Int',
} as const;

export const CaseStageKey = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CaseDistrictKey = defineSearchAttributeKey('CaseDistrict', SearchAttributeType.KEYWORD);
export const CaseStreetKey = defineSearchAttributeKey('CaseStreet', SearchAttributeType.KEYWORD);
export const CaseUrgencyKey = defineSearchAttributeKey('CaseUrgency', SearchAttributeType.KEYWORD);
export const CaseEscalationLevelKey = defineSearchAttributeKey('CaseEscalationLevel', SearchAttributeType.INT);

/** What a case's search attributes say of it: where it stands and how far it is escalated. */
export type CaseSearchPosition = Pick<CaseState, 'stage' | 'urgency' | 'districtCode' | 'streetCode'> & {
  escalationLevel: EscalationLevel;
};

export function searchPositionOf(state: CaseState): CaseSearchPosition {
  const { stage, urgency, districtCode, streetCode } = state;
  return { stage, urgency, districtCode, streetCode, escalationLevel: escalationLevelOf(state) };
}

/** The search attributes of a case in `position`, as the workflow upserts them and a start sets them. */
export function caseSearchAttributes(position: CaseSearchPosition): SearchAttributePair[] {
  return [
    { key: CaseStageKey, value: position.stage },
    { key: CaseDistrictKey, value: position.districtCode },
    { key: CaseStreetKey, value: position.streetCode },
    { key: CaseUrgencyKey, value: position.urgency },
    { key: CaseEscalationLevelKey, value: position.escalationLevel },
  ];
}

/** The search attributes a report's case starts with: its opening, not yet escalated. */
export function openingSearchAttributes(report: CaseReport): SearchAttributePair[] {
  return caseSearchAttributes({ ...openingPositionOf(report), escalationLevel: 0 });
}

/** The position a run's search attributes record; a field is absent where its attribute is unset. */
export function recordedSearchPosition(attributes: TypedSearchAttributes): Partial<CaseSearchPosition> {
  return {
    stage: attributes.get(CaseStageKey) as Stage | undefined,
    districtCode: attributes.get(CaseDistrictKey),
    streetCode: attributes.get(CaseStreetKey),
    urgency: attributes.get(CaseUrgencyKey) as Urgency | undefined,
    escalationLevel: attributes.get(CaseEscalationLevelKey) as EscalationLevel | undefined,
  };
}

/** One string per position: equal strings, equal search attributes (an unset field reads as empty). */
export function searchPositionKey(position: Partial<CaseSearchPosition>): string {
  return [position.stage, position.districtCode, position.streetCode, position.urgency, position.escalationLevel].join('|');
}
