// The API's one error type (AppError) and the mapping of anything thrown to an RFC 9457 problem-details
// answer: validation issues to field errors, workflow rejections to 403/404/409/422, unreachable
// database or Temporal to 503, and everything unknown to a 500 that reveals nothing but the request id.
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { z } from 'zod';
import { applicationFailureOf, CaseRejection, caseRejectionOf, causeChain } from '../../clients/temporal-failures';
import { CaseErrorCode } from '../../domain/errors';

/**
 * The HTTP status of every domain and workflow rejection code. `satisfies` makes a new code in
 * domain/errors.ts fail to compile until it is given a status here.
 */
const CASE_ERROR_STATUS = {
  STAGE_NOT_ALLOWED: 409,
  ROLE_NOT_ALLOWED: 403,
  APPROVAL_TIER_EXCEEDED: 409,
  NOT_URGENT: 409,
  NO_PENDING_PROPOSAL: 409,
  PROPOSAL_PENDING: 409,
  CLOCK_ALREADY_PAUSED: 409,
  CLOCK_NOT_PAUSED: 409,
  NOTHING_TO_PAUSE: 409,
  UNKNOWN_STREET: 422,
  SAME_STREET: 409,
  NO_PENDING_REFERRAL: 409,
  INVALID_ACTION: 422,
  CASE_CLOSED: 409,
  EMERGENCY_AID_ALREADY_GRANTED: 409,
  PAUSE_TOO_LONG: 422,
  DATE_IN_FUTURE: 422,
  EMERGENCY_AID_UNSETTLED: 409,
  NOTHING_TO_SETTLE: 409,
  NO_PUBLIC_NOTICE: 409,
  DISBURSEMENT_EXCEEDS_APPROVAL: 409,
  EMERGENCY_AID_BEFORE_ACCEPTANCE: 409,
  // 403, not 409: the refusal is about who asks (any other approver of the tier may approve), as ROLE_NOT_ALLOWED is.
  SELF_APPROVAL: 403,
  // 409 like the other assistance refusals (a 404 would read as an unknown case); the field is named.
  ASSISTANCE_ITEM_NOT_FOUND: 409,
  ASSISTANCE_ITEM_REQUIRED: 409,
  ASSISTANCE_ITEM_STATUS: 409,
  ASSISTANCE_ITEM_ENDED: 409,
  DUPLICATE_ASSISTANCE: 409,
  TEMPORARY_AID_COOLDOWN: 409,
  PERIOD_NOT_OF_ITEM: 409,
  PERIOD_ALREADY_PAID: 409,
  // Out of scope and "not this person's open case" answer like an unknown case (404 CASE_NOT_FOUND).
  OUT_OF_SCOPE: 404,
  CASE_MISMATCH: 404,
  CASE_NOT_OPENED: 409,
  PERSON_HAS_OPEN_CASE: 409,
  SUBJECT_ALREADY_IDENTIFIED: 409,
  CASE_MERGED: 409,
  // The workflow refused an Update of this API as not issued now (clocks of API and worker far apart): retry later.
  UNTRUSTED_UPDATE: 503,
  // §10: about who answers (another organisation's referral), like ROLE_NOT_ALLOWED.
  REFERRAL_NOT_YOURS: 403,
  UNKNOWN_REFERRAL: 404,
  REFERRAL_ALREADY_ANSWERED: 409,
  DELIVERED_WITHOUT_COMPLETION: 400,
} as const satisfies Record<CaseErrorCode, number>;

/** Codes only the HTTP layer raises, with their status. */
const API_ERROR_STATUS = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  CALENDAR_YEAR_NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  HOUSEHOLD_NOT_FOUND: 404,
  IMPORT_NOT_FOUND: 404,
  PERSON_NOT_FOUND: 404,
  COMMITTEE_NOT_FOUND: 404,
  JURISDICTION_NOT_FOUND: 404,
  NOTIFICATION_NOT_FOUND: 404,
  ORGANISATION_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  STAFF_NOT_FOUND: 404,
  WEBHOOK_NOT_CONFIGURED: 404,
  WARNING_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CALENDAR_YEAR_EXISTS: 409,
  EMERGENCY_FUND_EXHAUSTED: 409,
  EMERGENCY_GRANT_TOO_LARGE: 409,
  IDENTITY_HAS_OPEN_CASE: 409,
  NOTIFICATION_NOT_DEAD: 409,
  ORGANISATION_ID_TAKEN: 409,
  // §10: a referral draws on a project only while it runs and has budget left.
  PROJECT_BUDGET_EXHAUSTED: 409,
  PROJECT_NOT_ACTIVE: 409,
  STAFF_ID_TAKEN: 409,
  // §8: a warning is verified once; a verified or dismissed one refuses another verification.
  WARNING_NOT_OPEN: 409,
  BATCH_TOO_LARGE: 413,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_CHARSET: 415,
  UNSUPPORTED_ENCODING: 415,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  // §10: refer-to-charity names an organisation (and project) that can take the case's referral.
  UNKNOWN_ORGANISATION: 422,
  UNKNOWN_PROJECT: 422,
  ORGANISATION_NOT_SERVING_DISTRICT: 422,
  PROJECT_NOT_OF_ORGANISATION: 422,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
export type ErrorCode = CaseErrorCode | ApiErrorCode;

const STATUS: Record<ErrorCode, number> = { ...CASE_ERROR_STATUS, ...API_ERROR_STATUS };

/** The HTTP status an error code answers with. */
function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

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
  readonly status: number;
  readonly errors?: FieldError[];
  readonly audit?: string;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = statusOf(code);
    this.errors = options.errors;
    this.audit = options.audit;
    this.headers = options.headers;
  }
}

export function validationError(errors: FieldError[], detail = 'the request has invalid fields'): AppError {
  return new AppError('VALIDATION_FAILED', detail, { errors });
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
function problemType(code: string): string {
  return `/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

function problem(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  extra: Partial<Problem> = {},
  errors: FieldError[] = [],
): Problem {
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

  const rejection = err instanceof CaseRejection ? err : caseRejectionOf(err);
  if (rejection) return toProblem(caseRejectionToAppError(rejection.code, rejection.reason), requestId);
  // A workflow refusal with a code this build does not know (a newer worker during a rolling
  // upgrade): a conflict with the case's state, with the workflow's own code and reason.
  const failure = applicationFailureOf(err);
  if (failure) return problem(409, failure.type, failure.message, requestId);
  const outage = unavailableDependency(err);
  if (outage) {
    return problem(503, 'SERVICE_UNAVAILABLE', outage.detail, requestId, { headers: { 'Retry-After': '5' }, logLevel: 'warn' });
  }
  return problem(500, 'INTERNAL_ERROR', `an unexpected error occurred; quote request id ${requestId} when reporting it`, requestId);
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
      return problem(
        415,
        'UNSUPPORTED_ENCODING',
        'the request body content encoding is not supported; send identity, gzip or deflate',
        requestId,
      );
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
    return problem(
      400,
      'BAD_REQUEST',
      'the request could not be read: its path or body is not correctly encoded (percent-encoding, compression)',
      requestId,
    );
  }
  const title = TITLES[code] ?? 'Client Error';
  return problem(code, title.toUpperCase().replace(/\W+/g, '_'), `the request was refused: ${title.toLowerCase()}`, requestId);
}

// ---------------------------------------------------------------------------------------------
// Workflow rejections
// ---------------------------------------------------------------------------------------------

/** A domain or workflow rejection as an HTTP error, with the status of CASE_ERROR_STATUS. */
/** Refusals about one field of the action: the problem names it, as a validation error would. */
const REJECTED_FIELD: Partial<Record<CaseErrorCode, string>> = {
  UNKNOWN_STREET: 'toStreetCode',
  ASSISTANCE_ITEM_NOT_FOUND: 'itemId',
  ASSISTANCE_ITEM_REQUIRED: 'itemId',
  PERIOD_NOT_OF_ITEM: 'period',
  PERIOD_ALREADY_PAID: 'period',
  TEMPORARY_AID_COOLDOWN: 'override',
};

export function caseRejectionToAppError(code: CaseErrorCode, reason: string): AppError {
  const field = REJECTED_FIELD[code];
  if (field !== undefined) return new AppError(code, reason, { errors: [{ path: field, message: reason }] });
  // Same answer as an unknown case: the caller must not learn which cases exist elsewhere.
  if (statusOf(code) === 404) return new AppError('CASE_NOT_FOUND', 'no such case');
  if (statusOf(code) === 403) return new AppError(code, reason, { audit: `${code}: ${reason}` });
  // Approving above one's tier stays a 409 (DESIGN.md §5) but is an authority check like a role
  // refusal, so it is audited too.
  if (code === CaseErrorCode.APPROVAL_TIER_EXCEEDED) return new AppError(code, reason, { audit: `${code}: ${reason}` });
  return new AppError(code, reason);
}

// ---------------------------------------------------------------------------------------------
// Outages
// ---------------------------------------------------------------------------------------------

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
/** Prisma: can't reach server, timeout, closed connection, pool timeout. */
const PRISMA_OUTAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver-adapter error kinds that mean "no database right now" rather than a bad query. */
const ADAPTER_OUTAGE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
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
  let fromTemporal = false;
  for (const current of causeChain(err)) {
    const e = current as {
      name?: unknown;
      code?: unknown;
      meta?: unknown;
      message?: unknown;
      cause?: unknown;
      constructor?: { name?: string };
    };
    const ctor = e.constructor?.name ?? '';
    if (current instanceof ServiceError) fromTemporal = true;
    if (ctor === 'PrismaClientInitializationError') return db;
    if (typeof e.code === 'string' && PRISMA_OUTAGE_CODES.has(e.code)) return db;
    const kind = (e.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError?.cause?.kind;
    if (kind && ADAPTER_OUTAGE_KINDS.has(kind)) return db;
    if (
      typeof e.message === 'string' &&
      /Can't reach database server|Connection terminated|timeout exceeded when trying to connect/.test(e.message)
    ) {
      return fromTemporal ? temporal : db;
    }
    // pg SQLSTATE: class 08 connection exceptions, 57P01-03 server shutting down, 53300 too many connections.
    if (typeof e.code === 'string' && /^(08...|57P0[1-3]|53300)$/.test(e.code)) return db;
    if (typeof e.code === 'number' && GRPC_OUTAGE_CODES.has(e.code) && ('details' in e || 'metadata' in e || fromTemporal)) return temporal;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return fromTemporal ? temporal : db;
  }
  return null;
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
          message:
            issue.values.length === 1
              ? `must be ${JSON.stringify(issue.values[0])}`
              : `must be one of: ${issue.values.map(String).join(', ')}`,
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
