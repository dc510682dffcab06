// What every benchmark scenario reports: rows of the printed table, plus raw details for results.json.

export interface Figure {
  /** Stable key in results.json, e.g. "intake.throughput". */
  id: string;
  /** Row label of the printed table. */
  metric: string;
  unit: string;
  product: number | null;
  baseline: number | null;
  /** product / baseline (null when there is no baseline for this figure). */
  ratio: number | null;
  /** The target as written in the issue, for the table. */
  target: string;
  /** Whether the target is met; null when the figure has no target. */
  met: boolean | null;
  /** A short remark printed under the table (e.g. a fallback that was used). */
  note?: string;
}

export interface ScenarioResult {
  figures: Figure[];
  details: Record<string, unknown>;
}

export interface Sizes {
  intake: { rounds: number; batch: number; concurrency: number };
  actions: { rounds: number; batch: number; cases: number; concurrency: number };
  escalation: {
    cases: number;
    deadlineSeconds: number;
    /**
     * The bench policy's reminderAt (fraction of the deadline). Chosen so the reminder wave ends before
     * the first deadline, as it does with any real policy (a 24 h accept deadline reminds 6 h before):
     * with the default 0.75 and a deadline of seconds, reminders of the last cases opened would fire
     * among the deadlines and double the load the figure is about.
     */
    reminderAt: number;
    concurrency: number;
    pollIntervalMs: number;
  };
  scale: { openCases: number; concurrency: number; requestsPerQuery: number; createBudgetSeconds: number; settleBudgetSeconds: number };
  history: { revisitsPerYear: number; maxHistoryEvents: number; canCheckThreshold: number };
  memory: { rounds: number; workflows: number; warmup: number; coldStarts: number };
  discovery: { records: number; cases: number; actionSamples: number; concurrency: number; budgetSeconds: number };
  exports: { rows: number };
  todo: { cases: number; rounds: number; concurrency: number };
  workbench: { districtOpenCases: number; concurrency: number; loads: number };
}

export const QUICK_SIZES: Sizes = {
  intake: { rounds: 3, batch: 32, concurrency: 16 },
  actions: { rounds: 3, batch: 30, cases: 15, concurrency: 4 },
  escalation: { cases: 100, deadlineSeconds: 15, reminderAt: 0.5, concurrency: 16, pollIntervalMs: 250 },
  scale: { openCases: 500, concurrency: 16, requestsPerQuery: 100, createBudgetSeconds: 60, settleBudgetSeconds: 30 },
  history: { revisitsPerYear: 12, maxHistoryEvents: 2_000, canCheckThreshold: 120 },
  memory: { rounds: 1, workflows: 40, warmup: 5, coldStarts: 20 },
  discovery: { records: 5_000, cases: 10, actionSamples: 40, concurrency: 2, budgetSeconds: 120 },
  exports: { rows: 5_000 },
  todo: { cases: 200, rounds: 5, concurrency: 16 },
  workbench: { districtOpenCases: 1_000, concurrency: 16, loads: 3 },
};

export const FULL_SIZES: Sizes = {
  intake: { rounds: 8, batch: 100, concurrency: 16 },
  actions: { rounds: 4, batch: 100, cases: 50, concurrency: 4 },
  escalation: { cases: 1_000, deadlineSeconds: 90, reminderAt: 0.5, concurrency: 16, pollIntervalMs: 250 },
  // 100,000 open cases (DESIGN.md §13). Budgets for this machine (2 cores): about 90 created per second, the worker as fast.
  scale: { openCases: 100_000, concurrency: 16, requestsPerQuery: 200, createBudgetSeconds: 2_700, settleBudgetSeconds: 1_500 },
  history: { revisitsPerYear: 12, maxHistoryEvents: 2_000, canCheckThreshold: 120 },
  memory: { rounds: 1, workflows: 300, warmup: 10, coldStarts: 200 },
  // Two actions in flight at once: a street's caseworkers at work while a department's file is processed.
  discovery: { records: 100_000, cases: 20, actionSamples: 200, concurrency: 2, budgetSeconds: 900 },
  exports: { rows: 100_000 },
  todo: { cases: 1_000, rounds: 20, concurrency: 16 },
  workbench: { districtOpenCases: 10_000, concurrency: 16, loads: 7 },
};

export function ratioOf(product: number | null, baseline: number | null): number | null {
  if (product === null || baseline === null || !Number.isFinite(product) || !Number.isFinite(baseline) || baseline === 0) return null;
  return Math.round((product / baseline) * 100) / 100;
}

export type Log = (message: string) => void;
