// Proactive discovery from shared data (DESIGN.md §8, 动态监测预警): the vocabulary shared by the
// monitoring imports, the monitored register, the warning rules and the warnings API. Constants and
// types only; validation lives with the feature that receives the data.

/** Departments whose data the platform compares with its register. */
export const MONITORING_SOURCES = [
  'civil_affairs',
  'health',
  'medical_insurance',
  'hrss',
  'education',
  'housing',
  'disabled_federation',
  'trade_union',
  'public_security',
  'emergency_management',
  'utilities',
] as const;
export type MonitoringSource = (typeof MONITORING_SOURCES)[number];

export const RECORD_KINDS = [
  'low_income_status',
  'medical_expense',
  'hospitalisation',
  'unemployment',
  'disability_certified',
  'death',
  'school_dropout',
  'disaster_loss',
  'utility_arrears',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** `details.category` of a low_income_status record: 低保, 特困, 低保边缘, or none of them. */
export const LOW_INCOME_CATEGORIES = ['dibao', 'tekun', 'dibian', 'none'] as const;
export type LowIncomeCategory = (typeof LOW_INCOME_CATEGORIES)[number];

/** 困难群众 for the 2000:1:1 staffing standard: the register's people under 低保, 特困 or 低保边缘. */
export const IN_DIFFICULTY_CATEGORIES = ['dibao', 'tekun', 'dibian'] as const satisfies readonly LowIncomeCategory[];

/** Most records per import (§8); more is refused before anything is stored. */
export const MAX_IMPORT_RECORDS = 100_000;
/** An import answers at most this many errors (the first ones by record index). */
export const MAX_IMPORT_ERRORS = 100;

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const WARNING_LEVELS = ['red', 'orange', 'yellow'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export const WARNING_STATUSES = ['open', 'verified', 'dismissed'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

/** What verifying a warning found: open (or attach to) the household's case, watch it, or dismiss the warning. */
export const VERIFY_OUTCOMES = ['open-case', 'watch', 'dismiss'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

/** The clock of a warning's verification (§8): escalates to the district, then the city, like a case deadline. */
export const WARNING_VERIFY_CLOCK = 'warningVerify';

/** One record of an import after validation. `occurredAt` is a date (YYYY-MM-DD, Asia/Shanghai). */
export interface MonitoringRecord {
  kind: RecordKind;
  idNumber: string;
  name?: string;
  streetCode?: string;
  occurredAt: string;
  amount?: number;
  details?: Record<string, unknown>;
}

/** One reason of a warning as the API shows it (the matching record, without who it is about). */
export interface WarningReasonView {
  kind: RecordKind;
  source: MonitoringSource;
  occurredAt: string;
  amount?: number;
}
