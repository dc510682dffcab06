// Figure: the ledgers stream (DESIGN.md §12). `rows` cases (each with its person, name and ID number
// encrypted as the platform stores them) are written straight into the read model of one district, a
// tenth as many into another; a district officer then downloads the case ledger of each as CSV and as
// XLSX through the HTTP API while this process's memory is sampled. Constant memory means the peak growth
// of the large export is about that of the small one (ratio ≈ 1), not ten times it. Also the rows per
// second of each format. The rows are deleted afterwards.
import { performance } from 'node:perf_hooks';
import type { BenchStack } from '../stack';
import { mib, round } from '../stats';
import { ratioOf, type Log, type ScenarioResult, type Sizes } from '../types';

const LARGE = { districtCode: '440111', streetCode: '440111001' };
const SMALL = { districtCode: '440112', streetCode: '440112001' };

async function seed(stack: BenchStack, where: { districtCode: string; streetCode: string }, count: number, tag: string): Promise<void> {
  const nameEnc = stack.pii.encrypt('基准测试');
  const idEnc = stack.pii.encrypt('440111196001011234');
  await stack.prisma.$executeRaw`
    INSERT INTO persons (id, "idNumberEnc", "nameEnc", "streetCode", "updatedAt")
    SELECT 'p-bx-' || ${tag} || '-' || g, ${idEnc}, ${nameEnc}, ${where.streetCode}, now() FROM generate_series(1, ${count}::int) g`;
  await stack.prisma.$executeRaw`
    INSERT INTO cases ("caseId", "workflowId", "personId", stage, urgency, "districtCode", "streetCode", "policyVersion", "openedAt", version, view, snapshot, "updatedAt")
    SELECT 'c-bx-' || ${tag} || '-' || g, 'case-bx-' || ${tag} || '-' || g, 'p-bx-' || ${tag} || '-' || g, 'verifying', 'normal',
           ${where.districtCode}, ${where.streetCode}, 'bench', now(), 1, '{"disbursedTotal": 0}'::jsonb, '{}'::jsonb, now()
    FROM generate_series(1, ${count}::int) g`;
}

async function cleanUp(stack: BenchStack): Promise<void> {
  await stack.prisma.$executeRaw`DELETE FROM cases WHERE "caseId" LIKE 'c-bx-%'`;
  await stack.prisma.$executeRaw`DELETE FROM persons WHERE id LIKE 'p-bx-%'`;
}

interface ExportRun {
  rows: number;
  bytes: number;
  seconds: number;
  /**
   * Peak memory the process (API in it) holds during the download above what it held before: heap in
   * use plus array buffers, each sample after a full garbage collection (`npm run bench` runs with
   * --expose-gc), so garbage the export leaves behind is not counted as held. RSS when gc is absent.
   */
  peakGrowthMiB: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
function held(): number {
  if (!gc) return process.memoryUsage().rss;
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Downloads a ledger `times` times in a row while sampling: the baseline downloads its tenth of the rows
 * ten times, so both sides of the ratio are sampled for about as long and as often (a maximum over
 * more samples is higher by chance alone).
 */
async function download(
  stack: BenchStack,
  token: string,
  districtCode: string,
  format: 'csv' | 'xlsx',
  rows: number,
  times = 1,
): Promise<ExportRun> {
  const before = held();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, held())), gc ? 250 : 20);
  const started = performance.now();
  try {
    let bytes = 0;
    for (let n = 0; n < times; n++) {
      const res = await fetch(`${stack.apiUrl}/api/v1/exports/cases?format=${format}&districtCode=${districtCode}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
      bytes = 0;
      const reader = res.body.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.byteLength;
      peak = Math.max(peak, held());
    }
    return { rows, bytes, seconds: round((performance.now() - started) / 1000 / times, 2), peakGrowthMiB: mib(Math.max(0, peak - before)) };
  } finally {
    clearInterval(sampler);
  }
}

export async function exportsScenario(stack: BenchStack, sizes: Sizes['exports'], log: Log): Promise<ScenarioResult> {
  await cleanUp(stack);
  // Earlier scenarios (scale's 100,000 open cases) leave cases in both districts: the ledgers hold
  // those too, so the small district is topped up to a tenth of the large one's real total.
  const casesIn = (districtCode: string) => stack.prisma.case.count({ where: { districtCode } });
  const already = { large: await casesIn(LARGE.districtCode), small: await casesIn(SMALL.districtCode) };
  const largeRows = already.large + sizes.rows;
  const smallSeed = Math.max(0, Math.round(largeRows / 10) - already.small);
  const smallRows = already.small + smallSeed;
  log(`exports: seeding ${sizes.rows} + ${smallSeed} cases (${already.large} and ${already.small} already there)`);
  await seed(stack, LARGE, sizes.rows, 'l');
  if (smallSeed > 0) await seed(stack, SMALL, smallSeed, 's');
  try {
    const large = await stack.tokenFor('district_officer', LARGE.districtCode);
    const smallToken = await stack.tokenFor('district_officer', SMALL.districtCode);
    const runs: Record<string, ExportRun> = {};
    for (const format of ['csv', 'xlsx'] as const) {
      // The small one first, so the large one cannot profit from memory the small one grew.
      runs[`${format}.small`] = await download(stack, smallToken, SMALL.districtCode, format, smallRows, 10);
      runs[`${format}.large`] = await download(stack, large, LARGE.districtCode, format, largeRows);
      log(`exports: ${format}: ${JSON.stringify(runs[`${format}.large`])}`);
    }
    const figures = (['csv', 'xlsx'] as const).flatMap((format) => {
      const l = runs[`${format}.large`];
      const s = runs[`${format}.small`];
      const growth = ratioOf(Math.max(l.peakGrowthMiB, 1), Math.max(s.peakGrowthMiB, 1));
      return [
        {
          id: `exports.${format}.memory`,
          metric: `case ledger ${format.toUpperCase()}, peak memory growth: ${largeRows} rows vs ${smallRows} rows downloaded 10 times (MiB)`,
          unit: 'MiB',
          product: l.peakGrowthMiB,
          baseline: s.peakGrowthMiB,
          ratio: growth,
          target: `constant memory: ratio < 2 for ${round(largeRows / Math.max(1, smallRows), 1)}× the rows`,
          met: growth === null ? null : growth < 2,
          note: `${gc ? 'heap and buffers held, after gc' : 'RSS (run without --expose-gc)'}; growths under 1 MiB count as 1 MiB; file of ${mib(l.bytes)} MiB`,
        },
        {
          id: `exports.${format}.rate`,
          metric: `case ledger ${format.toUpperCase()} of ${largeRows} rows (rows/s)`,
          unit: 'rows/s',
          product: round(l.rows / l.seconds, 0),
          baseline: null,
          ratio: null,
          target: '—',
          met: null,
        },
      ];
    });
    return { figures, details: { runs, rows: { large: largeRows, small: smallRows, alreadyThere: already } } };
  } finally {
    await cleanUp(stack);
  }
}
