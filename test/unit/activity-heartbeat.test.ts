// The heartbeat wrapper every activity runs in (activities/heartbeat.ts), in the SDK's mock activity
// context: a long run heartbeats, a short one sends nothing, results and errors pass through, and the
// heartbeats stop when the activity ends.
import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import { HEARTBEAT_EVERY_MS, heartbeating } from '../../activities/heartbeat';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function countingEnv() {
  // The expected failure below would otherwise be logged with its stack.
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  let beats = 0;
  env.on('heartbeat', () => beats++);
  return { env, beats: () => beats };
}

test('an activity that runs for a while heartbeats about once a second, and stops when it returns', async () => {
  const { env, beats } = countingEnv();
  const { slow } = heartbeating({ slow: async (ms: number) => (await sleep(ms), `slept ${ms}`) });
  await expect(env.run(slow, HEARTBEAT_EVERY_MS * 2.5)).resolves.toBe(`slept ${HEARTBEAT_EVERY_MS * 2.5}`);
  expect(beats()).toBe(2);
  await sleep(HEARTBEAT_EVERY_MS * 1.5);
  expect(beats()).toBe(2);
});

test('a short activity sends no heartbeat', async () => {
  const { env, beats } = countingEnv();
  const { quick } = heartbeating({ quick: async (a: number, b: number) => a + b });
  await expect(env.run(quick, 2, 3)).resolves.toBe(5);
  expect(beats()).toBe(0);
});

test('a failing activity rejects with its own error and stops heartbeating', async () => {
  const { env, beats } = countingEnv();
  const { failing } = heartbeating({
    failing: async () => {
      await sleep(HEARTBEAT_EVERY_MS * 1.5);
      throw new Error('database unreachable');
    },
  });
  await expect(env.run(failing)).rejects.toThrow('database unreachable');
  expect(beats()).toBe(1);
  await sleep(HEARTBEAT_EVERY_MS * 1.5);
  expect(beats()).toBe(1);
});
