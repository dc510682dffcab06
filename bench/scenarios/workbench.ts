// Figure: the workbench in a real browser (DESIGN.md §11, issue #19 point 6). The bundle the API serves
// under /app (web/dist: what a first visit downloads, raw and gzip), and the 待办 page's first load in
// Debian's Chromium for a caseworker of a street whose district holds `districtOpenCases` open cases:
// from navigation to the page being interactive (every section loaded, no skeleton left), each load
// in a fresh browser context (no HTTP cache, no service worker, empty storage), as a new device sees it.
//
// The district is Conghua (440117), whose 街口街道 is the todo scenario's busy street (its reports
// waiting are this page's first section when that scenario ran before). Its open cases are topped up
// with watch-list families (fixtures.watchListSeeder: person row, the product's own projection,
// workflow started from the built state) on a task queue no worker polls during the measurement: the
// page reads the read model, and a worker working through thousands of first workflow tasks would only
// add noise to a figure about the page.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { streetsOfDistrict } from '../../domain/jurisdictions';
import { findSeedUser } from '../../domain/seed-staff';
import { launchChromium } from '../../test/support/browser';
import { watchListSeeder } from '../fixtures';
import type { BenchStack } from '../stack';
import { median, round, runPool } from '../stats';
import type { Log, ScenarioResult, Sizes } from '../types';
import { BUSY } from './todo';

// The todo scenario's busy street, so its waiting reports fill this page's first section.
const STREET = BUSY;
const DISTRICT = STREET.slice(0, 6);
const DIST = path.join(__dirname, '..', '..', 'web', 'dist');
const INTERACTIVE_MS = 2_000;

async function openCasesIn(stack: BenchStack, districtCode: string): Promise<number> {
  return stack.prisma.case.count({ where: { districtCode, closedAt: null } });
}

/** The files a first visit to /app downloads: the page and its hashed assets (scripts and styles). */
async function bundleSize(): Promise<{ files: number; rawKiB: number; gzipKiB: number }> {
  const assets = await readdir(path.join(DIST, 'assets')).catch(() => {
    throw new Error(`workbench: ${DIST} has no assets; build the workbench first (npm run build:web)`);
  });
  const paths = ['index.html', ...assets.filter((f) => /\.(js|css)$/.test(f)).map((f) => path.join('assets', f))];
  let raw = 0;
  let gzip = 0;
  for (const p of paths) {
    const bytes = await readFile(path.join(DIST, p));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: paths.length, rawKiB: round(raw / 1024, 1), gzipKiB: round(gzip / 1024, 1) };
}

export async function workbenchScenario(stack: BenchStack, sizes: Sizes['workbench'], log: Log): Promise<ScenarioResult> {
  const bundle = await bundleSize();
  log(`workbench: bundle ${bundle.files} files, ${bundle.rawKiB} KiB (${bundle.gzipKiB} KiB gzip)`);

  const before = await openCasesIn(stack, DISTRICT);
  const missing = Math.max(0, sizes.districtOpenCases - before);
  // The streets with a seeded caseworker: a built case's steps are that caseworker's actions.
  const streets = streetsOfDistrict(DISTRICT)
    .map((s) => s.code)
    .filter((code) => findSeedUser('caseworker', code) !== undefined);
  log(`workbench: ${before} open cases in ${DISTRICT}; adding ${missing} watch-list families over its ${streets.length} streets`);
  const seed = watchListSeeder(stack, `${stack.productTaskQueue}-unpolled`, (i) => streets[i % streets.length]);
  const seeded = await runPool(missing, sizes.concurrency, async (i) => void (await seed(i)));
  const open = await openCasesIn(stack, DISTRICT);
  const waiting = await stack.prisma.case.count({ where: { streetCode: STREET, stage: 'reported' } });
  log(
    `workbench: ${open} open cases in ${DISTRICT} (${round(seeded.elapsedMs / 1000, 1)} s to add), ${waiting} reports waiting in ${STREET}`,
  );

  const token = await stack.tokenFor('caseworker', STREET);
  const browser = await launchChromium();
  const loads: number[] = [];
  try {
    // One load to warm the API (connections, the jurisdiction tree), then the measured ones.
    for (let n = 0; n <= sizes.loads; n++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      try {
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(`${stack.api.baseUrl}/app/#token=${token}`);
        // Interactive: every section has its answer (no skeleton left). A section that shows an error
        // ends the wait too, and fails the scenario: a figure of an error page would mean nothing.
        const outcome = await page.waitForFunction(
          () => {
            const todo = document.querySelector('[data-testid="todo-page"]');
            if (!todo || todo.querySelectorAll('section.todo-section').length === 0) return false;
            const error = todo.querySelector('.ant-alert-error');
            if (error) return `error: ${error.textContent ?? ''}`;
            return todo.querySelector('.ant-skeleton') === null ? 'ready' : false;
          },
          undefined,
          { timeout: 60_000, polling: 'raf' },
        );
        const state = await outcome.jsonValue();
        if (state !== 'ready') throw new Error(`workbench: the 待办 page showed an ${String(state)}`);
        const ms = performance.now() - started;
        if (n > 0) loads.push(round(ms, 1));
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const medianMs = round(median(loads), 1);
  const worstMs = Math.max(...loads);
  log(`workbench: 待办 interactive in ${medianMs} ms (median of ${loads.length}; worst ${worstMs} ms)`);
  return {
    figures: [
      {
        id: 'workbench.bundle',
        metric: `workbench bundle, first visit (${bundle.files} files: page, scripts, styles; gzip)`,
        unit: 'KiB',
        product: bundle.gzipKiB,
        baseline: null,
        ratio: null,
        target: '—',
        met: null,
        note: `${bundle.rawKiB} KiB before compression`,
      },
      {
        id: 'workbench.todoInteractive',
        metric: `待办 first load in Chromium, navigation → interactive, ${open} open cases in the district (ms, median of ${loads.length})`,
        unit: 'ms',
        product: medianMs,
        baseline: null,
        ratio: null,
        target: `≤ ${INTERACTIVE_MS} ms`,
        met: medianMs <= INTERACTIVE_MS,
        note: `a caseworker of ${STREET} with ${waiting} reports waiting; fresh browser context per load; worst ${worstMs} ms`,
      },
    ],
    details: { bundle, districtOpenCases: { before, after: open, seededSeconds: round(seeded.elapsedMs / 1000, 1) }, waiting, loads },
  };
}
