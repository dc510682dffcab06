// The OpenAPI 3.1 document (/openapi.json), generated from the same zod schemas the handlers parse
// with (zod 4's JSON Schema output is the 2020-12 dialect OpenAPI 3.1 uses). Named schemas become
// components; everything else is inlined.
import { z } from 'zod';
import { ACTION_TYPES } from '../domain/case-types';
import {
  caseActionBodySchema,
  caseFileSchema,
  caseListSchema,
  healthSchema,
  jurisdictionSchema,
  listCasesQuerySchema,
  problemSchema,
  readinessSchema,
  reportBodySchema,
  reportResponseSchema,
  signalBatchDocSchema,
  signalBatchResultSchema,
  MAX_SIGNALS,
} from './schemas';

type JsonObject = Record<string, unknown>;

const COMPONENTS = {
  ReportBody: reportBodySchema,
  ReportResult: reportResponseSchema,
  SignalBatch: signalBatchDocSchema,
  SignalBatchResult: signalBatchResultSchema,
  CaseList: caseListSchema,
  CaseFile: caseFileSchema,
  CaseAction: caseActionBodySchema,
  Jurisdiction: jurisdictionSchema,
  Problem: problemSchema,
  Health: healthSchema,
  Readiness: readinessSchema,
} as const;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function stripDialect(schema: JsonObject): JsonObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/** Every schema registered with an id (ours and the ones they reference), as components. */
function componentSchemas(): Record<string, JsonObject> {
  // Touch every component so its registration has run before the registry is converted.
  void COMPONENTS;
  const all = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
    io: 'input',
  }) as { schemas: Record<string, JsonObject> };
  return Object.fromEntries(Object.entries(all.schemas).map(([id, s]) => [id, stripDialect(s)]));
}

function queryParameters(schema: z.ZodObject): JsonObject[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = stripDialect(z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonObject);
    const { description, ...rest } = json;
    return { name, in: 'query', required: false, schema: rest, ...(description ? { description } : {}) };
  });
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

/** Answers every authenticated /api route can give besides its own. */
const commonProblems = {
  '401': problemResponse('missing, malformed, expired or forged bearer token'),
  '429': problemResponse('too many writes by this user; see Retry-After'),
  '503': problemResponse('the database or the workflow service is unreachable; retry later'),
};
const writeProblems = {
  '400': problemResponse('malformed JSON'),
  '413': problemResponse('body larger than 1 MB'),
  '415': problemResponse('body is not application/json'),
  '422': problemResponse('invalid fields: see `errors[].path` and `errors[].message`'),
};

const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any unique string (1–200 printable characters, e.g. a UUID). A retry with the same key and body replays the first answer and changes nothing; the same key with a different body is refused with 422 IDEMPOTENCY_KEY_REUSED.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};

const caseIdParam = { name: 'caseId', in: 'path', required: true, schema: { type: 'string' } };

function json(schemaName: string, description: string) {
  return { description, content: { 'application/json': { schema: ref(schemaName) } } };
}

let cached: JsonObject | null = null;

export function openApiDocument(): JsonObject {
  if (cached) return cached;
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Proactive-discovery social assistance API (主动发现救助平台)',
      version: '1.0.0',
      description:
        'Caseworkers and supervisors of Guangzhou street offices and civil-affairs bureaus: file discovery reports, follow each case through verification, assistance, referral and monitoring. Every request is scoped to the caller’s jurisdiction; errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'reports', description: 'Discovery reports and department signals' },
      { name: 'cases', description: 'Case lists, case files and actions' },
      { name: 'reference', description: 'Reference data' },
      { name: 'operations', description: 'Health, readiness, metrics and this document' },
    ],
    paths: {
      '/api/v1/reports': {
        post: {
          tags: ['reports'],
          operationId: 'submitReport',
          summary: 'File a discovery report',
          description:
            'Opens a case for the subject (201) or attaches the report to the person’s open case (200). Any role may report; street-scoped roles only within their street.',
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { 'application/json': { schema: ref('ReportBody') } } },
          responses: {
            '201': json('ReportResult', 'a new case was opened'),
            '200': json('ReportResult', 'attached to the person’s open case (or an idempotent replay of one)'),
            ...writeProblems,
            ...commonProblems,
            '409': problemResponse('the report conflicts with the person’s case'),
          },
        },
      },
      '/api/v1/department-signals': {
        post: {
          tags: ['reports'],
          operationId: 'submitDepartmentSignals',
          summary: `Submit up to ${MAX_SIGNALS} shared-data signals`,
          description:
            'Each signal is a report, validated and processed independently; the answer lists every item by index: created, attached or rejected (with errors). Roles: department, hotline, city_officer.',
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { 'application/json': { schema: ref('SignalBatch') } } },
          responses: {
            '200': json('SignalBatchResult', 'per-item results in input order'),
            '403': problemResponse('role may not submit department signals'),
            ...writeProblems,
            ...commonProblems,
          },
        },
      },
      '/api/v1/cases': {
        get: {
          tags: ['cases'],
          operationId: 'listCases',
          summary: 'List cases in the caller’s jurisdiction',
          description: 'Sorted by next due date (cases without a deadline last); paginate with `nextCursor`.',
          parameters: queryParameters(listCasesQuerySchema),
          responses: {
            '200': json('CaseList', 'one page of case summaries'),
            '403': problemResponse('report-only roles may not read cases'),
            '422': problemResponse('invalid filter or cursor'),
            ...commonProblems,
          },
        },
      },
      '/api/v1/cases/{caseId}': {
        get: {
          tags: ['cases'],
          operationId: 'getCase',
          summary: 'The case file',
          description: 'Stage, deadlines, escalation level, the full audit trail, escalations and the (masked) subject.',
          parameters: [caseIdParam],
          responses: {
            '200': json('CaseFile', 'the case file'),
            '403': problemResponse('report-only roles may not read cases'),
            '404': problemResponse('no such case in the caller’s jurisdiction'),
            ...commonProblems,
          },
        },
      },
      '/api/v1/cases/{caseId}/actions': {
        post: {
          tags: ['cases'],
          operationId: 'performAction',
          summary: 'Perform one action on a case',
          description: `One of: ${ACTION_TYPES.join(', ')}. Answers the updated case file. An Idempotency-Key makes a retried action happen once.`,
          parameters: [caseIdParam, idempotencyHeader],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CaseAction') } } },
          responses: {
            '200': json('CaseFile', 'the updated case file'),
            '403': problemResponse('the caller’s role may not perform this action'),
            '404': problemResponse('no such case in the caller’s jurisdiction'),
            '409': problemResponse('not allowed in the current stage or approval tier (the reason is in `detail`, the rule in `code`)'),
            ...writeProblems,
            ...commonProblems,
          },
        },
      },
      '/api/v1/jurisdictions': {
        get: {
          tags: ['reference'],
          operationId: 'getJurisdictions',
          summary: 'The city → district → street → committee tree',
          responses: { '200': json('Jurisdiction', 'the tree rooted at the city (440100)'), ...commonProblems },
        },
      },
      '/healthz': {
        get: {
          tags: ['operations'],
          operationId: 'health',
          summary: 'Liveness: the process is running',
          security: [],
          responses: { '200': json('Health', 'alive') },
        },
      },
      '/readyz': {
        get: {
          tags: ['operations'],
          operationId: 'ready',
          summary: 'Readiness: the database and Temporal both answer',
          security: [],
          responses: { '200': json('Readiness', 'ready'), '503': json('Readiness', 'a dependency did not answer within 2 s') },
        },
      },
      '/metrics': {
        get: {
          tags: ['operations'],
          operationId: 'metrics',
          summary: 'Prometheus metrics',
          security: [],
          responses: { '200': { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
      '/openapi.json': {
        get: {
          tags: ['operations'],
          operationId: 'openapi',
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/docs': {
        get: {
          tags: ['operations'],
          operationId: 'docs',
          summary: 'Interactive documentation of this API',
          security: [],
          responses: { '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 JWT with sub (user id), role and jur (jurisdiction code); `npm run token -- --role caseworker --jurisdiction 440104001`',
        },
      },
      schemas: componentSchemas(),
    },
  };
  return cached;
}
