// Validation of Chinese resident ID numbers (GB 11643-1999) and phone numbers, as entered on reports.
// Pure: "today" is passed in, and birth dates are compared in China time (UTC+8, no DST since 1991).

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const CHINA_OFFSET_MS = 8 * 3_600_000;

export type IdNumberProblem = 'length' | 'characters' | 'check_digit' | 'birth_date_invalid' | 'birth_date_future' | 'birth_date_too_early';

export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string; sex: 'male' | 'female'; regionCode: string }
  | { ok: false; problem: IdNumberProblem; reason: string };

/** The GB 11643 check character for the first 17 digits. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CHECK_WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Builds a valid ID number (correct check digit) for tests and seed data. The birth date is not
 * checked, so tests can build numbers whose only fault is an impossible or future date.
 */
export function makeIdNumber(region6: string, birthYYYYMMDD: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6)) throw new Error(`region code must be 6 digits, got ${JSON.stringify(region6)}`);
  if (!/^\d{8}$/.test(birthYYYYMMDD)) throw new Error(`birth date must be YYYYMMDD, got ${JSON.stringify(birthYYYYMMDD)}`);
  if (!/^\d{3}$/.test(seq3)) throw new Error(`sequence must be 3 digits, got ${JSON.stringify(seq3)}`);
  const first17 = region6 + birthYYYYMMDD + seq3;
  return first17 + idCheckDigit(first17);
}

export function validateIdNumber(input: string, now: Date | string): IdNumberResult {
  const s = typeof input === 'string' ? input.trim().toUpperCase() : '';
  if (s.length !== 18) {
    return fail('length', `ID number must be 18 characters, got ${s.length}`);
  }
  if (!/^\d{17}[\dX]$/.test(s)) {
    return fail('characters', 'ID number must be 17 digits followed by a digit or X');
  }
  const expected = idCheckDigit(s.slice(0, 17));
  // The check digit comes before the date: a wrong check digit means a typo, and a date message for a
  // mistyped number would send the caseworker looking in the wrong place.
  if (s[17] !== expected) {
    return fail('check_digit', `ID number check digit is wrong (expected ${expected}, got ${s[17]}); please re-check the number`);
  }
  const compact = s.slice(6, 14);
  const year = Number(compact.slice(0, 4));
  const month = Number(compact.slice(4, 6));
  const day = Number(compact.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('birth_date_invalid', `birth date ${compact} in the ID number is not a real date`);
  }
  const birthDate = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  if (year < 1900) {
    return fail('birth_date_too_early', `birth date ${birthDate} in the ID number is before 1900`);
  }
  if (birthDate > chinaDate(now)) {
    return fail('birth_date_future', `birth date ${birthDate} in the ID number is in the future`);
  }
  return {
    ok: true,
    normalized: s,
    birthDate,
    sex: Number(s[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: s.slice(0, 6),
  };
}

/**
 * Under 18 at `now`. Follows the Chinese counting rule (周岁 is reached the day after the birthday), so
 * a person is still a minor on their 18th birthday; for a protective classification that errs safely.
 */
export function isMinorAt(birthDate: string, now: Date | string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) throw new Error(`birth date must be YYYY-MM-DD, got ${JSON.stringify(birthDate)}`);
  const adultFrom = `${String(Number(match[1]) + 18).padStart(4, '0')}-${match[2]}-${match[3]}`;
  // A 29 February birthday has no anniversary in a common year; "> 02-29" then means from 1 March.
  return chinaDate(now) <= adultFrom;
}

export type PhoneResult = { ok: true; kind: 'mobile' | 'landline'; normalized: string } | { ok: false; reason: string };

const EXTENSION = String.raw`(?:(?:-|转|ext\.?|x|#)(\d{1,6}))?`;
const LANDLINE_FORMS = [
  new RegExp(String.raw`^\((0\d{2,3})\)(\d{7,8})${EXTENSION}$`, 'i'),
  new RegExp(String.raw`^(0\d{2,3})-(\d{7,8})${EXTENSION}$`, 'i'),
];
const COMPACT_LANDLINE = new RegExp(String.raw`^(0\d{9,11})${EXTENSION}$`, 'i');

/**
 * Mobile numbers (1[3-9] + 9 digits, optional +86/0086) normalise to 11 digits; landlines need an area
 * code and normalise to "020-12345678" or "020-12345678-123" with an extension.
 */
export function validateChinesePhone(input: string): PhoneResult {
  const s = typeof input === 'string' ? input.replace(/[\s\u3000]/g, '') : '';
  if (s === '') return { ok: false, reason: 'phone number is empty' };

  // Hyphens inside a mobile number are cosmetic; landline forms never reduce to this pattern because
  // they start with 0, "(" or a +86 prefix followed by a 10-digit remainder.
  const mobile = /^(?:\+86|0086|86)?(1\d{10})$/.exec(s.replace(/-/g, ''));
  if (mobile) {
    if (!/^1[3-9]/.test(mobile[1])) {
      return { ok: false, reason: `mobile number ${mobile[1]} must start with 13 to 19` };
    }
    return { ok: true, kind: 'mobile', normalized: mobile[1] };
  }

  // "+86 20 12345678" and "+86 (0)20 12345678" are the domestic "020 12345678" without the trunk 0.
  const international = /^(?:\+86|0086)-?(.+)$/.exec(s);
  const domestic = international ? `0${international[1].replace(/[()]/g, '').replace(/^0/, '')}` : s;
  for (const form of LANDLINE_FORMS) {
    const m = form.exec(domestic);
    if (m) return landline(m[1], m[2], m[3]);
  }
  const compact = COMPACT_LANDLINE.exec(domestic);
  if (compact) {
    const areaLength = /^0[12]/.test(compact[1]) ? 3 : 4;
    return landline(compact[1].slice(0, areaLength), compact[1].slice(areaLength), compact[2]);
  }
  if (/^[1-9]\d{6,7}$/.test(s)) {
    return { ok: false, reason: 'landline numbers need an area code, e.g. 020-12345678' };
  }
  return {
    ok: false,
    reason: 'not a mobile number (11 digits starting 13 to 19) or a landline with area code (e.g. 020-12345678)',
  };
}

function landline(area: string, local: string, extension: string | undefined): PhoneResult {
  // Beijing (010) and 02x are the only three-digit area codes; all others have four.
  if (!(area === '010' || /^02\d$/.test(area) || /^0[3-9]\d{2}$/.test(area))) {
    return { ok: false, reason: `${area} is not a valid area code` };
  }
  if (!/^[1-9]\d{6,7}$/.test(local)) {
    return { ok: false, reason: `local number ${local} must be 7 or 8 digits and not start with 0` };
  }
  return { ok: true, kind: 'landline', normalized: `${area}-${local}${extension ? `-${extension}` : ''}` };
}

function fail(problem: IdNumberProblem, reason: string): IdNumberResult {
  return { ok: false, problem, reason };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Today's calendar date in China (YYYY-MM-DD) at the given instant. */
function chinaDate(now: Date | string): string {
  const ms = typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (Number.isNaN(ms)) throw new Error(`invalid instant ${String(now)}`);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
