// Unit tests for the problem-details mapping (api/http/errors.ts): every error class the API can meet
// becomes the right status and code, outages become 503, and unknown errors reveal nothing.
import { ApplicationFailure } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { AppError, caseRejectionToAppError, formatZodIssues, toProblem, unavailableDependency } from '../../api/http/errors';
import { caseActionSchema } from '../../domain/action-schemas';

const updateFailure = (type: string, message = 'because') =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));

describe('toProblem', () => {
  it('answers an AppError as problem details with its code, detail, field errors and request id', () => {
    const p = toProblem(new AppError('VALIDATION_FAILED', 'bad', { errors: [{ path: 'a.b', message: 'is required' }] }), 'req-1');
    expect(p.status).toBe(422);
    expect(p.body).toEqual({
      type: '/problems/validation-failed',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'bad',
      code: 'VALIDATION_FAILED',
      requestId: 'req-1',
      errors: [{ path: 'a.b', message: 'is required' }],
    });
  });

  it.each([
    ['entity.parse.failed', 400, 'MALFORMED_JSON'],
    ['entity.too.large', 413, 'BODY_TOO_LARGE'],
    ['charset.unsupported', 415, 'UNSUPPORTED_CHARSET'],
  ])('maps body-parser error %s to %i', (type, status, code) => {
    const err = Object.assign(new Error('x'), { type, status });
    const p = toProblem(err, 'r');
    expect([p.status, p.body.code]).toEqual([status, code]);
  });

  it.each([
    ['ROLE_NOT_ALLOWED', 403],
    ['STAGE_NOT_ALLOWED', 409],
    ['APPROVAL_TIER_EXCEEDED', 409],
    ['NOT_URGENT', 409],
    ['NO_PENDING_PROPOSAL', 409],
    ['PROPOSAL_PENDING', 409],
    ['CLOCK_ALREADY_PAUSED', 409],
    ['CLOCK_NOT_PAUSED', 409],
    ['NOTHING_TO_PAUSE', 409],
    ['SAME_STREET', 409],
    ['NO_PENDING_REFERRAL', 409],
    ['CASE_CLOSED', 409],
    ['EMERGENCY_AID_ALREADY_GRANTED', 409],
    ['SOME_FUTURE_RULE', 409],
    ['INVALID_ACTION', 422],
    ['UNKNOWN_STREET', 422],
    ['CASE_MISMATCH', 404],
  ])('maps the workflow rejection %s to %i, keeping the workflow’s reason', (type, status) => {
    const p = toProblem(updateFailure(type, 'the reason from the workflow'), 'r');
    expect(p.status).toBe(status);
    if (status !== 404) {
      expect(p.body.code).toBe(type);
      expect(p.body.detail).toBe('the reason from the workflow');
    }
  });

  it('audits a role rejection from the workflow and points UNKNOWN_STREET at toStreetCode', () => {
    expect(caseRejectionToAppError('ROLE_NOT_ALLOWED', 'no').audit).toBeTruthy();
    expect(caseRejectionToAppError('UNKNOWN_STREET', 'no such street').errors).toEqual([
      { path: 'toStreetCode', message: 'no such street' },
    ]);
  });

  it('answers 503 when the database is unreachable (Prisma P1001, driver adapter, pg socket errors)', () => {
    const prismaErr = Object.assign(new Error("Can't reach database server"), { code: 'P1001' });
    Object.defineProperty(prismaErr, 'constructor', { value: { name: 'PrismaClientKnownRequestError' } });
    const adapterErr = Object.assign(new Error('Raw query failed'), {
      code: 'P2010',
      meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } },
    });
    const pgErr = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (const err of [prismaErr, adapterErr, pgErr]) {
      const p = toProblem(err, 'r');
      expect(p.status).toBe(503);
      expect(p.headers['Retry-After']).toBe('5');
      expect(p.body.detail).toMatch(/database/);
    }
  });

  it('answers 503 when Temporal is unreachable (ServiceError over gRPC UNAVAILABLE)', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
      metadata: {},
    });
    const err = new ServiceError('Workflow Update failed', { cause: grpc });
    expect(unavailableDependency(err)?.dependency).toBe('temporal');
    expect(toProblem(err, 'r').status).toBe(503);
    expect(toProblem(grpc, 'r').status).toBe(503);
  });

  it('answers an unknown error with a generic 500 carrying only the request id', () => {
    const p = toProblem(new TypeError('secret internals at /srv/app.ts:12'), 'req-42');
    expect(p.status).toBe(500);
    expect(p.logLevel).toBe('error');
    expect(p.body.detail).toContain('req-42');
    expect(JSON.stringify(p.body)).not.toMatch(/secret internals|app\.ts/);
  });
});

describe('formatZodIssues', () => {
  it('writes one clear message per field, with dotted paths', () => {
    const schema = z.strictObject({
      name: z.string().trim().min(1),
      kind: z.enum(['a', 'b']),
      items: z.array(z.strictObject({ amount: z.number().positive().multipleOf(0.01) })).max(3),
      tags: z.array(z.string()).max(1),
    });
    const result = schema.safeParse({ name: '', kind: 'c', items: [{ amount: 1.234 }, { amount: 2 }], tags: ['a', 'b'], extra: true });
    expect(formatZodIssues(result.error!.issues)).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'must not be empty' },
        { path: 'kind', message: 'must be one of: a, b' },
        { path: 'tags', message: 'must contain at most 1 item' },
        { path: 'items.0.amount', message: 'must have at most 2 decimal places' },
        { path: 'extra', message: 'is not a known field; remove it' },
      ]),
    );
  });

  it('says "is required" for a missing field and lists the action types for an unknown one', () => {
    const missing = caseActionSchema.safeParse({ type: 'transfer', reason: 'moved' });
    expect(formatZodIssues(missing.error!.issues)).toContainEqual({ path: 'toStreetCode', message: 'is required' });
    const unknown = caseActionSchema.safeParse({ type: 'fly' });
    expect(formatZodIssues(unknown.error!.issues)[0].message).toMatch(/^must be one of: accept, transfer/);
  });

  it('prefixes paths, e.g. with the index of a batch item', () => {
    const r = z.strictObject({ a: z.string() }).safeParse({});
    expect(formatZodIssues(r.error!.issues, ['signals', 3])).toEqual([{ path: 'signals.3.a', message: 'is required' }]);
  });
});
