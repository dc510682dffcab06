// The API's one error type (AppError) and the mapping of anything thrown to an RFC 9457 problem-details
// answer: validation issues to field errors, workflow rejections to 403/404/409/422, unreachable
// database or Temporal to 503, and everything unknown to a 500 that reveals nothing but the request id.
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { z } from 'zod';

export interface FieldError {
  /** Dotted path into the request body or query, e.g. `subject.idNumber` or `signals.3.channel`. */
  path: string;
  message: string;
}

export interface AppErrorOptions {
  errors?: FieldError[];
  /** When set, the denial is written to the access audit with this reason (no personal data). */
  audit?: string;
  headers?: Record<string, string>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly errors?: FieldError[];
  readonly audit?: string;
  readonly headers?: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.errors = options.errors;
    this.audit = options.audit;
    this.headers = options.headers;
  }
}

export function validationError(errors: FieldError[], detail = 'the request has invalid fields'): AppError {
  return new AppError(422, 'VALIDATION_FAILED', detail, { errors });
}

// ---------------------------------------------------------------------------------------------
// Problem details
// ---------------------------------------------------------------------------------------------

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors: FieldError[];
}

export interface Problem {
  status: number;
  body: ProblemBody;
  headers: Record<string, string>;
  /** How loudly the server should log it: client mistakes are routine, outages warn, bugs are errors. */
  logLevel: 'debug' | 'warn' | 'error';
  /** Set for access denials that must be written to the access audit. */
  audit?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A stable, documented problem type per code (relative URI, resolved against the API's base). */
export function problemType(code: string): string {
  return `/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

function problem(status: number, code: string, detail: string, requestId: string, extra: Partial<Problem> = {}, errors: FieldError[] = []): Problem {
  return {
    status,
    body: { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code, requestId, errors },
    headers: extra.headers ?? {},
    logLevel: extra.logLevel ?? (status >= 500 ? 'error' : 'debug'),
    audit: extra.audit,
  };
}

/** Maps anything thrown while handling a request to the answer the client gets. */
export function toProblem(err: unknown, requestId: string): Problem {
  if (err instanceof AppError) {
    return problem(err.status, err.code, err.detail, requestId, { headers: err.headers, audit: err.audit }, err.errors ?? []);
  }
  const bodyParser = bodyParserProblem(err, requestId);
  if (bodyParser) return bodyParser;
  const unreadable = unreadableRequestProblem(err, requestId);
  if (unreadable) return unreadable;

  const failure = applicationFailureOf(err);
  if (failure) {
    const mapped = domainFailureToAppError(failure.type, failure.message);
    return toProblem(mapped, requestId);
  }
  const outage = unavailableDependency(err);
  if (outage) {
    return problem(503, 'SERVICE_UNAVAILABLE', outage.detail, requestId, { headers: { 'Retry-After': '5' }, logLevel: 'warn' });
  }
  return problem(
    500,
    'INTERNAL_ERROR',
    `an unexpected error occurred; quote request id ${requestId} when reporting it`,
    requestId,
  );
}

function bodyParserProblem(err: unknown, requestId: string): Problem | null {
  if (typeof err !== 'object' || err === null || !('type' in err)) return null;
  const type = (err as { type?: unknown }).type;
  switch (type) {
    case 'entity.parse.failed':
      return problem(400, 'MALFORMED_JSON', 'the request body is not valid JSON (or not a JSON object/array)', requestId);
    case 'entity.too.large':
      return problem(413, 'BODY_TOO_LARGE', 'the request body is larger than the 1 MB limit', requestId);
    case 'charset.unsupported':
      return problem(415, 'UNSUPPORTED_CHARSET', 'the request body must be UTF-8 encoded JSON', requestId);
    case 'encoding.unsupported':
      return problem(415, 'UNSUPPORTED_ENCODING', 'the request body content encoding is not supported; send identity, gzip or deflate', requestId);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return problem(400, 'BAD_REQUEST', 'the request body could not be read', requestId);
    default:
      return null;
  }
}

/**
 * Any other client error raised by Express or body-parser before a handler runs (http-errors with a
 * 4xx status): a path parameter with broken percent-encoding, a corrupt gzip or deflate body. Their
 * messages may quote the request, so the answer is generic.
 */
function unreadableRequestProblem(err: unknown, requestId: string): Problem | null {
  if (typeof err !== 'object' || err === null) return null;
  const { status, statusCode, expose } = err as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499 || expose === false) return null;
  if (code === 400) {
    return problem(400, 'BAD_REQUEST', 'the request could not be read: its path or body is not correctly encoded (percent-encoding, compression)', requestId);
  }
  const title = TITLES[code] ?? 'Client Error';
  return problem(code, title.toUpperCase().replace(/\W+/g, '_'), `the request was refused: ${title.toLowerCase()}`, requestId);
}

// ---------------------------------------------------------------------------------------------
// Workflow rejections
// ---------------------------------------------------------------------------------------------

/** Domain codes (domain/errors.ts, workflow validators) that are not a plain 409 conflict. */
const DOMAIN_STATUS: Record<string, number> = {
  ROLE_NOT_ALLOWED: 403,
  INVALID_ACTION: 422,
  UNKNOWN_STREET: 422,
  CASE_MISMATCH: 404,
  OUT_OF_SCOPE: 404,
};

/**
 * A workflow's ApplicationFailure (type = domain code, message = the reason) as an HTTP error. Any
 * domain code not listed is a conflict with the case's current state: 409 with the workflow's reason.
 */
export function domainFailureToAppError(type: string, message: string): AppError {
  const status = DOMAIN_STATUS[type] ?? 409;
  if (type === 'UNKNOWN_STREET') {
    return new AppError(422, type, message, { errors: [{ path: 'toStreetCode', message }] });
  }
  if (type === 'CASE_MISMATCH' || type === 'OUT_OF_SCOPE') {
    // Same answer as an unknown case: the caller must not learn which cases exist elsewhere.
    return new AppError(404, 'CASE_NOT_FOUND', 'no such case');
  }
  if (status === 403) return new AppError(403, type, message, { audit: `${type}: ${message}` });
  // Approving above one's tier stays a 409 (DESIGN.md §5) but is an authority check like a role
  // refusal, so it is audited too.
  if (type === 'APPROVAL_TIER_EXCEEDED') return new AppError(409, type, message, { audit: `${type}: ${message}` });
  return new AppError(status, type, message);
}

/** The ApplicationFailure behind a Temporal error (update failure, workflow failure), if any. */
export function applicationFailureOf(err: unknown): { type: string; message: string } | null {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof ApplicationFailure) {
      return { type: current.type ?? 'APPLICATION_FAILURE', message: current.message };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Outages
// ---------------------------------------------------------------------------------------------

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/** Prisma: can't reach server, timeout, closed connection, pool timeout. */
const PRISMA_OUTAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver-adapter error kinds that mean "no database right now" rather than a bad query. */
const ADAPTER_OUTAGE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
/** gRPC: UNAVAILABLE, DEADLINE_EXCEEDED. */
const GRPC_OUTAGE_CODES = new Set([14, 4]);

/**
 * Recognises "a dependency is down" so the client gets 503 (retry later) instead of 500 (bug).
 * Walks the cause chain because Prisma, pg and the Temporal client each wrap the socket error.
 */
export function unavailableDependency(err: unknown): { dependency: 'database' | 'temporal'; detail: string } | null {
  const db = { dependency: 'database' as const, detail: 'the database is unreachable; retry shortly' };
  const temporal = { dependency: 'temporal' as const, detail: 'the workflow service (Temporal) is unreachable; retry shortly' };
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return { dependency: 'temporal', detail: 'the workflow service (Temporal) did not answer in time; retry shortly' };
  }
  let current: unknown = err;
  let fromTemporal = false;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    const e = current as { name?: unknown; code?: unknown; meta?: unknown; message?: unknown; cause?: unknown; constructor?: { name?: string } };
    const ctor = e.constructor?.name ?? '';
    if (current instanceof ServiceError) fromTemporal = true;
    if (ctor === 'PrismaClientInitializationError') return db;
    if (typeof e.code === 'string' && PRISMA_OUTAGE_CODES.has(e.code)) return db;
    const kind = (e.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError?.cause?.kind;
    if (kind && ADAPTER_OUTAGE_KINDS.has(kind)) return db;
    if (typeof e.message === 'string' && /Can't reach database server|Connection terminated|timeout exceeded when trying to connect/.test(e.message)) {
      return fromTemporal ? temporal : db;
    }
    // pg SQLSTATE: class 08 connection exceptions, 57P01-03 server shutting down, 53300 too many connections.
    if (typeof e.code === 'string' && /^(08...|57P0[1-3]|53300)$/.test(e.code)) return db;
    if (typeof e.code === 'number' && GRPC_OUTAGE_CODES.has(e.code) && ('details' in e || 'metadata' in e || fromTemporal)) return temporal;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return fromTemporal ? temporal : db;
    current = e.cause;
  }
  return null;
}

/** Temporal has no workflow to talk to (never started, or already completed). */
export function isWorkflowGone(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError) return true;
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    if (current instanceof WorkflowNotFoundError) return true;
    const message = (current as { message?: unknown; details?: unknown }).details ?? (current as { message?: unknown }).message;
    if (typeof message === 'string' && /workflow execution already completed|workflow not found/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Validation messages
// ---------------------------------------------------------------------------------------------

function joinPath(parts: readonly PropertyKey[]): string {
  return parts.map(String).join('.');
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** zod issues as `{path, message}` with messages written for a caseworker's client, not a developer. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: joinPath([...path, key]), message: 'is not a known field; remove it' });
        break;
      case 'invalid_type':
        out.push({
          path: joinPath(path),
          message: /received undefined$/.test(issue.message) ? 'is required' : `must be ${article(String(issue.expected))}`,
        });
        break;
      case 'invalid_value':
        out.push({
          path: joinPath(path),
          message: issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of: ${issue.values.map(String).join(', ')}`,
        });
        break;
      case 'invalid_union': {
        const options = (issue as { options?: unknown[] }).options;
        if (Array.isArray(options) && options.length > 0) {
          out.push({ path: joinPath(path), message: `must be one of: ${options.map(String).join(', ')}` });
        } else {
          out.push({ path: joinPath(path), message: issue.message });
        }
        break;
      }
      case 'too_small':
        out.push({ path: joinPath(path), message: sizeMessage('small', issue.origin, Number(issue.minimum), issue.inclusive ?? true) });
        break;
      case 'too_big':
        out.push({ path: joinPath(path), message: sizeMessage('big', issue.origin, Number(issue.maximum), issue.inclusive ?? true) });
        break;
      case 'invalid_format':
        out.push({ path: joinPath(path), message: formatMessage(issue) });
        break;
      case 'not_multiple_of':
        out.push({
          path: joinPath(path),
          message: Number(issue.divisor) === 0.01 ? 'must have at most 2 decimal places' : `must be a multiple of ${String(issue.divisor)}`,
        });
        break;
      default:
        out.push({ path: joinPath(path), message: issue.message });
    }
  }
  return out;
}

function sizeMessage(direction: 'small' | 'big', origin: string, limit: number, inclusive: boolean): string {
  if (origin === 'string') {
    if (direction === 'small') return limit <= 1 ? 'must not be empty' : `must be at least ${limit} characters`;
    return `must be at most ${limit} characters`;
  }
  if (origin === 'array' || origin === 'set') {
    if (direction === 'small') return `must contain at least ${limit} item${limit === 1 ? '' : 's'}`;
    return `must contain at most ${limit} item${limit === 1 ? '' : 's'}`;
  }
  if (direction === 'small') return inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
  return inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

function formatMessage(issue: z.core.$ZodIssueInvalidStringFormat): string {
  switch (issue.format) {
    case 'datetime':
      return 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-29T09:30:00+08:00';
    case 'regex':
      return issue.message.startsWith('Invalid string') ? `must match ${String(issue.pattern)}` : issue.message;
    default:
      return issue.message.startsWith('Invalid') ? `must be a valid ${issue.format}` : issue.message;
  }
}
