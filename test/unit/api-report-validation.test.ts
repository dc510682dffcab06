// Unit tests for report validation (api/report-validation.ts): each kind of bad input is reported on
// its own field with a reason a caseworker can act on; a good report comes back normalised.
import { validateReport } from '../../api/reports/report-validation';
import type { Actor } from '../../domain/case-types';
import { makeIdNumber } from '../../domain/ids';

const NOW = new Date('2026-11-29T02:00:00Z');
const caseworker: Actor = { userId: 'cw-440104001', role: 'caseworker', jurisdictionCode: '440104001' };
const hotline: Actor = { userId: 'hl-440100', role: 'hotline', jurisdictionCode: '440100' };
const districtOfficer: Actor = { userId: 'do-440104', role: 'district_officer', jurisdictionCode: '440104' };

function body(overrides: Record<string, unknown> = {}, subject: Record<string, unknown> = {}) {
  return {
    channel: 'grid',
    subject: {
      idNumber: makeIdNumber('440104', '19500307', '123'),
      name: '陈伯',
      streetCode: '440104001',
      phone: '13800138000',
      ...subject,
    },
    situation: { summary: '独居老人，无收入' },
    ...overrides,
  };
}

function errorsOf(raw: unknown, actor: Actor = caseworker) {
  const r = validateReport(raw, actor, NOW);
  if (r.ok) throw new Error('expected the report to be refused');
  return r.errors;
}

describe('validateReport', () => {
  it('accepts a good report and normalises the ID number, phone, flags and birth data', () => {
    const lower = makeIdNumber('440104', '20120101', '123').toLowerCase();
    const r = validateReport(
      body(
        { situation: { summary: 'x', urgentFlags: ['minor_unattended', 'minor_unattended'] } },
        { idNumber: lower, phone: '+86 138-0013-8000' },
      ),
      caseworker,
      NOW,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.subject).toMatchObject({ unidentified: false, idNumber: lower.toUpperCase(), birthDate: '2012-01-01' });
    expect(r.report.phone).toBe('13800138000');
    expect(r.report.body.situation.urgentFlags).toEqual(['minor_unattended']);
  });

  it('names the ID number field and says what is wrong with it', () => {
    const good = makeIdNumber('440104', '19500307', '123');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(errorsOf(body({}, { idNumber: wrongCheck }))).toEqual([
      { path: 'subject.idNumber', message: expect.stringMatching(/check digit/) },
    ]);
    expect(errorsOf(body({}, { idNumber: '12345' }))).toEqual([
      { path: 'subject.idNumber', message: expect.stringMatching(/18 characters/) },
    ]);
    expect(errorsOf(body({}, { idNumber: makeIdNumber('440104', '20991231', '001') }))).toEqual([
      { path: 'subject.idNumber', message: expect.stringMatching(/future/) },
    ]);
    expect(errorsOf(body({}, { idNumber: makeIdNumber('440104', '19990230', '001') }))).toEqual([
      { path: 'subject.idNumber', message: expect.stringMatching(/not a real date/) },
    ]);
  });

  it('rejects bad phones on the subject and the reporter', () => {
    expect(errorsOf(body({ reporter: { phone: '12345' } }, { phone: '1234' }))).toEqual([
      { path: 'subject.phone', message: expect.any(String) },
      { path: 'reporter.phone', message: expect.any(String) },
    ]);
  });

  it('rejects an unknown street, and a street outside a street- or district-scoped caller’s jurisdiction', () => {
    expect(errorsOf(body({}, { streetCode: '440104999' }))).toEqual([
      { path: 'subject.streetCode', message: expect.stringMatching(/not a known street/) },
    ]);
    expect(errorsOf(body({}, { streetCode: '440104002' }))).toEqual([
      { path: 'subject.streetCode', message: expect.stringMatching(/outside your jurisdiction/) },
    ]);
    expect(errorsOf(body({}, { streetCode: '440105001' }), districtOfficer)).toEqual([
      { path: 'subject.streetCode', message: expect.stringMatching(/outside your jurisdiction/) },
    ]);
    expect(validateReport(body({}, { streetCode: '440105001' }), hotline, NOW).ok).toBe(true);
  });

  it('reports shape problems with field paths: missing, unknown, wrong enum', () => {
    const errors = errorsOf({
      channel: 'fax',
      subject: { name: 'x', streetCode: '440104001', nickname: 'y' },
      situation: { summary: '', urgentFlags: ['sad'] },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'channel', message: expect.stringMatching(/^must be one of: grid, committee/) },
        { path: 'subject.idNumber', message: expect.stringMatching(/^is required/) },
        { path: 'subject.nickname', message: 'is not a known field; remove it' },
        { path: 'situation.summary', message: 'must not be empty' },
        { path: 'situation.urgentFlags.0', message: expect.stringMatching(/^must be one of: minor_unattended/) },
      ]),
    );
  });

  it('never repeats the submitted ID number, birth date or phone in a message (answers may be stored)', () => {
    const future = makeIdNumber('440104', '20990102', '321');
    const errors = errorsOf(body({ reporter: { phone: '12345678901' } }, { idNumber: future, phone: '19912' }));
    const text = JSON.stringify(errors);
    for (const fragment of ['20990102', '2099-01-02', '12345678901', '19912']) expect(text).not.toContain(fragment);
    expect(errors.map((e) => e.path)).toEqual(['subject.idNumber', 'subject.phone', 'reporter.phone']);
  });

  it('rejects a body that is not an object', () => {
    expect(errorsOf(['a'])).toEqual([{ path: '', message: 'must be an object' }]);
  });
});
