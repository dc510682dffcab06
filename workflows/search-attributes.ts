// Custom search attributes of the case workflow, registered when the dev server starts and upserted
// by the workflow on every change. They never carry personal data.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
