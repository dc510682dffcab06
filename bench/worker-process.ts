// Parent side of bench/worker-child.ts: forks the child (TypeScript through tsx's loader, --expose-gc),
// talks to it over IPC, counts the SDK's "workflow task took over 5 s" warnings on its stderr instead
// of flooding the console, and always stops it (SIGKILL after a grace period).
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rssOfPid } from './stack';
import type { WorkerChildMemory, WorkerChildStart } from './worker-child';

const live = new Set<WorkerProcess>();

/** Stops every worker process still running (shutdown on Ctrl-C or the watchdog, before the servers go). */
export async function stopAllWorkerProcesses(): Promise<void> {
  await Promise.all([...live].map((w) => w.stop()));
}

export class WorkerProcess {
  private readonly proc: ChildProcess;
  private readonly exited: Promise<void>;
  /** Lines of the SDK core's TMPRL1104 warning: a workflow task that took longer than 5 s. */
  slowWorkflowTasks = 0;
  /** How the child ended, once it has (e.g. "signal SIGABRT" for an out-of-memory abort). */
  exitedWith: string | null = null;

  constructor(private readonly label: string) {
    this.proc = fork(path.join(__dirname, 'worker-child.ts'), [], {
      // tsx's loader (CommonJS and ES module hooks) runs the TypeScript child like `npm run bench`.
      execArgv: ['--expose-gc', '--import', pathToFileURL(require.resolve('tsx')).href],
      // The SDK core logs to stdout and stderr; both are filtered (see below).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    live.add(this);
    this.exited = new Promise((resolve) =>
      this.proc.once('exit', (code, signal) => {
        this.exitedWith = signal ? `signal ${signal}` : `code ${code}`;
        live.delete(this);
        resolve();
      }),
    );
    for (const stream of [this.proc.stdout!, this.proc.stderr!]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (line.includes('TMPRL1104')) this.slowWorkflowTasks++;
          else if (line.trim()) process.stderr.write(`[${this.label}] ${line}\n`);
        }
      });
    }
  }

  get pid(): number | null {
    return this.proc.pid ?? null;
  }

  /** VmRSS of the child from /proc (includes the workflow worker thread). */
  rss(): number | null {
    return rssOfPid(this.pid);
  }

  request<T>(message: unknown, expect: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string; message?: string }) => {
        if (m.type === expect) finish(null, m as T);
        else if (m.type === 'error') finish(new Error(`${this.label} failed: ${m.message}`));
      };
      const onExit = (code: number | null) => finish(new Error(`${this.label} exited (${code}) before ${expect}`));
      const timer = setTimeout(() => finish(new Error(`${this.label}: no ${expect} within ${timeoutMs} ms`)), timeoutMs);
      const finish = (err: Error | null, value?: T) => {
        clearTimeout(timer);
        this.proc.off('message', onMessage);
        this.proc.off('exit', onExit);
        if (err) reject(err);
        else resolve(value as T);
      };
      this.proc.on('message', onMessage);
      this.proc.once('exit', onExit);
      this.proc.send(message as object);
    });
  }

  start(options: Omit<WorkerChildStart, 'type'>): Promise<void> {
    return this.request({ type: 'start', ...options }, 'ready', 120_000);
  }

  measure(gc = true): Promise<WorkerChildMemory> {
    return this.request({ type: 'measure', gc }, 'memory', 120_000);
  }

  async snapshot(file: string): Promise<string> {
    return (await this.request<{ file: string }>({ type: 'snapshot', file }, 'snapshot', 600_000)).file;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    if (this.proc.connected) this.proc.send({ type: 'stop' });
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}
