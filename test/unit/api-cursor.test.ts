// Unit tests for case-list cursors (api/cursor.ts): opaque, round-trip exactly, and a tampered or
// foreign cursor is a 422 naming the `cursor` parameter.
import { decodeCursor, encodeCursor } from '../../api/http/cursor';
import { AppError } from '../../api/http/errors';

describe('case list cursors', () => {
  it('round-trips a position with a due date and one without', () => {
    for (const c of [
      { nextDueAt: '2026-11-29T08:00:00.000Z', caseId: 'c-1' },
      { nextDueAt: null, caseId: 'c-zz' },
    ]) {
      const text = encodeCursor(c);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(text)).toEqual(c);
    }
  });

  it.each([
    ['not base64 json', '!!!'],
    ['another JSON value', Buffer.from('{"a":1}').toString('base64url')],
    ['a wrong version', Buffer.from('[2,null,"c-1"]').toString('base64url')],
    ['a bad date', Buffer.from('[1,"yesterday","c-1"]').toString('base64url')],
    ['an empty case id', Buffer.from('[1,null,""]').toString('base64url')],
  ])('rejects %s with 422 on path cursor', (_label, text) => {
    try {
      decodeCursor(text);
      throw new Error('expected a rejection');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(422);
      expect((err as AppError).errors?.[0]?.path).toBe('cursor');
    }
  });
});
