// Resident ID numbers (GB 11643-1999) and Chinese phone numbers.
import { idCheckDigit, isMinorAt, makeIdNumber, validateChinesePhone, validateIdNumber } from '../../domain/ids';

const NOW = '2026-11-02T04:00:00Z';

describe('validateIdNumber', () => {
  it('accepts the well-known specimen 11010519491231002X', () => {
    expect(validateIdNumber('11010519491231002X', NOW)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
  });

  it('normalises a lowercase x check character to upper case', () => {
    const result = validateIdNumber('11010519491231002x', NOW);
    expect(result).toMatchObject({ ok: true, normalized: '11010519491231002X' });
  });

  it('accepts numbers built by makeIdNumber and reads birth date and sex from them', () => {
    const man = makeIdNumber('440104', '19800615', '013');
    expect(validateIdNumber(man, NOW)).toMatchObject({ ok: true, birthDate: '1980-06-15', sex: 'male', regionCode: '440104' });
    const woman = makeIdNumber('440113', '20120229', '024');
    expect(validateIdNumber(woman, new Date(NOW))).toMatchObject({ ok: true, birthDate: '2012-02-29', sex: 'female' });
  });

  it('ignores surrounding whitespace from copy-paste', () => {
    expect(validateIdNumber(` ${makeIdNumber('440104', '19800615', '013')} `, NOW).ok).toBe(true);
  });

  it('refuses a number of the wrong length, saying how long it was', () => {
    expect(validateIdNumber('11010519491231002', NOW)).toMatchObject({
      ok: false,
      problem: 'length',
      reason: expect.stringContaining('got 17'),
    });
  });

  it('refuses letters other than a final X', () => {
    expect(validateIdNumber('11010519491231002Y', NOW)).toMatchObject({ ok: false, problem: 'characters' });
    expect(validateIdNumber('1101051949123100X2', NOW)).toMatchObject({ ok: false, problem: 'characters' });
  });

  it('refuses a wrong check digit and says which one was expected', () => {
    const result = validateIdNumber('110105194912310021', NOW);
    expect(result).toMatchObject({ ok: false, problem: 'check_digit', reason: expect.stringContaining('expected X') });
  });

  it('refuses an impossible birth date such as 30 February', () => {
    expect(validateIdNumber(makeIdNumber('440104', '19990230', '001'), NOW)).toMatchObject({
      ok: false,
      problem: 'birth_date_invalid',
      reason: 'birth date 19990230 in the ID number is not a real date',
    });
    expect(validateIdNumber(makeIdNumber('440104', '19991301', '001'), NOW)).toMatchObject({ problem: 'birth_date_invalid' });
    expect(validateIdNumber(makeIdNumber('440104', '19000229', '001'), NOW)).toMatchObject({ problem: 'birth_date_invalid' });
  });

  it('refuses a birth date in the future', () => {
    expect(validateIdNumber(makeIdNumber('440104', '20270101', '001'), NOW)).toMatchObject({
      ok: false,
      problem: 'birth_date_future',
    });
  });

  it('judges "today" in China time, so a baby born this morning in Guangzhou is valid', () => {
    // 2026-11-01T20:00Z is already 2 November in China.
    expect(validateIdNumber(makeIdNumber('440104', '20261102', '001'), '2026-11-01T20:00:00Z').ok).toBe(true);
    expect(validateIdNumber(makeIdNumber('440104', '20261102', '001'), '2026-11-01T15:00:00Z').ok).toBe(false);
  });

  it('refuses a birth date before 1900', () => {
    expect(validateIdNumber(makeIdNumber('440104', '18991231', '001'), NOW)).toMatchObject({
      ok: false,
      problem: 'birth_date_too_early',
    });
  });
});

describe('makeIdNumber and idCheckDigit', () => {
  it('computes the check character with the GB 11643 weights', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(makeIdNumber('110105', '19491231', '002')).toBe('11010519491231002X');
  });

  it('refuses malformed parts instead of building a nonsense number', () => {
    expect(() => makeIdNumber('4401', '19800101', '001')).toThrow('region code must be 6 digits');
    expect(() => makeIdNumber('440104', '1980-01-01', '001')).toThrow('birth date must be YYYYMMDD');
    expect(() => makeIdNumber('440104', '19800101', '1')).toThrow('sequence must be 3 digits');
  });
});

describe('isMinorAt', () => {
  it('is true for a child and false for an adult', () => {
    expect(isMinorAt('2012-02-29', NOW)).toBe(true);
    expect(isMinorAt('1980-06-15', NOW)).toBe(false);
  });

  it('counts someone as a minor through their 18th birthday and an adult from the next day (周岁 rule)', () => {
    expect(isMinorAt('2008-11-02', '2026-11-01T04:00:00Z')).toBe(true);
    expect(isMinorAt('2008-11-02', '2026-11-02T04:00:00Z')).toBe(true);
    expect(isMinorAt('2008-11-02', '2026-11-03T04:00:00Z')).toBe(false);
  });

  it('uses the calendar date in China', () => {
    // 16:30 UTC on 2 November is 00:30 on 3 November in Guangzhou: the day after the 18th birthday.
    expect(isMinorAt('2008-11-02', '2026-11-02T15:30:00Z')).toBe(true);
    expect(isMinorAt('2008-11-02', '2026-11-02T16:30:00Z')).toBe(false);
  });

  it('treats a 29 February birthday as reached at the end of February in a common year', () => {
    expect(isMinorAt('2008-02-29', '2026-02-28T04:00:00Z')).toBe(true);
    expect(isMinorAt('2008-02-29', '2026-03-01T04:00:00Z')).toBe(false);
  });

  it('refuses a malformed birth date', () => {
    expect(() => isMinorAt('20080229', NOW)).toThrow('YYYY-MM-DD');
  });
});

describe('validateChinesePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['0086-138-0013-8000', '13800138000'],
    ['19912345678', '19912345678'],
  ])('accepts the mobile number %s as %s', (input, normalized) => {
    expect(validateChinesePhone(input)).toEqual({ ok: true, kind: 'mobile', normalized });
  });

  it.each([
    ['020-12345678', '020-12345678'],
    ['(020)12345678', '020-12345678'],
    ['02012345678', '020-12345678'],
    ['010-8765432', '010-8765432'],
    ['0755-12345678', '0755-12345678'],
    ['075512345678', '0755-12345678'],
    ['020-12345678-801', '020-12345678-801'],
    ['020-12345678转801', '020-12345678-801'],
    ['+86 20 12345678', '020-12345678'],
    ['+86 (0)20 12345678', '020-12345678'],
  ])('accepts the landline %s as %s', (input, normalized) => {
    expect(validateChinesePhone(input)).toEqual({ ok: true, kind: 'landline', normalized });
  });

  it.each([
    ['', 'empty'],
    ['12012345678', 'must start with 13 to 19'],
    ['1380013800', 'not a mobile number'],
    ['12345678', 'need an area code'],
    ['0201-2345678', 'not a valid area code'],
    ['020-123456', 'not a mobile number'],
    ['020-012345678', 'not a mobile number'],
    ['abc', 'not a mobile number'],
  ])('refuses %j (%s)', (input, reason) => {
    const result = validateChinesePhone(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });
});
