// The product on the real cluster (issue 16, DESIGN.md §13): two Temporal server processes on
// PostgreSQL behind a TCP balancer, two API and two worker processes started as production starts
// them, one PostgreSQL read model. Under a load of reports, repeated reports, actions and short
// acceptance deadlines, one Temporal node, one worker and one API process are SIGKILLed and restarted.
// Afterwards: every report has exactly one case, every audit trail is contiguous, every deadline
// escalated exactly once, no request answered 500.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { signToken } from '../../runtime/tokens';
import { makeIdNumber } from '../../domain/ids';
import { findSeedUser } from '../../domain/seed-staff';
import type { PrismaClient } from '../../generated/prisma/client';
import { createPrisma, dropDatabase, ensureAppLoginRole, ensureDatabase } from '../../runtime/database';
import { TEST_APP_ROLE } from '../support/stack';
import { prepareNamespace } from '../../runtime/search-attributes';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { testPolicy } from '../support/harness';
import { startProductProcess, type ProductProcess } from './support/product-processes';
import { startTcpBalancer, type TcpBalancer } from './support/tcp-balancer';
import { startTemporalCluster, type TemporalCluster } from './support/temporal-cluster';

const STREET = '440104001';
const PERSONS = 20;
const ACCEPT_DEADLINE_S = 30;
const tag = `${Date.now().toString(36)}_${process.pid}`;
const appDatabase = `pa_cluster_load_${tag}_app`;
const adminUrl = process.env.DATABASE_URL!;

let cluster: TemporalCluster;
let balancer: TcpBalancer;
let dir: string;
let prisma: PrismaClient;
let childEnv: Record<string, string>;
let authSecret: string;
const apis: ProductProcess[] = [];
const workers: ProductProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (since: number) => Number(((Date.now() - since) / 1000).toFixed(1));

function observe(what: string, value: unknown): void {
  console.log(`[observed] ${what}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

beforeAll(async () => {
  const started = Date.now();
  cluster = await startTemporalCluster({
    postgresUrl: adminUrl,
    persistenceDatabase: `pa_cluster_load_${tag}`,
    visibilityDatabase: `pa_cluster_load_${tag}_vis`,
  });
  balancer = await startTcpBalancer(cluster.addresses);
  // What the composition root is to do at every start against TEMPORAL_ADDRESS (not wired yet).
  const connection = await Connection.connect({ address: balancer.address });
  try {
    await prepareNamespace(connection, 'default', CASE_SEARCH_ATTRIBUTES);
  } finally {
    await connection.close();
  }

  dir = await mkdtemp(path.join(os.tmpdir(), 'pa-cluster-load-'));
  const policyFile = path.join(dir, 'policy.json');
  const clocks = { accept: `${ACCEPT_DEADLINE_S}s`, escalationWindow: '1h' };
  await writeFile(policyFile, JSON.stringify(testPolicy({ deadlines: { normal: clocks, urgent: clocks } })));
  authSecret = randomBytes(24).toString('hex');
  const ownerUrl = await ensureDatabase(adminUrl, appDatabase);
  childEnv = {
    TEMPORAL_ADDRESS: balancer.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: `cluster-load-${randomUUID()}`,
    // As in production: the application as a member of relief_app, migrations as the owner.
    DATABASE_URL: await ensureAppLoginRole(ownerUrl, TEST_APP_ROLE),
    MIGRATION_DATABASE_URL: ownerUrl,
    PII_KEY: `ck1:${randomBytes(32).toString('base64')}`,
    PII_HASH_KEY: randomBytes(32).toString('base64'),
    AUTH_SECRET: authSecret,
    CASE_POLICY_FILE: policyFile,
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
  };
  // One at a time: every start applies pending migrations, and processes starting together can time
  // out on the migration lock ("The database server was reached but timed out"). The first API
  // migrates and seeds the empty database; the others find it ready.
  apis.push(await startProductProcess('api', 'api-1', childEnv));
  apis.push(await startProductProcess('api', 'api-2', childEnv));
  workers.push(await startProductProcess('worker', 'worker-1', childEnv));
  workers.push(await startProductProcess('worker', 'worker-2', childEnv));
  prisma = createPrisma(childEnv.DATABASE_URL, { poolSize: 2 });
  observe('stack up (cluster, balancer, 2 api, 2 workers)', `${seconds(started)} s`);
}, 900_000);

afterAll(async () => {
  await Promise.all([...apis, ...workers].map((p) => p.kill()));
  await prisma?.$disconnect();
  await balancer?.close();
  await cluster?.stop();
  await dropDatabase(adminUrl, appDatabase).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const statuses = new Map<number, number>();
const fiveHundreds: string[] = [];
let dropped = 0;
let retried = 0;
let rr = 0;

/**
 * One write, as a careful client sends it: an Idempotency-Key, and on a dropped connection or a 503
 * the same request again (same key) to the next live API process.
 */
async function send(pathname: string, token: string, body: unknown, key = randomUUID()): Promise<Answer> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const live = apis.filter((a) => a.alive());
    const api = live[rr++ % Math.max(live.length, 1)];
    if (api) {
      try {
        const res = await fetch(`${api.url}${pathname}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(90_000),
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        if (res.status === 500) fiveHundreds.push(`${pathname} via ${api.name}: ${text.slice(0, 300)}`);
        if (res.status !== 503) return { status: res.status, body: parsed };
      } catch {
        dropped++;
      }
    }
    if (Date.now() > deadline) throw new Error(`${pathname}: no answer within 180 s`);
    retried++;
    await sleep(500);
  }
}

function reportBody(i: number, summary: string) {
  return {
    channel: 'grid',
    subject: { idNumber: makeIdNumber('440104', '19500101', String(100 + i)), name: '陈伯', streetCode: STREET },
    situation: { summary },
  };
}

test('two Temporal nodes, two API and two worker processes: kills under load lose nothing and duplicate nothing', async () => {
  const caseworker = await signToken(findSeedUser('caseworker', STREET)!, authSecret);
  const loadStarted = Date.now();
  const faults: Record<string, number> = {};
  const mark = (what: string) => (faults[what] = seconds(loadStarted));

  // Even persons: accepted and visited twice. Odd persons: left alone, so their acceptance deadline
  // fires. Every third person is reported twice (the second report attaches to the open case).
  const acted = (i: number) => i % 2 === 0;
  const reportedTwice = (i: number) => i % 3 === 0;
  const results = new Map<number, { reports: Answer[]; actions: Answer[] }>();

  const person = async (i: number) => {
    await sleep(i * 1_500);
    const reports: Answer[] = [await send('/api/v1/reports', caseworker, reportBody(i, 'elderly, lives alone, no income'))];
    const actions: Answer[] = [];
    const caseId = reports[0].body.caseId as string;
    if (acted(i)) {
      actions.push(await send(`/api/v1/cases/${caseId}/actions`, caseworker, { type: 'accept' }));
      for (const n of [1, 2]) {
        actions.push(
          await send(`/api/v1/cases/${caseId}/actions`, caseworker, {
            type: 'record-visit',
            visitedAt: new Date().toISOString(),
            findings: `visit ${n}`,
          }),
        );
      }
    }
    if (reportedTwice(i)) reports.push(await send('/api/v1/reports', caseworker, reportBody(i, 'neighbour reports again: no heating')));
    results.set(i, { reports, actions });
  };

  const chaos = async () => {
    await sleep(6_000);
    await cluster.kill(0, 'SIGKILL');
    mark('temporal node 1 SIGKILLed');
    await sleep(6_000);
    await workers[0].kill();
    mark('worker 1 SIGKILLed');
    await sleep(4_000);
    await cluster.restart(0);
    mark('temporal node 1 restarted');
    await sleep(4_000);
    await apis[0].kill();
    mark('api 1 SIGKILLed');
    workers[0] = await startProductProcess('worker', 'worker-1b', childEnv);
    mark('worker 1 restarted (ready)');
    apis[0] = await startProductProcess('api', 'api-1b', childEnv);
    mark('api 1 restarted (ready)');
  };

  await Promise.all([chaos(), ...Array.from({ length: PERSONS }, (_, i) => person(i))]);
  observe('load done (s)', seconds(loadStarted));
  observe('faults at (s after load start)', faults);

  // Every report answered; a second report of the same person attached to the same case.
  const caseOf = new Map<number, string>();
  for (const [i, { reports, actions }] of results) {
    expect(reports[0].status).toBe(201);
    expect(reports[0].body.created).toBe(true);
    caseOf.set(i, reports[0].body.caseId as string);
    if (reportedTwice(i)) {
      expect(reports[1].status).toBe(200);
      expect(reports[1].body).toMatchObject({ caseId: caseOf.get(i), created: false });
    }
    for (const a of actions) expect(a.status).toBe(200);
  }
  expect(results.size).toBe(PERSONS);

  // Every unaccepted case escalates once its deadline has passed (workers and nodes are back).
  const waiting = [...caseOf].filter(([i]) => !acted(i)).map(([, id]) => id);
  const escalatedBy = Date.now();
  for (;;) {
    const n = await prisma.escalation.count({ where: { caseId: { in: waiting } } });
    if (n >= waiting.length) break;
    if (Date.now() - escalatedBy > 240_000) throw new Error(`only ${n} of ${waiting.length} unaccepted cases escalated`);
    await sleep(1_000);
  }
  observe('all unaccepted cases escalated, s after the load', seconds(escalatedBy));
  await sleep(5_000); // time for a duplicate, if there were one

  const cases = await prisma.case.findMany({ select: { caseId: true, personId: true } });
  expect(cases).toHaveLength(PERSONS);
  expect(new Set(cases.map((c) => c.personId)).size).toBe(PERSONS);
  expect(new Set(cases.map((c) => c.caseId))).toEqual(new Set(caseOf.values()));

  const trails: Record<string, string[]> = {};
  for (const [i, caseId] of caseOf) {
    const trail = await prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' }, select: { seq: true, type: true } });
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, k) => k + 1));
    const types = trail.map((e) => e.type);
    trails[`${i}`] = types;
    const escalations = await prisma.escalation.count({ where: { caseId } });
    expect(types.filter((t) => t === 'reported')).toHaveLength(1);
    expect(types.filter((t) => t === 'report-attached')).toHaveLength(reportedTwice(i) ? 1 : 0);
    if (acted(i)) {
      expect(types.filter((t) => t === 'accept')).toHaveLength(1);
      expect(types.filter((t) => t === 'record-visit')).toHaveLength(2);
      // Accepted within the deadline unless the faults delayed it past 30 s: at most once either way.
      expect(escalations).toBeLessThanOrEqual(1);
    } else {
      expect(types.filter((t) => t === 'escalated')).toHaveLength(1);
      expect(escalations).toBe(1);
    }
  }
  observe('audit trails of person 0 (acted, reported twice) and 1 (waiting)', { 0: trails['0'], 1: trails['1'] });
  observe('HTTP statuses', Object.fromEntries([...statuses].sort(([a], [b]) => a - b)));
  observe('dropped connections / retries', { dropped, retried });
  observe('balancer connections per Temporal node', balancer.connections());
  expect(fiveHundreds).toEqual([]);
}, 900_000);
