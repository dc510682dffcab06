// Small statistics and concurrency helpers for the benchmark (no dependencies).

/** The q-quantile (0..1) of `values` by linear interpolation; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  return {
    n: values.length,
    p50: round(quantile(values, 0.5)),
    p95: round(quantile(values, 0.95)),
    p99: round(quantile(values, 0.99)),
    max: round(values.length ? Math.max(...values) : Number.NaN),
    mean: round(values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN),
  };
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; returns each task's
 * latency in ms (in completion order) and the wall time. The first failure stops new tasks and is
 * rethrown after the in-flight ones settle.
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  let failure: unknown = null;
  const started = performance.now();
  async function lane(): Promise<void> {
    while (failure === null) {
      const i = next++;
      if (i >= count) return;
      const t0 = performance.now();
      try {
        await task(i);
      } catch (err) {
        failure ??= err;
        return;
      }
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
  if (failure !== null) throw failure instanceof Error ? failure : new Error('a pool task failed with a non-Error value');
  return { latencies, elapsedMs: performance.now() - started };
}

/** Bytes to MiB, two decimals. */
export const mib = (bytes: number) => round(bytes / 1024 / 1024);
