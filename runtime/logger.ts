// Structured JSON logs (pino). Personal data must never reach a log line: the paths below are
// redacted wherever they appear, and request bodies are never logged whole.
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'idNumber',
  '*.idNumber',
  '*.*.idNumber',
  'name',
  '*.name',
  '*.*.name',
  'phone',
  '*.phone',
  '*.*.phone',
  'address',
  '*.address',
  '*.*.address',
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
];

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'proactive-assistance' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
