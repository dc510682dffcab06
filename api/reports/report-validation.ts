// Validation of a discovery report beyond its shape: the ID number's check digit and birth date, phone
// numbers, and that the street exists and lies in the caller's jurisdiction. Pure (the clock is passed
// in) so the messages are unit-tested; shared by POST /reports and each item of a signal batch.
import type { HouseholdMemberInput } from '../../domain/action-schemas';
import type { Actor } from '../../domain/case-types';
import { validateChinesePhone, validateIdNumber, type IdNumberProblem } from '../../domain/ids';
import { isStreetCode } from '../../domain/jurisdictions';
import { isInScope } from '../../domain/roles';
import { formatZodIssues, type FieldError } from '../http/errors';
import { reportBodySchema, type ReportBody } from './schemas';

/** A subject with an ID number, normalised, and what the number says of them. */
export interface IdentifiedSubject {
  unidentified: false;
  idNumber: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
}

/** A subject reported without an ID number (§7); the case opens with a temporary identity. */
export interface UnidentifiedSubject {
  unidentified: true;
  description: string;
  name?: string;
}

/** A household member with the ID number (if any) normalised. */
export type ValidMember = HouseholdMemberInput & { birthYear?: number; sex?: 'male' | 'female' };

/** A report that passed every check, with the ID numbers and phones normalised. */
export interface ValidReport {
  body: ReportBody;
  subject: IdentifiedSubject | UnidentifiedSubject;
  phone?: string;
  reporterPhone?: string;
  members: ValidMember[];
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
  if (!parsed.success) return { ok: false, errors: [...formatZodIssues(parsed.error.issues), ...missingIdentity(raw)] };
  const body = parsed.data;
  const errors: FieldError[] = [];

  const subject = checkSubject(body.subject, now, errors);

  let phone: string | undefined;
  if (body.subject.phone !== undefined) {
    const checked = validateChinesePhone(body.subject.phone);
    if (checked.ok) phone = checked.normalized;
    else errors.push({ path: 'subject.phone', message: phoneMessage(checked.reason) });
  }
  let reporterPhone: string | undefined;
  if (body.reporter?.phone !== undefined) {
    const checked = validateChinesePhone(body.reporter.phone);
    if (checked.ok) reporterPhone = checked.normalized;
    else errors.push({ path: 'reporter.phone', message: phoneMessage(checked.reason) });
  }
  const members = checkMembers(body.household?.members ?? [], 'household.members', now, errors);

  const street = body.subject.streetCode;
  if (!isStreetCode(street)) {
    errors.push({ path: 'subject.streetCode', message: `${street} is not a known street or town code; see GET /api/v1/jurisdictions` });
  } else if (!isInScope(actor.jurisdictionCode, street)) {
    // A street-scoped worker reports in their own street; a report elsewhere goes to the hotline or
    // that street, otherwise it would open a case its own author could never see.
    errors.push({ path: 'subject.streetCode', message: `street ${street} is outside your jurisdiction (${actor.jurisdictionCode})` });
  }

  if (errors.length > 0 || subject === null) return { ok: false, errors };
  // Repeated flags or categories carry no extra meaning; keep the first of each.
  const situation = {
    ...body.situation,
    categories: body.situation.categories ? [...new Set(body.situation.categories)] : undefined,
    urgentFlags: body.situation.urgentFlags ? [...new Set(body.situation.urgentFlags)] : undefined,
  };
  return {
    ok: true,
    report: { body: { ...body, situation }, subject, phone, reporterPhone, members },
  };
}

const ID_NUMBER_REQUIRED = 'is required; for a person whose identity is not known set unidentified to true';

/** With other shape errors, the missing ID number is named too (the schema leaves it optional for unidentified persons). */
function missingIdentity(raw: unknown): FieldError[] {
  const subject = (raw as { subject?: unknown } | null)?.subject;
  if (typeof subject !== 'object' || subject === null) return [];
  const s = subject as { idNumber?: unknown; unidentified?: unknown };
  return s.idNumber === undefined && s.unidentified !== true ? [{ path: 'subject.idNumber', message: ID_NUMBER_REQUIRED }] : [];
}

function idNumberMessage(problem: IdNumberProblem, reason: string): string {
  return ID_MESSAGES[problem] ?? reason;
}

/** Either an ID number and a name, or `unidentified` with a description (§7). */
function checkSubject(subject: ReportBody['subject'], now: Date, errors: FieldError[]): IdentifiedSubject | UnidentifiedSubject | null {
  if (subject.unidentified === true) {
    if (subject.idNumber !== undefined) {
      errors.push({ path: 'subject.idNumber', message: 'must be omitted for an unidentified person; or set unidentified to false' });
    }
    if (subject.description === undefined) {
      errors.push({ path: 'subject.description', message: 'is required for an unidentified person: apparent age, sex, where found' });
      return null;
    }
    return { unidentified: true, description: subject.description, ...(subject.name !== undefined ? { name: subject.name } : {}) };
  }
  if (subject.name === undefined) errors.push({ path: 'subject.name', message: 'is required (or set unidentified to true)' });
  if (subject.idNumber === undefined) {
    errors.push({ path: 'subject.idNumber', message: ID_NUMBER_REQUIRED });
    return null;
  }
  const id = validateIdNumber(subject.idNumber, now);
  if (!id.ok) {
    errors.push({ path: 'subject.idNumber', message: idNumberMessage(id.problem, id.reason) });
    return null;
  }
  if (subject.name === undefined) return null;
  return { unidentified: false, idNumber: id.normalized, name: subject.name, birthDate: id.birthDate, sex: id.sex };
}

/**
 * Household members of a report or a visit: each ID number checked like the subject's, and no person
 * twice (§7). Errors name the member's index, e.g. `household.members.1.idNumber`.
 */
export function checkMembers(members: HouseholdMemberInput[], path: string, now: Date, errors: FieldError[]): ValidMember[] {
  const out: ValidMember[] = [];
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    if (m.idNumber === undefined) {
      out.push(m);
      return;
    }
    const id = validateIdNumber(m.idNumber, now);
    if (!id.ok) {
      errors.push({ path: `${path}.${i}.idNumber`, message: idNumberMessage(id.problem, id.reason) });
      return;
    }
    const twice = seen.get(id.normalized);
    if (twice !== undefined) {
      errors.push({ path: `${path}.${i}.idNumber`, message: `is the same person as member ${twice}; list each member once` });
      return;
    }
    seen.set(id.normalized, i);
    out.push({ ...m, idNumber: id.normalized, birthYear: Number(id.birthDate.slice(0, 4)), sex: id.sex });
  });
  return out;
}
