// Inputs that used to get past validation or end in a 500: free text with NUL characters or unpaired
// surrogates (unstorable), and the 4xx http-errors Express and body-parser raise for broken
// percent-encoding or corrupt compressed bodies.
import { toProblem } from '../../api/http/errors';
import { isStorableText, text } from '../../domain/text';

describe('storable free text', () => {
  test.each([
    ['plain', 'lives alone', true],
    ['Chinese, emoji, RTL and zero-width marks', '独居老人 👨‍👩‍👧 \u202eabc\u200b', true],
    ['a surrogate pair', '𠮷', true],
    ['NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud800b', false],
    ['a lone low surrogate', '\udc00', false],
    ['a reversed pair', '\udc00\ud800', false],
  ])('%s → %s', (_name, value, ok) => {
    expect(isStorableText(value)).toBe(ok);
    expect(text(100).safeParse(value).success).toBe(ok);
  });

  test('the refusal says why, without repeating the value', () => {
    const result = text(100).safeParse('secret\u0000');
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toMatch(/NUL characters or unpaired surrogates/);
    expect(result.error!.issues[0].message).not.toContain('secret');
  });
});

/** What http-errors (used by Express and body-parser) builds: a status, and expose for client errors. */
const httpError = (status: number, message = 'x') =>
  Object.assign(new Error(message), { status, statusCode: status, expose: status < 500 });

describe('client errors raised before a handler runs', () => {
  test('broken percent-encoding in a path parameter is a 400 problem, not a 500', () => {
    const err = Object.assign(new URIError("Failed to decode param '%zz'"), { status: 400, statusCode: 400 });
    const p = toProblem(err, 'r1');
    expect(p).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST', requestId: 'r1' } });
    expect(p.body.detail).not.toContain('%zz');
  });

  test('a corrupt gzip body (http-errors 400 without a type) is a 400 problem', () => {
    const p = toProblem(httpError(400, 'incorrect header check'), 'r2');
    expect(p).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' }, logLevel: 'debug' });
  });

  test('other exposed 4xx http-errors keep their status; unexposed or 5xx ones stay 500', () => {
    expect(toProblem(httpError(416), 'r3')).toMatchObject({ status: 416, body: { code: 'CLIENT_ERROR' } });
    expect(toProblem(httpError(404), 'r4')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(toProblem(httpError(502), 'r5').status).toBe(500);
    expect(toProblem(Object.assign(new Error('x'), { status: 400, expose: false }), 'r6').status).toBe(500);
  });
});
