// Replays recorded histories of representative cases (test/fixtures/histories, written by
// scripts/record-histories.ts) through the current workflow code: a change that would make running
// cases non-deterministic fails here, before it ships. Guard such changes with patched().
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { requireTestEnv } from '../support/harness';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'histories');

test('every recorded case history replays without non-determinism', async () => {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.json')).sort();
  expect(files.length).toBeGreaterThanOrEqual(4);
  const histories = await Promise.all(
    files.map(async (f) => ({ workflowId: f.replace(/\.json$/, ''), history: JSON.parse(await readFile(path.join(DIR, f), 'utf8')) as unknown })),
  );
  const failures: string[] = [];
  const results = Worker.runReplayHistories({ workflowBundle: { codePath: requireTestEnv().workflowBundlePath } }, histories);
  for await (const result of results) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message.split('\n')[0]}`);
  }
  expect(failures).toEqual([]);
});
