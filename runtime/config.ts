// Process configuration from the environment (DESIGN.md §5), validated once at start so a bad value
// is reported as one line naming the variable.
import path from 'node:path';
import { z } from 'zod';
import { CASE_TASK_QUEUE } from '../workflows/definitions';
import { StartupError } from './errors';
import { parseWebhookAllowList } from './webhook-address';

const DEV_AUTH_SECRET = 'dev-only-auth-secret-change-me-0123456789';
const DEV_PII_KEY = 'ZGV2LW9ubHktcGlpLWtleS0zMi1ieXRlcy1sb25nISE='; // base64 of 32 bytes, dev only

/** Variables whose value must never appear in an error message or log line. */
const SECRET_VARIABLES = new Set(['AUTH_SECRET', 'PII_KEY', 'PII_HASH_KEY', 'DATABASE_URL', 'MIGRATION_DATABASE_URL']);

/** How to make a real value, named in the refusal of the production roles. */
const HOW_TO_GENERATE: Record<ProductionSecret, string> = {
  AUTH_SECRET: 'generate one with: openssl rand -base64 48',
  PII_KEY: 'generate one with: echo "k1:$(openssl rand -base64 32)"',
  PII_HASH_KEY:
    'generate one with: openssl rand -base64 32 (a deployment that already has data keeps its workflow ids and look-ups with the value `npm run pii -- print-hash-key` prints)',
};
type ProductionSecret = 'AUTH_SECRET' | 'PII_KEY' | 'PII_HASH_KEY';

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "12h", "30m", "90s", "1d" or plain seconds, as seconds; undefined when it is none of them. */
export function durationSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * DURATION_UNITS[match[2] ?? 's'];
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. localhost:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL, e.g. postgresql://user:pass@localhost:5432/db')
    .optional(),
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'must be a postgresql:// URL of the role that owns the tables, e.g. postgresql://owner:pass@localhost:5432/db',
    )
    .optional(),
  DATABASE_PREPARED_STATEMENTS: z.enum(['on', 'off'], { message: "must be 'on' or 'off'" }).default('on'),
  CASE_POLICY_FILE: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PII_KEY: z.string().optional(),
  PII_HASH_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  TEMPORAL_UI_ORIGIN: z
    .string()
    .regex(/^https?:\/\/[^/\s]+$/, 'must be an origin like https://temporal-ui.example.org (scheme, host, optional port; no path)')
    .optional(),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .superRefine((v, ctx) => {
      try {
        parseWebhookAllowList(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    })
    .optional(),
  TOKEN_MAX_TTL: z
    .string()
    .refine((v) => (durationSeconds(v) ?? 0) > 0, 'must be a duration such as 12h, 30m or 3600 (seconds)')
    .default('12h'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AppConfig {
  port: number;
  /** Interface the HTTP server binds to; loopback unless HOST says otherwise. */
  host: string;
  dataDir: string;
  temporalAddress?: string;
  temporalNamespace: string;
  /** Task queue of the case workflow; tests isolate themselves with their own. */
  taskQueue: string;
  /** The application's connection (API, worker): a member of relief_app, never the owner (README, Database roles). */
  databaseUrl?: string;
  /** The owner's connection for migrations, the seed and data migrations; DATABASE_URL's when unset. */
  migrationDatabaseUrl?: string;
  /**
   * Whether the application's connections keep named prepared statements on a PostgreSQL server
   * (runtime/database.ts); off behind a pooler in transaction mode that does not track them.
   */
  databasePreparedStatements: boolean;
  casePolicyFile?: string;
  authSecret: string;
  authSecretIsDevDefault: boolean;
  piiKey: string;
  piiKeyIsDevDefault: boolean;
  /**
   * Key of the look-up hash (ID numbers → persons, households and workflow ids), base64 of 32 bytes.
   * Unset (development only): derived from the oldest PII_KEY key, as before it existed.
   */
  piiHashKey: string | undefined;
  /** Longest lifetime (exp − now, and exp − iat) of a bearer token the API accepts, in seconds. */
  tokenMaxTtlSec: number;
  /** WEBHOOK_ALLOWED_HOSTS as given ('' when unset): internal hosts and networks webhooks may reach. */
  webhookAllowedHosts: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Origin of the Temporal Web UI allowed to call the codec endpoint (CORS); the embedded UI's when unset. */
  temporalUiOrigin?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    // A secret (or a URL with a password in it) is never echoed: logs and terminals are read by others.
    const shown = SECRET_VARIABLES.has(name) ? ` (value hidden, ${env[name]?.length ?? 0} characters)` : `=${JSON.stringify(env[name])}`;
    throw new StartupError(`environment variable ${name}${shown} is invalid: ${issue.message}`, 'fix or unset it');
  }
  const e = parsed.data;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new StartupError(
      'MIGRATION_DATABASE_URL is set but DATABASE_URL is not (the embedded database has no separate owner)',
      "set DATABASE_URL to the application's connection as well, or unset both to use the embedded database",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE ?? CASE_TASK_QUEUE,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'on',
    casePolicyFile: e.CASE_POLICY_FILE,
    authSecret: e.AUTH_SECRET ?? DEV_AUTH_SECRET,
    authSecretIsDevDefault: e.AUTH_SECRET === undefined,
    piiKey: e.PII_KEY ?? DEV_PII_KEY,
    piiKeyIsDevDefault: e.PII_KEY === undefined,
    piiHashKey: e.PII_HASH_KEY,
    tokenMaxTtlSec: durationSeconds(e.TOKEN_MAX_TTL)!,
    webhookAllowedHosts: e.WEBHOOK_ALLOWED_HOSTS ?? '',
    logLevel: e.LOG_LEVEL,
    temporalUiOrigin: e.TEMPORAL_UI_ORIGIN,
  };
}

/**
 * The production roles (`npm run api`, `npm run worker`) never run on the development secrets: a
 * token signed with the constant in this file would be accepted, and personal data would be
 * encrypted with a key anyone can read. Throws one line naming the variable and how to make one.
 */
export function assertProductionSecrets(config: AppConfig, role: string): void {
  const missing: ProductionSecret[] = [];
  if (config.authSecretIsDevDefault || config.authSecret === DEV_AUTH_SECRET) missing.push('AUTH_SECRET');
  if (config.piiKeyIsDevDefault || config.piiKey.split(',').some((k) => k.trim().endsWith(DEV_PII_KEY))) missing.push('PII_KEY');
  // The hash of an ID number has little to guess (a birth date and four digits): keyed by the public
  // development key, an ID number came back from a workflow id in 43 s. Its own key, never a default.
  if (config.piiHashKey === undefined) missing.push('PII_HASH_KEY');
  const name = missing[0];
  if (name === undefined) return;
  throw new StartupError(
    `npm run ${role} needs a real ${name} (unset, or the development value) and will not start on development secrets`,
    `${HOW_TO_GENERATE[name]}, and give every API and worker process the same value`,
  );
}
