// Process configuration from the environment (DESIGN.md §5), validated once at start so a bad value
// is reported as one line naming the variable.
import path from 'node:path';
import { z } from 'zod';
import { CASE_TASK_QUEUE } from '../workflows/definitions';
import { StartupError } from './errors';

const DEV_AUTH_SECRET = 'dev-only-auth-secret-change-me-0123456789';
const DEV_PII_KEY = 'ZGV2LW9ubHktcGlpLWtleS0zMi1ieXRlcy1sb25nISE='; // base64 of 32 bytes, dev only

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
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
  CASE_POLICY_FILE: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PII_KEY: z.string().optional(),
  TEMPORAL_UI_ORIGIN: z
    .string()
    .regex(/^https?:\/\/[^/\s]+$/, 'must be an origin like https://temporal-ui.example.org (scheme, host, optional port; no path)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AppConfig {
  port: number;
  dataDir: string;
  temporalAddress?: string;
  temporalNamespace: string;
  /** Task queue of the case workflow; tests isolate themselves with their own. */
  taskQueue: string;
  databaseUrl?: string;
  casePolicyFile?: string;
  authSecret: string;
  authSecretIsDevDefault: boolean;
  piiKey: string;
  piiKeyIsDevDefault: boolean;
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
    throw new StartupError(`environment variable ${name}=${JSON.stringify(env[name])} is invalid: ${issue.message}`, 'fix or unset it');
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE ?? CASE_TASK_QUEUE,
    databaseUrl: e.DATABASE_URL,
    casePolicyFile: e.CASE_POLICY_FILE,
    authSecret: e.AUTH_SECRET ?? DEV_AUTH_SECRET,
    authSecretIsDevDefault: e.AUTH_SECRET === undefined,
    piiKey: e.PII_KEY ?? DEV_PII_KEY,
    piiKeyIsDevDefault: e.PII_KEY === undefined,
    logLevel: e.LOG_LEVEL,
    temporalUiOrigin: e.TEMPORAL_UI_ORIGIN,
  };
}
