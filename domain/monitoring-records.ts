// Validation of one record of a monitoring import (DESIGN.md §8), pure: the import activity runs it on
// each record as sent and rejects the bad ones individually. Error messages name the field and the
// reason but never repeat the value: they are shown to the department and stored with the import,
// and a value may be an ID number, a name or an amount.
import { isStreetCode } from './jurisdictions';
import { validateIdNumber, type IdNumberProblem } from './ids';
import { LOW_INCOME_CATEGORIES, RECORD_KINDS, type MonitoringRecord, type RecordKind } from './monitoring';

export interface RecordError {
  index: number;
  /** e.g. `records[3].idNumber` */
  path: string;
  message: string;
}

/**
 * A CSV line the parser could not read: stored in its place so that indexes stay those of the file. Its
 * message is built here from the reason code, so nothing a client sends is ever repeated in an error.
 */
export interface MalformedLine {
  $malformed: MalformedReason;
  line?: number;
}
export type MalformedReason = 'field-count' | 'unclosed-quote' | 'unreadable';

const MALFORMED_MESSAGES: Record<MalformedReason, string> = {
  'field-count': 'has a different number of fields than the header',
  'unclosed-quote': 'opens a quote that is never closed (the rest of the file is inside it)',
  unreadable: 'cannot be read as CSV',
};

function malformedMessage(m: MalformedLine): string {
  const where = Number.isInteger(m.line) ? `CSV line ${m.line}` : 'a CSV line';
  return `${where} ${MALFORMED_MESSAGES[m.$malformed] ?? MALFORMED_MESSAGES.unreadable}`;
}

export type RecordCheck =
  { ok: true; record: MonitoringRecord; birthDate: string; sex: 'male' | 'female' } | { ok: false; error: RecordError };

const RECORD_FIELDS = new Set(['kind', 'idNumber', 'name', 'streetCode', 'occurredAt', 'amount', 'details']);
const NAME_MAX = 100;
/** Details are free-form besides the keys the rules read; bounded so that one record cannot be huge. */
const DETAILS_MAX_CHARS = 2_000;

const ID_MESSAGES: Record<IdNumberProblem, string> = {
  length: 'is not a valid ID number: it must be 18 characters',
  characters: 'is not a valid ID number: it must be 17 digits followed by a digit or X',
  check_digit: 'is not a valid ID number: the check digit is wrong',
  birth_date_invalid: 'is not a valid ID number: the birth date in it is not a real date',
  birth_date_future: 'is not a valid ID number: the birth date in it is in the future',
  birth_date_too_early: 'is not a valid ID number: the birth date in it is before 1900',
};

function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function isMalformedLine(value: unknown): value is MalformedLine {
  return typeof value === 'object' && value !== null && typeof (value as MalformedLine).$malformed === 'string';
}

/**
 * Checks one record as sent (JSON item or CSV row). `now` bounds occurredAt (not in the future, Asia/Shanghai
 * date). Whether a record without streetCode is about a person the platform knows is the caller's to
 * decide (it needs the database).
 */
export function checkRecord(raw: unknown, index: number, now: Date): RecordCheck {
  const at = (field: string) => `records[${index}]${field ? `.${field}` : ''}`;
  const fail = (field: string, message: string): RecordCheck => ({ ok: false, error: { index, path: at(field), message } });
  if (isMalformedLine(raw)) return fail('', malformedMessage(raw));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('', 'must be an object');
  const r = raw as Record<string, unknown>;
  const unknown = Object.keys(r).find((k) => !RECORD_FIELDS.has(k));
  if (unknown !== undefined) return fail('', `has a field this record kind does not know; allowed: ${[...RECORD_FIELDS].join(', ')}`);

  if (typeof r.kind !== 'string' || !(RECORD_KINDS as readonly string[]).includes(r.kind))
    return fail('kind', `must be one of ${RECORD_KINDS.join(', ')}`);
  const kind = r.kind as RecordKind;

  if (typeof r.idNumber !== 'string') return fail('idNumber', 'is required');
  const id = validateIdNumber(r.idNumber, now);
  if (!id.ok) return fail('idNumber', ID_MESSAGES[id.problem]);

  if (r.name !== undefined && (typeof r.name !== 'string' || r.name.trim() === '' || r.name.length > NAME_MAX))
    return fail('name', `must be a non-empty string of at most ${NAME_MAX} characters`);
  if (r.streetCode !== undefined && (typeof r.streetCode !== 'string' || !isStreetCode(r.streetCode)))
    return fail('streetCode', 'is not a street of the city (see /api/v1/jurisdictions)');

  if (typeof r.occurredAt !== 'string' || !isCalendarDate(r.occurredAt)) return fail('occurredAt', 'must be a date as YYYY-MM-DD');
  if (r.occurredAt > shanghaiToday(now)) return fail('occurredAt', 'must not be in the future');

  if (r.amount !== undefined) {
    if (typeof r.amount !== 'number' || !Number.isFinite(r.amount)) return fail('amount', 'must be a number of CNY');
    if (r.amount < 0) return fail('amount', 'must not be negative');
  }
  if ((kind === 'medical_expense' || kind === 'disaster_loss') && r.amount === undefined)
    return fail('amount', `is required for ${kind} (CNY)`);

  if (r.details !== undefined && (typeof r.details !== 'object' || r.details === null || Array.isArray(r.details)))
    return fail('details', 'must be an object');
  const details = r.details as Record<string, unknown> | undefined;
  if (details !== undefined && JSON.stringify(details).length > DETAILS_MAX_CHARS)
    return fail('details', `must be at most ${DETAILS_MAX_CHARS} characters as JSON`);
  if (kind === 'low_income_status' && !(LOW_INCOME_CATEGORIES as readonly unknown[]).includes(details?.category))
    return fail('details.category', `must be one of ${LOW_INCOME_CATEGORIES.join(', ')}`);
  if (
    kind === 'disability_certified' &&
    !(Number.isInteger(details?.grade) && (details!.grade as number) >= 1 && (details!.grade as number) <= 4)
  )
    return fail('details.grade', 'must be a disability grade from 1 to 4');
  if (kind === 'utility_arrears' && !(Number.isInteger(details?.months) && (details!.months as number) >= 0))
    return fail('details.months', 'must be a whole number of months, 0 or more');

  const record: MonitoringRecord = {
    kind,
    idNumber: id.normalized,
    occurredAt: r.occurredAt,
    ...(typeof r.name === 'string' ? { name: r.name.trim() } : {}),
    ...(typeof r.streetCode === 'string' ? { streetCode: r.streetCode } : {}),
    ...(typeof r.amount === 'number' ? { amount: r.amount } : {}),
    ...(details !== undefined ? { details } : {}),
  };
  return { ok: true, record, birthDate: id.birthDate, sex: id.sex };
}

/** The error of a record whose person the platform does not know and which names no street. */
export function missingStreetError(index: number): RecordError {
  return {
    index,
    path: `records[${index}].streetCode`,
    message: 'is required for a person the platform does not know yet',
  };
}
