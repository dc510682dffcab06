// Sealing free text and incomes for the read model (DESIGN.md §7): the keys that carry a family's own
// words or income are encrypted wherever they are nested, everything else stays as it is, and opening
// gives back exactly what was sealed.
import { hasUnsealedFields, openFields, sealFields, SEALED_MARKER } from '../../domain/sealing';

// A reversible stand-in for the PII cipher, so the test sees what was sealed.
const cipher = {
  encrypt: (plain: string) => `enc(${Buffer.from(plain).toString('base64')})`,
  decrypt: (token: string) => Buffer.from(/^enc\((.*)\)$/.exec(token)![1], 'base64').toString(),
};

const view = {
  caseId: 'c-1',
  stage: 'verifying',
  closeReason: '家属接回',
  pause: { reason: '住院', pausedAt: '2026-12-01T00:00:00Z' },
  referrals: [{ referralId: 'r-1', needs: ['助餐', '陪诊'], status: 'pending' }],
  events: [
    { type: 'record-visit', details: { findings: '独居，六楼无电梯', householdSize: 1, monthlyIncome: 800 } },
    { type: 'record-economic-check', details: { result: 'eligible', details: '存款低于标准' } },
    { type: 'grant-emergency-aid', details: { amount: 500, note: null } },
  ],
  deadlines: [{ clock: 'verify', dueAt: '2026-12-10T00:00:00+08:00' }],
};

test('seals every listed key, however deep, and nothing else', () => {
  const sealed = sealFields(view, cipher);
  const text = JSON.stringify(sealed);
  for (const secret of ['家属接回', '住院', '助餐', '独居', '存款', '800']) expect(text).not.toContain(secret);
  expect(sealed.stage).toBe('verifying');
  expect(sealed.pause.pausedAt).toBe('2026-12-01T00:00:00Z');
  expect(sealed.events[0].details.householdSize).toBe(1);
  expect(sealed.events[1].details.result).toBe('eligible');
  expect(sealed.events[2].details).toEqual({ amount: 500, note: null });
  expect(sealed.deadlines).toEqual(view.deadlines);
  expect(sealed.closeReason).toEqual({ [SEALED_MARKER]: expect.stringMatching(/^enc\(/) });
  expect(sealed.referrals[0].needs).toEqual({ [SEALED_MARKER]: expect.any(String) });
  // The input is not touched.
  expect(view.closeReason).toBe('家属接回');
});

test('opening gives back exactly what was sealed, and sealing twice seals once', () => {
  const sealed = sealFields(view, cipher);
  expect(openFields(sealed, cipher)).toEqual(view);
  expect(sealFields(sealed, cipher)).toEqual(sealed);
});

test('rows written before sealing open as they are, and are found for re-sealing', () => {
  expect(openFields(view, cipher)).toEqual(view);
  expect(hasUnsealedFields(view)).toBe(true);
  expect(hasUnsealedFields(sealFields(view, cipher))).toBe(false);
  expect(hasUnsealedFields({ stage: 'closed', events: [] })).toBe(false);
});
