// The Temporal server built from its Go module, as two processes forming one cluster on PostgreSQL
// (persistence and visibility): search attributes registered by the platform's own function, and
// workflows that survive the SIGKILL of the node they were started through.
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ensureSearchAttributes, prepareNamespace } from '../../runtime/search-attributes';
import { CASE_SEARCH_ATTRIBUTES, CaseEscalationLevelKey, CaseStageKey } from '../../workflows/search-attributes';
import { startTemporalCluster, type TemporalCluster } from './support/temporal-cluster';
import { clusterProbeWorkflow, escalateSignal, finishSignal, setStageUpdate, stageQuery } from './workflows';

const tag = `${Date.now().toString(36)}_${process.pid}`;
let cluster: TemporalCluster;

function observe(what: string, value: unknown): void {
  console.log(`[observed] ${what}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/** Retries `fn` until it succeeds: right after a node dies, calls routed to its shards fail until the ring moves them. */
async function eventually<T>(what: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: still failing after ${timeoutMs / 1000} s: ${(last as Error).message}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  const started = Date.now();
  cluster = await startTemporalCluster({
    postgresUrl: process.env.DATABASE_URL!,
    persistenceDatabase: `pa_cluster_smoke_${tag}`,
    visibilityDatabase: `pa_cluster_smoke_${tag}_vis`,
    nodes: 2,
    numHistoryShards: 4,
  });
  observe(
    'cluster up (schemas, 2 nodes, namespace)',
    `${((Date.now() - started) / 1000).toFixed(1)} s, frontends ${cluster.addresses.join(', ')}`,
  );
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
});

test('a workflow started through node 1 is signalled, queried, updated and completed through node 2 after node 1 is SIGKILLed; node 1 comes back', async () => {
  const [node1, node2] = cluster.addresses as [string, string];
  const taskQueue = `cluster-smoke-${randomUUID()}`;

  // The platform's registration, through node 1; node 2's frontend lists them too (shared visibility).
  const c1 = await Connection.connect({ address: node1 });
  const registered = await prepareNamespace(c1, 'default', CASE_SEARCH_ATTRIBUTES);
  expect(registered.added.sort()).toEqual(Object.keys(CASE_SEARCH_ATTRIBUTES).sort());
  const c2 = await Connection.connect({ address: node2 });
  const again = await ensureSearchAttributes(c2, 'default', CASE_SEARCH_ATTRIBUTES);
  expect(again).toEqual({ added: [], present: expect.arrayContaining(Object.keys(CASE_SEARCH_ATTRIBUTES)) });
  observe('search attributes', { addedThroughNode1: registered.added, presentThroughNode2: again.present.length });

  // The worker polls through node 2, which stays up; the clients change node.
  const workerConnection = await NativeConnection.connect({ address: node2 });
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
  });
  try {
    await worker.runUntil(async () => {
      // Eight workflows, so that some live on history shards that node 1 owns (4 shards over 2 nodes).
      const client1 = new Client({ connection: c1, namespace: 'default' });
      const ids = Array.from({ length: 8 }, (_, i) => `cluster-smoke-${tag}-${i}`);
      for (const workflowId of ids) {
        await client1.workflow.start(clusterProbeWorkflow, {
          taskQueue,
          workflowId,
          args: [{ stage: 'reported', districtCode: '440104', streetCode: '440104001' }],
        });
      }
      for (const id of ids) expect(await client1.workflow.getHandle(id).query(stageQuery)).toBe('reported');

      await cluster.kill(0, 'SIGKILL');
      const killedAt = Date.now();
      expect(cluster.alive(0)).toBe(false);
      await c1.close().catch(() => undefined);

      const client2 = new Client({ connection: c2, namespace: 'default' });
      const handles: WorkflowHandle<typeof clusterProbeWorkflow>[] = ids.map((id) => client2.workflow.getHandle(id));
      const firstAnswer: number[] = [];
      for (const handle of handles) {
        await eventually(`signal ${handle.workflowId} through node 2`, () => handle.signal(escalateSignal));
        firstAnswer.push(Date.now() - killedAt);
      }
      observe('after SIGKILL of node 1: signals through node 2 accepted after (ms)', firstAnswer);
      for (const handle of handles) {
        await eventually(`update ${handle.workflowId}`, () => handle.executeUpdate(setStageUpdate, { args: ['accepted'] }));
        expect(await eventually(`query ${handle.workflowId}`, () => handle.query(stageQuery))).toBe('accepted');
        await eventually(`finish ${handle.workflowId}`, () => handle.signal(finishSignal));
      }
      const results = await Promise.all(handles.map((h) => h.result()));
      for (const result of results) expect(result).toEqual({ stage: 'accepted', escalationLevel: 1, signals: 2 });
      const described = await handles[0].describe();
      expect(described.typedSearchAttributes.get(CaseStageKey)).toBe('accepted');
      expect(described.typedSearchAttributes.get(CaseEscalationLevelKey)).toBe(1);
      observe('all 8 workflows completed through node 2, s after the kill', ((Date.now() - killedAt) / 1000).toFixed(1));

      // Node 1 restarts on its ports and serves again: a new workflow through it, to completion.
      const restartStarted = Date.now();
      await cluster.restart(0);
      observe('node 1 restarted, frontend answering after (s)', ((Date.now() - restartStarted) / 1000).toFixed(1));
      const c1again = await Connection.connect({ address: node1 });
      try {
        const client1again = new Client({ connection: c1again, namespace: 'default' });
        const handle = await eventually('start through the restarted node 1', () =>
          client1again.workflow.start(clusterProbeWorkflow, {
            taskQueue,
            workflowId: `cluster-smoke-${tag}-after-restart`,
            args: [{ stage: 'reported', districtCode: '440105', streetCode: '440105001' }],
          }),
        );
        await eventually('finish through node 1', () => handle.signal(finishSignal));
        await expect(handle.result()).resolves.toEqual({ stage: 'reported', escalationLevel: 0, signals: 1 });
        // Visibility (PostgreSQL) lists every workflow of the test with its search attributes.
        const listed = await eventually('visibility lists the 9 workflows', async () => {
          const rows = [];
          for await (const wf of client1again.workflow.list({ query: `TaskQueue = '${taskQueue}' AND CaseDistrict = '440104'` }))
            rows.push(wf);
          if (rows.length !== 8) throw new Error(`listed ${rows.length}`);
          return rows;
        });
        expect(listed.every((wf) => wf.status.name === 'COMPLETED')).toBe(true);
      } finally {
        await c1again.close();
      }
    });
  } finally {
    await workerConnection.close();
    await c2.close();
  }
});
