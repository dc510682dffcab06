// Product and baseline batches, alternated round by round, with the CPU each side spent: the loop
// figures 1 and 2 share. Which side goes first flips every round, so drift (a warming JIT, a growing
// database) hits both alike; CPU per operation is robust against other load and says where time goes.
import { cpuSnapshot, type BenchStack } from './stack';
import { round } from './stats';
import { ratioOf, type Figure } from './types';

export type Side = 'product' | 'bare';
export type CpuTally = Record<Side, { benchMs: number; temporalMs: number; ops: number }>;

/** Runs `rounds` × (one batch per side); `afterRound` sees the round's results in the order they ran. */
export async function alternatingRounds<R>(
  stack: BenchStack,
  sizes: { rounds: number; batch: number },
  runBatch: (side: Side, count: number) => Promise<R>,
  afterRound: (round: number, results: { side: Side; result: R }[]) => void,
): Promise<CpuTally> {
  const cpu: CpuTally = { product: { benchMs: 0, temporalMs: 0, ops: 0 }, bare: { benchMs: 0, temporalMs: 0, ops: 0 } };
  for (let r = 0; r < sizes.rounds; r++) {
    const order: Side[] = r % 2 === 0 ? ['bare', 'product'] : ['product', 'bare'];
    const results: { side: Side; result: R }[] = [];
    for (const side of order) {
      const c0 = cpuSnapshot(stack);
      const result = await runBatch(side, sizes.batch);
      const c1 = cpuSnapshot(stack);
      cpu[side].benchMs += c1.benchMs - c0.benchMs;
      cpu[side].temporalMs += (c1.temporalMs ?? 0) - (c0.temporalMs ?? 0);
      cpu[side].ops += sizes.batch;
      results.push({ side, result });
    }
    afterRound(r, results);
  }
  return cpu;
}

/** A "CPU per op" row: the API + worker process (`process`) or the Temporal server (`temporal`). */
export function cpuPerOpFigure(stack: BenchStack, cpu: CpuTally, scenario: string, label: string, of: 'process' | 'temporal'): Figure {
  const key = of === 'process' ? 'benchMs' : 'temporalMs';
  const per = (side: Side) => round(cpu[side][key] / cpu[side].ops, 2);
  const known = of === 'process' || stack.temporalPids.length > 0;
  return {
    id: `${scenario}.cpuPerOp.${of}`,
    metric: `${label} CPU per op · ${of === 'process' ? 'API + worker process' : 'Temporal server'}`,
    unit: 'ms',
    product: known ? per('product') : null,
    baseline: known ? per('bare') : null,
    ratio: known ? ratioOf(per('product'), per('bare')) : null,
    target: '',
    met: null,
  };
}
