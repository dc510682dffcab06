// One record of a monitoring import (§8): each bad field refused with its path and a reason that never
// repeats the value, and a good record normalised.
import { makeIdNumber } from '../../domain/ids';
import { checkRecord } from '../../domain/monitoring-records';

const NOW = new Date('2026-12-02T04:00:00Z');
const ID = makeIdNumber('440104', '19800101', '123');
const good = { kind: 'medical_expense', idNumber: ID, name: '陈嘉欣', streetCode: '440104001', occurredAt: '2026-11-30', amount: 1200 };

function errorOf(record: unknown) {
  const check = checkRecord(record, 7, NOW);
  if (check.ok) throw new Error('expected the record to be refused');
  return check.error;
}

describe('checkRecord', () => {
  it('accepts a good record and answers the birth date and sex from the ID number', () => {
    const check = checkRecord(good, 0, NOW);
    expect(check).toEqual({ ok: true, record: good, birthDate: '1980-01-01', sex: 'male' });
  });

  it.each([
    [
      'idNumber',
      { ...good, idNumber: `${ID.slice(0, 17)}${ID[17] === '1' ? '2' : '1'}` },
      'is not a valid ID number: the check digit is wrong',
    ],
    ['idNumber', { ...good, idNumber: '12345' }, 'is not a valid ID number: it must be 18 characters'],
    ['kind', { ...good, kind: 'lottery_win' }, expect.stringContaining('must be one of low_income_status')],
    ['streetCode', { ...good, streetCode: '999999001' }, 'is not a street of the city (see /api/v1/jurisdictions)'],
    ['amount', { ...good, amount: -5 }, 'must not be negative'],
    ['amount', { ...good, amount: '12 yuan' }, 'must be a number of CNY'],
    ['amount', { ...good, amount: undefined }, 'is required for medical_expense (CNY)'],
    ['occurredAt', { ...good, occurredAt: '2026-12-03' }, 'must not be in the future'],
    ['occurredAt', { ...good, occurredAt: '2026-02-30' }, 'must be a date as YYYY-MM-DD'],
    [
      'details.category',
      { ...good, kind: 'low_income_status', details: { category: 'rich' } },
      expect.stringContaining('must be one of dibao'),
    ],
    ['details.grade', { ...good, kind: 'disability_certified', details: { grade: 5 } }, 'must be a disability grade from 1 to 4'],
    ['details.months', { ...good, kind: 'utility_arrears', details: {} }, 'must be a whole number of months, 0 or more'],
  ])('refuses a bad %s with its path, never repeating the value', (field, record, message) => {
    const error = errorOf(record);
    expect(error).toEqual({ index: 7, path: `records[7].${field}`, message });
    const value = (record as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > 2) expect(error.message).not.toContain(value);
    expect(error.message).not.toContain(ID);
  });

  it('refuses what is not an object, and a field records do not have', () => {
    expect(errorOf('a line')).toEqual({ index: 7, path: 'records[7]', message: 'must be an object' });
    expect(errorOf({ ...good, salary: 3000 }).path).toBe('records[7]');
  });

  it('turns a CSV line the parser could not read into its own error, from the reason code only', () => {
    expect(errorOf({ $malformed: 'field-count', line: 4 })).toEqual({
      index: 7,
      path: 'records[7]',
      message: 'CSV line 4 has a different number of fields than the header',
    });
    expect(errorOf({ $malformed: `${ID} leaked?` }).message).toBe('a CSV line cannot be read as CSV');
  });
});
