// `npm run bench` (full sizes) and `npm run bench -- --quick` (small sizes): starts a Temporal dev
// server (SQLite file in a temp dir, WAL pragmas) and PostgreSQL (a database of its own on
// DATABASE_URL's server, else an embedded PGlite), runs the product and the bare-Temporal baseline
// side by side, prints the table and writes bench/results.json. See README.md, "## Benchmark".
//
// Options: --quick, --only=memory,history,todo,intake,actions,escalation,scale,workbench,discovery,exports, --out=<file>,
// --temporal=cluster (the real Temporal server as two nodes on DATABASE_URL's PostgreSQL, as `npm run test:cluster`
// starts it; `npm run temporal:build` first). results.json keeps one run per Temporal kind: a run replaces its own.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTemporalCli } from '../runtime/temporal-server';
import { temporalServerVersion } from '../test/cluster/support/temporal-cluster';
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
import { startBenchStack, type BenchStack, type TemporalKind } from './stack';
import { stopAllWorkerProcesses } from './worker-process';
import { round } from './stats';
import { FULL_SIZES, QUICK_SIZES, type Figure, type ScenarioResult, type Sizes } from './types';

// Order matters: the per-workflow memory figure runs first on a quiet machine; the 待办 first load (todo)
// runs before intake and scale spread their cases over every street, its two streets' among them; the 100,000-case scale
// figure runs last because what it creates stays (cached workflows, rows) until the end.
// The workbench's browser figure runs after scale, which has already spread cases over its district.
// The monitoring import (discovery) runs after scale: it adds 100,000 records and their register rows.
// The ledger export (exports) runs last: it writes 110,000 rows straight into the read model (and deletes them).
const SCENARIOS = ['memory', 'history', 'todo', 'intake', 'actions', 'escalation', 'scale', 'workbench', 'discovery', 'exports'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
const TEMPORAL_KINDS = ['dev-server', 'cluster'] as const satisfies readonly TemporalKind[];

/**
 * The runs already in `file`, by Temporal kind. A file from before the cluster runs holds one dev-server
 * run at its top level.
 */
function earlierRuns(file: string): Partial<Record<TemporalKind, unknown>> {
  if (!existsSync(file)) return {};
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { runs?: Partial<Record<TemporalKind, unknown>> };
  return parsed.runs ?? { 'dev-server': parsed };
}

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
  const temporal = argv.find((a) => a.startsWith('--temporal='))?.slice('--temporal='.length) ?? 'dev-server';
  if (!(TEMPORAL_KINDS as readonly string[]).includes(temporal)) {
    throw new Error(`unknown --temporal=${temporal}; choose from ${TEMPORAL_KINDS.join(', ')}`);
  }
  const unknown = argv.filter((a) => a !== '--quick' && !['--only=', '--out=', '--temporal='].some((o) => a.startsWith(o)));
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')}; use --quick, --only=a,b, --out=file, --temporal=cluster`);
  return { quick, scenarios: (only ?? [...SCENARIOS]) as ScenarioName[], out, temporal: temporal as TemporalKind };
}

function tryExec(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function machineInfo(temporal: TemporalKind) {
  const cpus = os.cpus();
  const cli = resolveTemporalCli();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    temporalCli: cli ? tryExec(cli.path, ['--version']) : null,
    temporalServer: temporal === 'cluster' ? temporalServerVersion() : null,
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
  const machine = machineInfo(args.temporal);

  let stack: BenchStack | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= stopAllWorkerProcesses().then(() => stack?.stop()));
  // Bounded: a run that overstays its budget stops everything it started and exits.
  // The full run's 100,000 open cases take most of it (each created, projected and run to its first task).
  const budgetMs = args.quick ? 10 * 60_000 : 150 * 60_000;
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
    stack = await startBenchStack(log, { temporal: args.temporal });
    log(
      `stack ready: Temporal ${args.temporal} ${stack.temporalAddress} (pids ${stack.temporalPids.join(', ') || '?'}), ${stack.database.kind} ${stack.database.url}, API ${stack.apiUrl}`,
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
    `\nBenchmark (${args.quick ? 'quick' : 'full'}), ${machine.cores} cores, node ${machine.node}, Temporal ${args.temporal}, ${stack?.database.kind ?? '?'}:\n`,
  );
  console.log(table);
  const results = {
    mode: args.quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    durationSeconds: round((Date.now() - began) / 1000, 1),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)) },
    temporal: args.temporal,
    database: stack?.database.kind ?? null,
    representative: stack?.database.kind === 'postgresql',
    sizes,
    scenarios: args.scenarios,
    figures,
    details,
    errors,
  };
  const runs = { ...earlierRuns(args.out), [args.temporal]: results };
  writeFileSync(args.out, `${JSON.stringify({ runs }, null, 2)}\n`);
  log(`wrote the ${args.temporal} run into ${path.relative(process.cwd(), args.out)}`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`bench: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
