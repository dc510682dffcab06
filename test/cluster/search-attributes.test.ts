// Search attributes and namespace check against a Temporal server that starts without the case
// workflow's attributes (a CLI dev server with no --search-attribute flags), as an operator's own
// server does: the platform creates them through the operator API, once.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { StartupError } from '../../runtime/errors';
import { checkNamespace, ensureSearchAttributes, namespaceCreateCommand, searchAttributeCliCommand } from '../../runtime/search-attributes';
import { resolveTemporalCli } from '../../runtime/temporal-server';
import { CASE_SEARCH_ATTRIBUTES, CaseEscalationLevelKey, CaseStageKey, CaseStreetKey } from '../../workflows/search-attributes';
import { waitFor } from '../support/processes';
import { startBareDevServer, type BareDevServer } from './support/bare-dev-server';
import { registerNamespaceRequest } from './support/temporal-cluster';
import { clusterProbeWorkflow, finishSignal, setStageUpdate } from './workflows';

const run = promisify(execFile);

let server: BareDevServer;
let connection: Connection;

beforeAll(async () => {
  server = await startBareDevServer();
  connection = await Connection.connect({ address: server.address });
});

afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

async function thrown(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('checkNamespace', () => {
  test('accepts an existing namespace', async () => {
    await expect(checkNamespace(connection, 'default')).resolves.toBeUndefined();
  });

  test('a missing namespace stops the start with one line saying how to create it', async () => {
    const err = await thrown(checkNamespace(connection, 'no-such-namespace'));
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain('Temporal namespace no-such-namespace does not exist');
    expect(err.message).toContain('temporal operator namespace create --namespace no-such-namespace');
    console.log(`[observed] missing namespace: error: ${err.message}`);
  });

  test('the command of that line creates the namespace', async () => {
    const namespace = `created-by-hand-${randomUUID().slice(0, 8)}`;
    const [, ...argv] = namespaceCreateCommand(namespace, server.address);
    expect((await thrown(checkNamespace(connection, namespace))).message).toContain(argv.join(' '));
    await run(resolveTemporalCli()!.path, argv);
    await waitFor(() => checkNamespace(connection, namespace).then(() => true), 10_000, `namespace ${namespace}`);
  });
});

describe('ensureSearchAttributes', () => {
  test("creates the case workflow's attributes on a server that lacks them; a second call changes nothing", async () => {
    const before = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const name of Object.keys(CASE_SEARCH_ATTRIBUTES)) expect(before.customAttributes).not.toHaveProperty(name);

    const first = await ensureSearchAttributes(connection, 'default', CASE_SEARCH_ATTRIBUTES, { propagationMs: 0 });
    expect(first.added.sort()).toEqual(Object.keys(CASE_SEARCH_ATTRIBUTES).sort());
    expect(first.present).toEqual([]);

    const started = Date.now();
    const second = await ensureSearchAttributes(connection, 'default', CASE_SEARCH_ATTRIBUTES);
    expect(second.added).toEqual([]);
    expect(second.present.sort()).toEqual(Object.keys(CASE_SEARCH_ATTRIBUTES).sort());
    console.log(`[observed] second ensureSearchAttributes: no-op in ${Date.now() - started} ms`);

    const after = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(
      Object.keys(after.customAttributes)
        .filter((n) => n in CASE_SEARCH_ATTRIBUTES)
        .sort(),
    ).toEqual(Object.keys(CASE_SEARCH_ATTRIBUTES).sort());
  });

  test('a workflow can then upsert them (an update that upserts answers, describe shows the values)', async () => {
    const taskQueue = `sa-${randomUUID()}`;
    const workerConnection = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: 'default',
      taskQueue,
      workflowsPath: require.resolve('./workflows'),
    });
    const client = new Client({ connection, namespace: 'default' });
    try {
      await worker.runUntil(async () => {
        const handle = await client.workflow.start(clusterProbeWorkflow, {
          taskQueue,
          workflowId: `sa-probe-${randomUUID()}`,
          args: [{ stage: 'reported', districtCode: '440104', streetCode: '440104001' }],
        });
        await expect(handle.executeUpdate(setStageUpdate, { args: ['accepted'] })).resolves.toBe('accepted');
        const described = await handle.describe();
        expect(described.typedSearchAttributes.get(CaseStageKey)).toBe('accepted');
        expect(described.typedSearchAttributes.get(CaseStreetKey)).toBe('440104001');
        expect(described.typedSearchAttributes.get(CaseEscalationLevelKey)).toBe(0);
        await handle.signal(finishSignal);
        await expect(handle.result()).resolves.toMatchObject({ stage: 'accepted' });
      });
    } finally {
      await workerConnection.close();
    }
  });

  test('without them an update that upserts fails as issue 16 saw; after ensureSearchAttributes the same workflow recovers', async () => {
    const namespace = `unregistered-${randomUUID().slice(0, 8)}`;
    await connection.workflowService.registerNamespace(registerNamespaceRequest(namespace));
    await waitFor(() => checkNamespace(connection, namespace).then(() => true), 10_000, `namespace ${namespace}`);
    const taskQueue = `sa-${randomUUID()}`;
    const workerConnection = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({
      connection: workerConnection,
      namespace,
      taskQueue,
      workflowsPath: require.resolve('./workflows'),
    });
    const client = new Client({ connection, namespace });
    try {
      await worker.runUntil(async () => {
        const handle = await client.workflow.start(clusterProbeWorkflow, {
          taskQueue,
          workflowId: `sa-unregistered-${randomUUID()}`,
          args: [{ stage: 'reported', districtCode: '440104', streetCode: '440104001' }],
        });
        const failed = await thrown(handle.executeUpdate(setStageUpdate, { args: ['accepted'] }));
        const cause = (failed.cause as Error | undefined)?.message ?? '';
        console.log(`[observed] update before registration: ${failed.message}: ${cause.split('\n')[0]}`);
        expect(`${failed.message}: ${cause}`).toMatch(/workflow task failure|search attribute/i);

        const fixedAt = Date.now();
        await ensureSearchAttributes(connection, namespace, CASE_SEARCH_ATTRIBUTES);
        const answer = await waitFor(
          () => handle.executeUpdate(setStageUpdate, { args: ['accepted'] }),
          120_000,
          'the update after registration',
        );
        expect(answer).toBe('accepted');
        console.log(`[observed] the same workflow took the update ${((Date.now() - fixedAt) / 1000).toFixed(1)} s after registration`);
        await handle.signal(finishSignal);
        await expect(handle.result()).resolves.toMatchObject({ stage: 'accepted' });
      });
    } finally {
      await workerConnection.close();
    }
  });

  test('an existing attribute of another type is an error naming both types', async () => {
    const err = await thrown(ensureSearchAttributes(connection, 'default', { CaseStage: 'Int', CaseNewOne: 'Keyword' }));
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain('CaseStage exists as Keyword, the platform needs Int');
    // Nothing was created on the way to the error.
    const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(listed.customAttributes).not.toHaveProperty('CaseNewOne');
    console.log(`[observed] type conflict: error: ${err.message}`);
  });

  test('a system attribute name is refused', async () => {
    const err = await thrown(ensureSearchAttributes(connection, 'default', { WorkflowType: 'Keyword' }));
    expect(err.message).toContain('WorkflowType is a system search attribute');
  });

  test('the CLI command of the error line creates exactly what the platform needs', async () => {
    const namespace = `by-hand-${randomUUID().slice(0, 8)}`;
    await connection.workflowService.registerNamespace(registerNamespaceRequest(namespace));
    await checkNamespace(connection, namespace);
    const cli = resolveTemporalCli()!;
    const [, ...argv] = searchAttributeCliCommand(namespace, CASE_SEARCH_ATTRIBUTES);
    await run(cli.path, [...argv, '--address', server.address]);
    const result = await ensureSearchAttributes(connection, namespace, CASE_SEARCH_ATTRIBUTES);
    expect(result.added).toEqual([]);
    expect(result.present.sort()).toEqual(Object.keys(CASE_SEARCH_ATTRIBUTES).sort());
  });
});

describe('a server that does not allow registration (Temporal Cloud, a restricted role)', () => {
  function grpcError(code: number, details: string): Error {
    return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
  }

  function restrictedConnection(opts: { list?: Error; add?: Error }): Connection {
    return {
      options: { address: 'example.tmprl.cloud:7233' },
      operatorService: {
        listSearchAttributes: async () => {
          if (opts.list) throw opts.list;
          return { customAttributes: { CaseStage: 2 }, systemAttributes: { WorkflowType: 2 } };
        },
        addSearchAttributes: async () => {
          if (opts.add) throw opts.add;
          return {};
        },
      },
    } as unknown as Connection;
  }

  test.each([
    ['PERMISSION_DENIED', 7],
    ['UNIMPLEMENTED', 12],
  ])('%s on add: one line naming each missing attribute, its type and the commands', async (name, code) => {
    const err = await thrown(
      ensureSearchAttributes(restrictedConnection({ add: grpcError(code, 'Request unauthorized.') }), 'prod.a1b2c', CASE_SEARCH_ATTRIBUTES),
    );
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain(`(${name})`);
    // CaseStage exists already; the line names only what is missing.
    expect(err.message).toContain('CaseDistrict (Keyword), CaseStreet (Keyword), CaseUrgency (Keyword), CaseEscalationLevel (Int)');
    expect(err.message).toContain(
      'temporal operator search-attribute create --namespace prod.a1b2c --name CaseDistrict --type Keyword --name CaseStreet --type Keyword --name CaseUrgency --type Keyword --name CaseEscalationLevel --type Int',
    );
    expect(err.message).toContain('tcld namespace search-attributes add --namespace prod.a1b2c --sa CaseDistrict=Keyword');
    if (code === 7) console.log(`[observed] registration refused: error: ${err.message}`);
  });

  test('PERMISSION_DENIED on list names every attribute', async () => {
    const err = await thrown(
      ensureSearchAttributes(restrictedConnection({ list: grpcError(7, 'Request unauthorized.') }), 'prod.a1b2c', CASE_SEARCH_ATTRIBUTES),
    );
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain('CaseStage (Keyword), CaseDistrict (Keyword)');
  });

  test('nothing to add means no operator call beyond the listing', async () => {
    const conn = restrictedConnection({ add: grpcError(7, 'Request unauthorized.') });
    await expect(ensureSearchAttributes(conn, 'prod.a1b2c', { CaseStage: 'Keyword' })).resolves.toEqual({
      added: [],
      present: ['CaseStage'],
    });
  });
});
