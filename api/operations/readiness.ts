// Readiness: the database answers `select 1` and Temporal answers GetSystemInfo, each within a time
// limit, so a balancer stops sending traffic to an instance that could only answer 503.
import type { ApiContext } from '../http/deps';
import { pingDatabase } from '../cases/repository';

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; temporal: CheckResult };
}

async function timed(run: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const start = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([run(), timeout]);
    return { ok: true, ms: Date.now() - start };
  } catch (err) {
    // First line only: driver messages can be long and include connection details.
    const message = err instanceof Error ? (err.message.split('\n').find((l) => l.trim()) ?? 'failed') : 'failed';
    return { ok: false, ms: Date.now() - start, error: message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(ctx: ApiContext): Promise<Readiness> {
  const timeoutMs = ctx.readinessTimeoutMs ?? 2000;
  const [database, temporal] = await Promise.all([
    timed(() => pingDatabase(ctx.prisma), timeoutMs),
    // The deadline also stops the client's own retries, which would otherwise outlive the answer.
    timed(() => ctx.temporalCall(() => ctx.temporal.workflowService.getSystemInfo({}), timeoutMs), timeoutMs),
  ]);
  return { ready: database.ok && temporal.ok, checks: { database, temporal } };
}
