// A projection the database refuses for its content (PROJECTION_REJECTED, non-retryable) must not hold
// a case's Updates for ever: the workflow keeps its state, answers the caller, and tries the
// projection again later, while an outage would still be retried by Temporal as before.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import type { ProjectCaseInput } from '../../activities/projection';
import { createWorker, type PlatformWorker } from '../../worker';
import { ActivityFailureType } from '../../workflows/activity-options';
import { act, caseworker, openTestCase, supervisor } from '../support/cases';
import { requireTestEnv, startTestPlatform, type TestPlatform } from '../support/harness';

let p: TestPlatform;
let worker: PlatformWorker;
let running: Promise<void>;
let closeConnection: () => Promise<void>;
const taskQueue = `test-rejected-${randomUUID()}`;
let refusals = 0;

beforeAll(async () => {
  p = await startTestPlatform({ withoutApi: true });
  const env = requireTestEnv();
  const real = createActivities({ prisma: p.prisma, secrets: p.pii });
  const created = await createWorker({
    address: env.temporalAddress,
    namespace: p.config.temporalNamespace,
    prisma: p.prisma,
    secrets: p.pii,
    taskQueue,
    workflowBundlePath: env.workflowBundlePath,
    piiKey: p.config.piiKey,
    workerOptions: {
      activities: {
        ...real,
        // The read model refuses every batch that carries an acceptance, as a schema mismatch would.
        async projectCase(input: ProjectCaseInput) {
          if (input.events.some((e) => e.type === 'accept')) {
            refusals++;
            throw ApplicationFailure.create({
              type: ActivityFailureType.PROJECTION_REJECTED,
              message: 'refused (P2000)',
              nonRetryable: true,
            });
          }
          await real.projectCase(input);
        },
      },
    },
  });
  worker = created.worker;
  running = worker.run();
  closeConnection = () => created.connection.close();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await closeConnection?.();
  await p?.stop();
});

test('an action whose projection the database refuses is still answered, and the case keeps its state', async () => {
  const driver = { client: p.client, taskQueue, policy: p.policy };
  const ref = await openTestCase(driver);
  const started = Date.now();
  const accepted = await act(driver, ref, { type: 'accept' }, caseworker());
  // Well within the 30 s an API request waits; before the change the Update waited for ever.
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(accepted.stage).toBe('verifying');
  expect(refusals).toBe(1);
  // The read model still shows the last state it accepted; the workflow is the source of truth.
  expect((await p.prisma.case.findUnique({ where: { caseId: ref.caseId } }))?.stage).toBe('reported');
  // A further action is answered too (the refused batch stays pending, nothing is lost).
  const assigned = await act(driver, ref, { type: 'assign', assigneeId: 'cw-440104001' }, supervisor());
  expect(assigned.assigneeId).toBe('cw-440104001');
  expect(assigned.events.map((e) => e.type)).toEqual(expect.arrayContaining(['accept', 'assign']));
});
