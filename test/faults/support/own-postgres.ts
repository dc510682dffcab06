// A PostgreSQL server of a fault test's own: initdb into a temporary directory, started and stopped
// with pg_ctl on a free port, so stopping it never disturbs any other test or the machine's server.
// PostgreSQL refuses to run as root; as root the tools run as the `postgres` user (runuser).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../runtime/database';

const run = promisify(execFile);

export interface OwnPostgres {
  url: string;
  port: number;
  start(): Promise<void>;
  /** `fast` disconnects clients and shuts down cleanly; `immediate` is a crash (recovery on start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  isRunning(): Promise<boolean>;
  destroy(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory (PG_BIN overrides). */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql), or set PG_BIN');
  return path.join(root, versions[0], 'bin');
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

async function pgTool(tool: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const bin = path.join(postgresBinDir(), tool);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', bin, ...args], { timeout: 60_000 }) : run(bin, args, { timeout: 60_000 });
}

export interface OwnPostgresOptions {
  /**
   * A stopped server's data directory to copy instead of running initdb (the fault tests' global
   * setup migrates and seeds one template; copying it takes a moment, migrating takes seconds).
   */
  templateDataDir?: string;
}

export async function startOwnPostgres(options: OwnPostgresOptions = {}): Promise<OwnPostgres & { dataDir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pa-fault-pg-'));
  // The postgres user must own the data directory; the socket directory sits beside it.
  await chmod(dir, 0o777);
  if (asRoot) await run('chown', ['postgres', dir]);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (options.templateDataDir) {
    await run('cp', ['-a', options.templateDataDir, dataDir]);
  } else {
    await pgTool('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--locale=C']);
  }
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;

  const handle: OwnPostgres & { dataDir: string } = {
    dataDir,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      try {
        await pgTool('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', logFile, '-w', '-t', '60', 'start']);
      } catch (err) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        throw new Error(`own PostgreSQL did not start: ${(err as Error).message}\n${log.slice(-2000)}`);
      }
    },
    async stop(mode = 'fast') {
      await pgTool('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    async isRunning() {
      try {
        await pgTool('pg_ctl', ['-D', dataDir, 'status']);
        return true;
      } catch {
        return false;
      }
    },
    async destroy() {
      if (await handle.isRunning()) await handle.stop('immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await handle.start();
  return handle;
}
