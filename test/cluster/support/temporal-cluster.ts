// A real Temporal cluster for the cluster tests: the server built from its Go module
// (scripts/build-temporal-server.sh) as N processes on loopback, each running frontend, history,
// matching and worker, with PostgreSQL persistence and visibility in two databases of the test's own.
// The nodes find each other through the membership table of the shared persistence (ringpop), so a
// node can be SIGKILLed and restarted on the same ports while the others keep serving.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { dropDatabase } from '../../../runtime/database';

const run = promisify(execFile);

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const BUILD_SCRIPT = path.join(ROOT, 'scripts', 'build-temporal-server.sh');

/** The pinned server version, read from the build script so that it is written down once. */
export function temporalServerVersion(): string {
  const match = /^TEMPORAL_SERVER_VERSION="(v[^"]+)"/m.exec(readFileSync(BUILD_SCRIPT, 'utf8'));
  if (!match) throw new Error(`no TEMPORAL_SERVER_VERSION="…" line in ${BUILD_SCRIPT}`);
  return match[1];
}

export interface TemporalServerTools {
  version: string;
  server: string;
  sqlTool: string;
  persistenceSchemaDir: string;
  visibilitySchemaDir: string;
}

export function temporalServerTools(
  toolsDir = process.env.TEMPORAL_SERVER_TOOLS_DIR ?? path.join(ROOT, '.tools', 'temporal-server'),
): TemporalServerTools {
  const version = temporalServerVersion();
  const dir = path.join(toolsDir, version);
  return {
    version,
    server: path.join(dir, 'bin', 'temporal-server'),
    sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'),
    persistenceSchemaDir: path.join(dir, 'schema', 'postgresql', 'v12', 'temporal', 'versioned'),
    visibilitySchemaDir: path.join(dir, 'schema', 'postgresql', 'v12', 'visibility', 'versioned'),
  };
}

export function temporalServerBuilt(tools = temporalServerTools()): boolean {
  return [tools.server, tools.sqlTool, tools.persistenceSchemaDir, tools.visibilitySchemaDir].every((p) => existsSync(p));
}

export interface TemporalClusterOptions {
  /** An administrator's URL of a PostgreSQL server, e.g. postgresql://postgres:postgres@127.0.0.1:5432/postgres. */
  postgresUrl: string;
  /** Names of the two databases to create (dropped first if a crashed run left them). */
  persistenceDatabase: string;
  visibilityDatabase: string;
  nodes?: number;
  numHistoryShards?: number;
  namespace?: string;
  /** Server log level (default info: the log files are only read when something goes wrong). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Extra dynamic config keys, e.g. `{ 'system.namespaceCacheRefreshInterval': '1s' }`. */
  dynamicConfig?: Record<string, unknown>;
  /** Keep the temp directory (configs and logs) after stop(); also with TEMPORAL_CLUSTER_KEEP_LOGS=1. */
  keepLogs?: boolean;
  tools?: TemporalServerTools;
}

export interface NodePorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

export interface TemporalCluster {
  namespace: string;
  /** `127.0.0.1:<port>` of each node's frontend. */
  addresses: string[];
  ports: NodePorts[];
  dir: string;
  logFiles: string[];
  configFiles: string[];
  alive(node: number): boolean;
  pid(node: number): number | undefined;
  /** Sends the signal and waits for the process to exit. */
  kill(node: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped or killed node again on its config (same ports) and waits for its frontend. */
  restart(node: number): Promise<void>;
  /** The last lines of a node's log, for failure messages. */
  logTail(node: number, lines?: number): Promise<string>;
  /** Stops every node, drops both databases and removes the temp directory. */
  stop(): Promise<void>;
}

interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

function pgTarget(url: string): PgTarget {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
  };
}

function yamlString(value: string): string {
  return JSON.stringify(value); // a JSON string is a valid YAML double-quoted scalar
}

/** The server config of one node (shape of config/development-postgres12.yaml in the module). */
export function nodeConfigYaml(args: {
  pg: PgTarget;
  persistenceDatabase: string;
  visibilityDatabase: string;
  numHistoryShards: number;
  ports: NodePorts;
  clusterFrontend: string;
  dynamicConfigFile: string;
  logLevel: string;
}): string {
  const { pg, ports } = args;
  const store = (database: string, maxConns: number) => `      sql:
        pluginName: "postgres12"
        databaseName: ${yamlString(database)}
        connectAddr: ${yamlString(`${pg.host}:${pg.port}`)}
        connectProtocol: "tcp"
        user: ${yamlString(pg.user)}
        password: ${yamlString(pg.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpcPort: number, membershipPort: number, httpPort?: number) => `    rpc:
      grpcPort: ${grpcPort}
      membershipPort: ${membershipPort}
      bindOnLocalHost: true${httpPort ? `\n      httpPort: ${httpPort}` : ''}`;
  return `# Generated by test/cluster/support/temporal-cluster.ts: one node of a loopback cluster.
log:
  stdout: true
  level: ${args.logLevel}

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${args.numHistoryShards}
  datastores:
    postgres-default:
${store(args.persistenceDatabase, 10)}
    postgres-visibility:
${store(args.visibilityDatabase, 4)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"

services:
  frontend:
${service(ports.frontend, ports.frontendMembership, ports.frontendHttp)}
  history:
${service(ports.history, ports.historyMembership)}
  matching:
${service(ports.matching, ports.matchingMembership)}
  worker:
${service(ports.worker, ports.workerMembership)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: ${yamlString(args.clusterFrontend)}

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: ${yamlString(args.dynamicConfigFile)}
  pollInterval: "10s"
`;
}

function dynamicConfigYaml(values: Record<string, unknown>): string {
  return (
    Object.entries(values)
      .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n    constraints: {}`)
      .join('\n') + '\n'
  );
}

async function sqlTool(tools: TemporalServerTools, pg: PgTarget, database: string, args: string[]): Promise<void> {
  const common = ['--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--pl', 'postgres12', '--db', database];
  try {
    // The password goes through the environment (SQL_PASSWORD), not the command line.
    await run(tools.sqlTool, [...common, ...args], { env: { ...process.env, SQL_PASSWORD: pg.password }, timeout: 120_000 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * Free loopback ports below 32768: the server stores each node's membership port in a `smallint`
 * column (cluster_membership.rpc_port), so a port from the OS's ephemeral range (32768 and up, what
 * `listen(0)` hands out) makes the node die at start with "value is out of range for type smallint".
 * A random start within 20000–30000 keeps two runs at once apart.
 */
async function lowFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let port = 20_000 + Math.floor(Math.random() * 10_000); ports.length < count && port < 32_768; port++) {
    if (await portIsFree(port)) ports.push(port);
  }
  if (ports.length < count) throw new Error(`not ${count} free ports below 32768 on 127.0.0.1`);
  return ports;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the frontend at `address` answers GetSystemInfo (or the process exits). */
async function waitForFrontend(address: string, child: ChildProcess, timeoutMs: number, logTail: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `temporal-server for ${address} exited (${child.exitCode ?? child.signalCode}) before its frontend answered:\n${await logTail()}`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.withDeadline(Date.now() + 2_000, () => connection.workflowService.getSystemInfo({}));
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = (err as Error).message.split('\n')[0]!;
    }
    await sleep(500);
  }
  throw new Error(`the frontend at ${address} did not answer within ${timeoutMs / 1000} s (${lastError}):\n${await logTail()}`);
}

type RegisterNamespaceRequest = Parameters<Connection['workflowService']['registerNamespace']>[0];

/** Registers a namespace with a one-day retention (protobufjs encodes the plain number the generated types call Long). */
export function registerNamespaceRequest(namespace: string): RegisterNamespaceRequest {
  const retention = { seconds: 24 * 3600 } as unknown as NonNullable<RegisterNamespaceRequest['workflowExecutionRetentionPeriod']>;
  return { namespace, workflowExecutionRetentionPeriod: retention };
}

/** Registers the namespace through one frontend (already registered is fine) and waits until every frontend knows it. */
async function registerNamespace(addresses: string[], namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const connection = await Connection.connect({ address: addresses[0] });
  try {
    for (;;) {
      try {
        await connection.workflowService.registerNamespace(registerNamespaceRequest(namespace));
        break;
      } catch (err) {
        if (isGrpcServiceError(err) && Number(err.code) === 6 /* ALREADY_EXISTS */) break;
        // The cluster may still be forming (history shards not yet owned): retry.
        if (Date.now() > deadline) throw new Error(`cannot register namespace ${namespace}: ${(err as Error).message}`);
        await sleep(500);
      }
    }
  } finally {
    await connection.close();
  }
  for (const address of addresses) {
    const c = await Connection.connect({ address });
    try {
      for (;;) {
        try {
          await c.workflowService.describeNamespace({ namespace });
          break;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`namespace ${namespace} not visible at ${address}: ${(err as Error).message}`);
          await sleep(250);
        }
      }
    } finally {
      await c.close();
    }
  }
}

export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const tools = options.tools ?? temporalServerTools();
  if (!temporalServerBuilt(tools)) {
    throw new Error(
      `Temporal server ${tools.version} is not built under ${path.dirname(path.dirname(tools.server))}: run npm run temporal:build`,
    );
  }
  const nodes = options.nodes ?? 2;
  const namespace = options.namespace ?? 'default';
  const pg = pgTarget(options.postgresUrl);
  const keepLogs = options.keepLogs ?? process.env.TEMPORAL_CLUSTER_KEEP_LOGS === '1';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pa-temporal-cluster-'));
  const databases = [options.persistenceDatabase, options.visibilityDatabase];
  const children: (ChildProcess | undefined)[] = new Array(nodes).fill(undefined);
  const exits: (Promise<void> | undefined)[] = new Array(nodes).fill(undefined);

  const cleanUp = async () => {
    await Promise.all(children.map((_, i) => stopNode(i, 'SIGTERM')));
    for (const db of databases) await dropDatabase(options.postgresUrl, db).catch(() => undefined);
    if (!keepLogs) await rm(dir, { recursive: true, force: true });
  };

  async function stopNode(i: number, signal: NodeJS.Signals): Promise<void> {
    const child = children[i];
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exits[i];
    if (timer) clearTimeout(timer);
  }

  try {
    // Databases and schemas, exactly as the deploy guide does it with the sql tool.
    for (const db of databases) await dropDatabase(options.postgresUrl, db);
    await sqlTool(tools, pg, options.persistenceDatabase, ['create-database']);
    await sqlTool(tools, pg, options.visibilityDatabase, ['create-database']);
    for (const [db, schemaDir] of [
      [options.persistenceDatabase, tools.persistenceSchemaDir],
      [options.visibilityDatabase, tools.visibilitySchemaDir],
    ] as const) {
      await sqlTool(tools, pg, db, ['setup-schema', '-v', '0.0']);
      await sqlTool(tools, pg, db, ['update-schema', '-d', schemaDir]);
    }

    const all = await lowFreePorts(nodes * 9);
    const ports: NodePorts[] = Array.from({ length: nodes }, (_, i) => {
      const [
        frontend,
        frontendHttp,
        frontendMembership,
        history,
        historyMembership,
        matching,
        matchingMembership,
        worker,
        workerMembership,
      ] = all.slice(i * 9, i * 9 + 9) as [number, number, number, number, number, number, number, number, number];
      return {
        frontend,
        frontendHttp,
        frontendMembership,
        history,
        historyMembership,
        matching,
        matchingMembership,
        worker,
        workerMembership,
      };
    });
    const addresses = ports.map((p) => `127.0.0.1:${p.frontend}`);

    const dynamicConfigFile = path.join(dir, 'dynamicconfig.yaml');
    await writeFile(dynamicConfigFile, dynamicConfigYaml({ 'limit.maxIDLength': 255, ...options.dynamicConfig }));
    const configFiles = ports.map((_, i) => path.join(dir, `node-${i}.yaml`));
    const logFiles = ports.map((_, i) => path.join(dir, `node-${i}.log`));
    for (let i = 0; i < nodes; i++) {
      await writeFile(
        configFiles[i],
        nodeConfigYaml({
          pg,
          persistenceDatabase: options.persistenceDatabase,
          visibilityDatabase: options.visibilityDatabase,
          numHistoryShards: options.numHistoryShards ?? 4,
          ports: ports[i],
          clusterFrontend: addresses[0],
          dynamicConfigFile,
          logLevel: options.logLevel ?? 'info',
        }),
      );
    }

    const logTail = async (i: number, lines = 40) => {
      const text = await readFile(logFiles[i], 'utf8').catch(() => '');
      return text.trim().split('\n').slice(-lines).join('\n');
    };

    const startNode = (i: number) => {
      // Output goes straight to the log file (appended across restarts), so it survives the test process.
      const fd = openSync(logFiles[i], 'a');
      const child = spawn(tools.server, ['--config-file', configFiles[i], '--allow-no-auth', 'start'], {
        cwd: dir,
        stdio: ['ignore', fd, fd],
      });
      closeSync(fd);
      children[i] = child;
      exits[i] = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return child;
    };

    // The first node creates the cluster metadata; the others join it through the membership table.
    const first = startNode(0);
    await waitForFrontend(addresses[0], first, 120_000, () => logTail(0));
    for (let i = 1; i < nodes; i++) startNode(i);
    for (let i = 1; i < nodes; i++) await waitForFrontend(addresses[i], children[i]!, 120_000, () => logTail(i));
    await registerNamespace(addresses, namespace, 120_000);

    return {
      namespace,
      addresses,
      ports,
      dir,
      logFiles,
      configFiles,
      alive: (i) => {
        const c = children[i];
        return !!c && c.exitCode === null && c.signalCode === null;
      },
      pid: (i) => children[i]?.pid,
      kill: (i, signal = 'SIGKILL') => stopNode(i, signal),
      async restart(i) {
        await stopNode(i, 'SIGTERM');
        const child = startNode(i);
        await waitForFrontend(addresses[i], child, 120_000, () => logTail(i));
      },
      logTail,
      stop: cleanUp,
    };
  } catch (err) {
    // Keep the logs of a failed start: they are what explains it.
    await Promise.all(children.map((_, i) => stopNode(i, 'SIGKILL')));
    for (const db of databases) await dropDatabase(options.postgresUrl, db).catch(() => undefined);
    (err as Error).message += `\n(configs and logs kept in ${dir})`;
    throw err;
  }
}
