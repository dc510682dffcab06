// The product's own processes for the cluster load test, started exactly as production starts them
// (`npm run api` / `npm run worker` = scripts/start.ts --role api|worker), each a single node process
// (tsx as an import hook: the tsx CLI would run the script in a grandchild that a SIGKILL leaves behind).
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../../runtime/database';
import { ROOT } from '../../support/processes';

export interface ProductProcess {
  role: 'api' | 'worker';
  name: string;
  pid: number;
  /** The API's base URL (api role only). */
  url?: string;
  alive(): boolean;
  /** SIGKILL (nothing drained) and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful) and wait for the exit. */
  stop(): Promise<void>;
  output(): string;
}

export async function startProductProcess(
  role: 'api' | 'worker',
  name: string,
  env: Record<string, string>,
  timeoutMs = 240_000,
): Promise<ProductProcess> {
  const port = role === 'api' ? await freePort() : 0;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--role', role], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (c: Buffer) => (out = (out + c.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const dead = () => child.exitCode !== null || child.signalCode !== null;
  const signal = async (sig: NodeJS.Signals) => {
    if (!dead()) child.kill(sig);
    await exited;
  };
  const url = role === 'api' ? `http://127.0.0.1:${port}` : undefined;
  const handle: ProductProcess = {
    role,
    name,
    pid: child.pid!,
    url,
    alive: () => !dead(),
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    output: () => out,
  };
  const ready = async () => {
    if (role === 'api')
      return fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    return out.includes('proactive-assistance is running (worker)');
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (dead() || Date.now() > deadline) {
      const why = dead() ? `exited (${child.exitCode ?? child.signalCode})` : `not ready within ${timeoutMs / 1000} s`;
      await handle.kill();
      throw new Error(`${name} (${role}) ${why}\n--- ${name} output ---\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return handle;
}
