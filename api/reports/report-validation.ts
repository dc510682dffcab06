// Validation of a discovery report beyond its shape: the ID number's check digit and birth date, phone
// numbers, and that the street exists and lies in the caller's jurisdiction. Pure (the clock is passed
// in) so the messages are unit-tested; shared by POST /reports and each item of a signal batch.
import type { Actor } from '../../domain/case-types';
import { validateChinesePhone, validateIdNumber, type IdNumberProblem } from '../../domain/ids';
import { isStreetCode } from '../../domain/jurisdictions';
import { isInScope } from '../../domain/roles';
import { formatZodIssues, type FieldError } from '../http/errors';
import { reportBodySchema, type ReportBody } from './schemas';

/** A report that passed every check, with the ID number and phones normalised. */
export interface ValidReport {
  body: ReportBody;
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  phone?: string;
}

/**
 * Messages that never repeat the submitted value: validation answers can be stored (idempotent
 * replays of a batch) and must not put fragments of an ID number or phone into plain-text tables.
 */
const ID_MESSAGES: Record<IdNumberProblem, string | null> = {
  length: null, // the domain's message only counts characters
  characters: null,
  check_digit: 'the check digit (last character) does not match the other 17; please re-check the number',
  birth_date_invalid: 'the birth date in the ID number (characters 7–14) is not a real date',
  birth_date_future: 'the birth date in the ID number (characters 7–14) is in the future',
  birth_date_too_early: 'the birth date in the ID number (characters 7–14) is before 1900',
};

function phoneMessage(reason: string): string {
  return /\d{5,}/.test(reason)
    ? 'is not a mobile number (11 digits starting 13 to 19) or a landline with area code (e.g. 020-12345678)'
    : reason;
}

export type ReportValidation = { ok: true; report: ValidReport } | { ok: false; errors: FieldError[] };

export function validateReport(raw: unknown, actor: Actor, now: Date): ReportValidation {
  const parsed = reportBodySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: formatZodIssues(parsed.error.issues) };
  const body = parsed.data;
  const errors: FieldError[] = [];

  const id = validateIdNumber(body.subject.idNumber, now);
  if (!id.ok) errors.push({ path: 'subject.idNumber', message: ID_MESSAGES[id.problem] ?? id.reason });

  let phone: string | undefined;
  if (body.subject.phone !== undefined) {
    const checked = validateChinesePhone(body.subject.phone);
    if (checked.ok) phone = checked.normalized;
    else errors.push({ path: 'subject.phone', message: phoneMessage(checked.reason) });
  }
  if (body.reporter?.phone !== undefined) {
    const checked = validateChinesePhone(body.reporter.phone);
    if (!checked.ok) errors.push({ path: 'reporter.phone', message: phoneMessage(checked.reason) });
  }

  const street = body.subject.streetCode;
  if (!isStreetCode(street)) {
    errors.push({ path: 'subject.streetCode', message: `${street} is not a known street or town code; see GET /api/v1/jurisdictions` });
  } else if (!isInScope(actor.jurisdictionCode, street)) {
    // A street-scoped worker reports in their own street; a report elsewhere goes to the hotline or
    // that street, otherwise it would open a case its own author could never see.
    errors.push({ path: 'subject.streetCode', message: `street ${street} is outside your jurisdiction (${actor.jurisdictionCode})` });
  }

  if (errors.length > 0 || !id.ok) return { ok: false, errors };
  // Repeated flags or categories carry no extra meaning; keep the first of each.
  const situation = {
    ...body.situation,
    categories: body.situation.categories ? [...new Set(body.situation.categories)] : undefined,
    urgentFlags: body.situation.urgentFlags ? [...new Set(body.situation.urgentFlags)] : undefined,
  };
  return {
    ok: true,
    report: { body: { ...body, situation }, idNumber: id.normalized, birthDate: id.birthDate, sex: id.sex, phone },
  };
}
