// Finds a Temporal CLI and runs its dev server when TEMPORAL_ADDRESS is unset, with its SQLite file
// under DATA_DIR so cases and their timers survive a restart. Resolution order (issue #2):
// TEMPORAL_CLI_PATH → `temporal` on PATH → the copy `npm install` puts in .tools/ → the SDK's download.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from './database';
import { StartupError } from './errors';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const LOCAL_TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'temporal', 'bin');

export interface TemporalServerHandle {
  address: string;
  namespace: string;
  uiUrl: string | null;
  /** How the CLI was found, for the start banner. */
  source: string;
  stop(): Promise<void>;
}

function onPath(binary: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Where the CLI is, or null when only the SDK's download remains. */
export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): { path: string; source: string } | null {
  if (env.TEMPORAL_CLI_PATH) {
    if (!existsSync(env.TEMPORAL_CLI_PATH)) {
      throw new StartupError(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} does not exist`, 'point it at a temporal CLI binary or unset it');
    }
    return { path: env.TEMPORAL_CLI_PATH, source: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const local = path.join(LOCAL_TOOLS_BIN, 'temporal');
  if (existsSync(local)) return { path: local, source: '.tools (npm install)' };
  return null;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number, stderrTail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new StartupError(`the Temporal dev server exited with code ${child.exitCode}: ${stderrTail()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new StartupError(`the Temporal dev server did not open port ${port} within ${timeoutMs / 1000}s`);
}

export interface StartTemporalOptions {
  /** SQLite file; null keeps everything in memory (tests). */
  dbFile: string | null;
  namespace: string;
  ui?: boolean;
  port?: number;
  /** Custom search attributes to register (name → Temporal type), e.g. the case workflow's. */
  searchAttributes: Readonly<Record<string, string>>;
}

export async function startTemporalDevServer(opts: StartTemporalOptions): Promise<TemporalServerHandle> {
  const cli = resolveTemporalCli();
  const searchAttributes = Object.entries(opts.searchAttributes).map(([name, type]) => ({ name, type }));
  if (!cli) return startWithSdkDownload(opts, searchAttributes);

  if (opts.dbFile) await mkdir(path.dirname(opts.dbFile), { recursive: true });
  const port = opts.port ?? (await freePort());
  const uiPort = opts.ui ? await freePort() : null;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  args.push(uiPort ? '--ui-port' : '--headless', ...(uiPort ? [String(uiPort)] : []));
  if (opts.dbFile) {
    // WAL + synchronous=normal: the dev server's single SQLite connection is otherwise the bottleneck.
    args.push('--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  if (opts.namespace !== 'default') args.push('--namespace', opts.namespace);
  for (const { name, type } of searchAttributes) args.push('--search-attribute', `${name}=${type}`);

  const child = spawn(cli.path, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(
        new StartupError(
          `cannot run the Temporal CLI at ${cli.path}: ${err.message}`,
          'reinstall with npm install or set TEMPORAL_CLI_PATH',
        ),
      ),
    ),
  );
  const tail = () => stderr.trim().split('\n').slice(-1)[0] ?? '';
  await Promise.race([waitForPort(port, child, 60_000, tail), spawnError]);
  const address = `127.0.0.1:${port}`;
  await waitForNamespace(address, opts.namespace);

  return {
    address,
    namespace: opts.namespace,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : null,
    source: cli.source,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The front end opens its port before the namespace is registered; wait until it answers. */
async function waitForNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new StartupError(`namespace ${namespace} did not appear on the Temporal dev server: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await connection.close();
  }
}

async function startWithSdkDownload(
  opts: StartTemporalOptions,
  searchAttributes: { name: string; type: string }[],
): Promise<TemporalServerHandle> {
  // Last resort, for machines with internet: the SDK downloads the CLI itself.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        namespace: opts.namespace,
        dbFilename: opts.dbFile ?? undefined,
        ui: opts.ui ?? false,
        extraArgs: searchAttributes.flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]),
      },
    });
    return {
      address: env.address,
      namespace: opts.namespace,
      uiUrl: null,
      source: 'SDK download',
      stop: () => env.teardown(),
    };
  } catch (err) {
    throw new StartupError(
      `no Temporal CLI found and the SDK could not download one (${(err as Error).message.split('\n')[0]})`,
      'run npm install (it installs one with pip), put `temporal` on PATH, or set TEMPORAL_CLI_PATH',
    );
  }
}

/** Connects to an existing cluster, failing with one line if it cannot be reached. */
export async function connectTemporal(address: string): Promise<Connection> {
  try {
    return await Connection.connect({ address, connectTimeout: 5000 });
  } catch (err) {
    throw new StartupError(
      `cannot reach Temporal at ${address}: ${(err as Error).message.split('\n')[0]}`,
      'check TEMPORAL_ADDRESS and that the server is running, or unset it to start a local dev server',
    );
  }
}
