// Replays recorded histories of representative cases (test/fixtures/histories/<set>/, written by
// `npm run record:histories`) through the current workflow code: a change that would make running
// cases non-deterministic fails here, before it ships. Guard such changes with patched(). Every set
// is replayed: the oldest stand for cases started before later changes and still running.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { requireTestEnv } from '../support/harness';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'histories');

async function recordedHistories(): Promise<{ workflowId: string; history: unknown }[]> {
  const out: { workflowId: string; history: unknown }[] = [];
  for (const set of (await readdir(DIR, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    for (const f of (await readdir(path.join(DIR, set))).filter((name) => name.endsWith('.json')).sort()) {
      out.push({
        workflowId: `${set}/${f.replace(/\.json$/, '')}`,
        history: JSON.parse(await readFile(path.join(DIR, set, f), 'utf8')) as unknown,
      });
    }
  }
  return out;
}

async function replayFailures(histories: { workflowId: string; history: unknown }[]): Promise<string[]> {
  const failures: string[] = [];
  const results = Worker.runReplayHistories({ workflowBundle: { codePath: requireTestEnv().workflowBundlePath } }, histories);
  for await (const result of results) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message.split('\n')[0]}`);
  }
  return failures;
}

test('every recorded case history replays without non-determinism', async () => {
  const histories = await recordedHistories();
  expect(histories.length).toBeGreaterThanOrEqual(4);
  expect(await replayFailures(histories)).toEqual([]);
});

test('a history the workflow code no longer produces fails the replay (the check can fail)', async () => {
  // Rename the first scheduled activity in a recorded history: the current code schedules
  // projectCase there, so the replay must report non-determinism, as it would for a workflow change
  // that reorders or replaces its commands.
  const [first] = await recordedHistories();
  const tampered = JSON.parse(JSON.stringify(first.history)) as {
    events: { activityTaskScheduledEventAttributes?: { activityType?: { name?: string } } }[];
  };
  const scheduled = tampered.events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
  scheduled!.activityTaskScheduledEventAttributes!.activityType!.name = 'notTheProjection';
  const failures = await replayFailures([{ workflowId: 'tampered', history: tampered }]);
  expect(failures).toHaveLength(1);
  expect(failures[0]).toMatch(/tampered: .*(nondetermin|does not match)/i);
});
