// `npm run bench` (full sizes) and `npm run bench -- --quick` (small sizes): starts a Temporal dev
// server (SQLite file in a temp dir, WAL pragmas) and PostgreSQL (a database of its own on
// DATABASE_URL's server, else an embedded PGlite), runs the product and the bare-Temporal baseline
// side by side, prints the table and writes bench/results.json. See README.md, "## Benchmark".
//
// Options: --quick, --only=memory,history,todo,intake,actions,escalation,scale,workbench,discovery,exports, --out=<file>.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTemporalCli } from '../runtime/temporal-server';
import { renderTable } from './report';
import { actionsScenario } from './scenarios/actions';
import { discoveryScenario } from './scenarios/discovery';
import { exportsScenario } from './scenarios/exports';
import { escalationScenario } from './scenarios/escalation';
import { historyScenario } from './scenarios/history';
import { intakeScenario } from './scenarios/intake';
import { memoryScenario } from './scenarios/memory';
import { scaleScenario } from './scenarios/scale';
import { todoScenario } from './scenarios/todo';
import { workbenchScenario } from './scenarios/workbench';
import { startBenchStack, type BenchStack } from './stack';
import { stopAllWorkerProcesses } from './worker-process';
import { round } from './stats';
import { FULL_SIZES, QUICK_SIZES, type Figure, type ScenarioResult, type Sizes } from './types';

// Order matters: the per-workflow memory figure runs first on a quiet machine; the 待办 first load (todo)
// runs before intake and scale spread their cases over every street, its two streets' among them; the 10,000-case scale
// figure runs last because what it creates stays (cached workflows, rows) until the end.
// The workbench's browser figure runs after scale, which has already spread cases over its district.
// The monitoring import (discovery) runs after scale: it adds 100,000 records and their register rows.
// The ledger export (exports) runs last: it writes 110,000 rows straight into the read model (and deletes them).
const SCENARIOS = ['memory', 'history', 'todo', 'intake', 'actions', 'escalation', 'scale', 'workbench', 'discovery', 'exports'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const RUNNERS: Record<ScenarioName, (stack: BenchStack, sizes: Sizes, log: (m: string) => void) => Promise<ScenarioResult>> = {
  memory: (s, z, l) => memoryScenario(s, z.memory, l),
  history: (s, z, l) => historyScenario(s, z.history, l),
  todo: (s, z, l) => todoScenario(s, z.todo, l),
  intake: (s, z, l) => intakeScenario(s, z.intake, l),
  actions: (s, z, l) => actionsScenario(s, z.actions, l),
  escalation: (s, z, l) => escalationScenario(s, z.escalation, l),
  scale: (s, z, l) => scaleScenario(s, z.scale, l),
  workbench: (s, z, l) => workbenchScenario(s, z.workbench, l),
  discovery: (s, z, l) => discoveryScenario(s, z.discovery, l),
  exports: (s, z, l) => exportsScenario(s, z.exports, l),
};

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const only = argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',')
    .filter(Boolean);
  for (const name of only ?? []) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario ${name}; choose from ${SCENARIOS.join(', ')}`);
  }
  const out = argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? path.join(__dirname, 'results.json');
  const unknown = argv.filter((a) => a !== '--quick' && !a.startsWith('--only=') && !a.startsWith('--out='));
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')}; use --quick, --only=a,b, --out=file`);
  return { quick, scenarios: (only ?? [...SCENARIOS]) as ScenarioName[], out };
}

function tryExec(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function machineInfo() {
  const cpus = os.cpus();
  const cli = resolveTemporalCli();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    temporalCli: cli ? tryExec(cli.path, ['--version']) : null,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
    gitCommit: tryExec('git', ['-C', path.join(__dirname, '..'), 'rev-parse', '--short', 'HEAD']),
    gitDirty: (tryExec('git', ['-C', path.join(__dirname, '..'), 'status', '--porcelain']) ?? '') !== '',
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = args.quick ? QUICK_SIZES : FULL_SIZES;
  const began = Date.now();
  const log = (m: string) => console.log(`[bench ${((Date.now() - began) / 1000).toFixed(1).padStart(6)} s] ${m}`);
  const machine = machineInfo();

  let stack: BenchStack | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= stopAllWorkerProcesses().then(() => stack?.stop()));
  // Bounded: a run that overstays its budget stops everything it started and exits.
  const budgetMs = args.quick ? 5 * 60_000 : 25 * 60_000;
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${budgetMs / 60_000} min; stopping everything`);
    void stop().finally(() => process.exit(2));
  }, budgetMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}, stopping everything`);
      void stop().finally(() => process.exit(130));
    });
  }

  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  try {
    stack = await startBenchStack(log);
    log(
      `stack ready: Temporal ${stack.temporalAddress} (pid ${stack.temporalPid ?? '?'}), ${stack.database.kind} ${stack.database.url}, API ${stack.apiUrl}`,
    );
    if (stack.database.kind === 'pglite') {
      log(
        'NOTE: DATABASE_URL is not set, so the read model is the embedded PGlite (one connection, WebAssembly): database figures are not representative of PostgreSQL',
      );
    }
    for (const name of args.scenarios) {
      const t0 = Date.now();
      try {
        const result = await RUNNERS[name](stack, sizes, log);
        figures.push(...result.figures);
        details[name] = { ...result.details, seconds: round((Date.now() - t0) / 1000, 1) };
      } catch (err) {
        errors[name] = (err as Error).stack ?? String(err);
        log(`${name} FAILED: ${(err as Error).message}`);
      }
    }
  } finally {
    log('stopping everything the benchmark started');
    await stop();
    clearTimeout(watchdog);
  }

  const table = renderTable(figures);
  console.log(
    `\nBenchmark (${args.quick ? 'quick' : 'full'}), ${machine.cores} cores, node ${machine.node}, ${stack?.database.kind ?? '?'}:\n`,
  );
  console.log(table);
  const results = {
    mode: args.quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    durationSeconds: round((Date.now() - began) / 1000, 1),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)) },
    database: stack?.database.kind ?? null,
    representative: stack?.database.kind === 'postgresql',
    sizes,
    scenarios: args.scenarios,
    figures,
    details,
    errors,
  };
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), args.out)}`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
