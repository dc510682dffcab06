// Activities sort database errors into "retry later" and "retrying cannot help": the latter leave as
// a non-retryable PROJECTION_REJECTED whose message carries no data from the failing statement.
import { ApplicationFailure } from '@temporalio/common';
import { rejectingDeterministicErrors } from '../../activities/failures';
import { ActivityFailureType, NON_RETRYABLE_ACTIVITY_FAILURES } from '../../workflows/activity-options';

const prismaError = (code: string, message = 'Unique constraint failed on the fields: (`name`) value 张三') =>
  Object.assign(new Error(message), { code, clientVersion: '7.10.0', meta: {} });

describe('rejectingDeterministicErrors', () => {
  it('passes a result through', async () => {
    await expect(rejectingDeterministicErrors('x', async () => 42)).resolves.toBe(42);
  });

  it.each(['P2000', 'P2002', 'P2003', 'P2011', 'P2020'])(
    'turns Prisma %s (about the data) into a non-retryable PROJECTION_REJECTED',
    async (code) => {
      const failure = await rejectingDeterministicErrors('the projection of case c-1', async () => {
        throw prismaError(code);
      }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect((failure as ApplicationFailure).type).toBe(ActivityFailureType.PROJECTION_REJECTED);
      expect((failure as ApplicationFailure).nonRetryable).toBe(true);
      expect((failure as ApplicationFailure).message).toContain(code);
      // Prisma's message quotes the values; none of it may reach the workflow history.
      expect((failure as ApplicationFailure).message).not.toContain('张三');
    },
  );

  it('recognises the pg driver adapter’s constraint kinds', async () => {
    const err = Object.assign(new Error('x'), { meta: { driverAdapterError: { cause: { kind: 'NullConstraintViolation' } } } });
    const failure = await rejectingDeterministicErrors('p', async () => {
      throw err;
    }).catch((e: unknown) => e);
    expect((failure as ApplicationFailure).type).toBe('PROJECTION_REJECTED');
  });

  it.each(['P1001', 'P1017', 'P2024'])('rethrows an outage (%s) unchanged, so Temporal retries it', async (code) => {
    const err = prismaError(code, 'Can’t reach database server');
    await expect(
      rejectingDeterministicErrors('p', async () => {
        throw err;
      }),
    ).rejects.toBe(err);
  });

  it('lists every failure type in the retry policies’ nonRetryableErrorTypes', () => {
    expect(NON_RETRYABLE_ACTIVITY_FAILURES).toEqual(Object.values(ActivityFailureType));
  });
});
