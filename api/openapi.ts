// The OpenAPI 3.1 document (/openapi.json), generated from the same zod schemas the handlers parse
// with (zod 4's JSON Schema output is the 2020-12 dialect OpenAPI 3.1 uses). Named schemas become
// components; everything else is inlined.
import { z } from 'zod';
import { ACTION_TYPES } from '../domain/case-types';
import { NOTIFICATION_COMPONENTS, NOTIFICATION_TAG, notificationPaths, notificationWebhooks } from './notification-openapi';
import { caseWorkflowLinkSchema } from './dashboard-schemas';
import { escalationListSchema, escalationStreamQuerySchema, listEscalationsQuerySchema } from './escalation-schemas';
import { committeeSchema, createStaffBodySchema, designatedWorkerBodySchema, listStaffQuerySchema, staffListSchema, staffUserSchema, updateStaffBodySchema } from './staff-schemas';
import { statsQuerySchema, statsSchema } from './stats-schemas';
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
  ...NOTIFICATION_COMPONENTS,
  EscalationList: escalationListSchema,
  Stats: statsSchema,
  StaffUser: staffUserSchema,
  StaffList: staffListSchema,
  StaffCreate: createStaffBodySchema,
  StaffUpdate: updateStaffBodySchema,
  DesignatedWorkerBody: designatedWorkerBodySchema,
  Committee: committeeSchema,
  CaseWorkflowLink: caseWorkflowLinkSchema,
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
      { name: 'supervision', description: 'Escalations (list and live stream), statistics, staffing' },
      NOTIFICATION_TAG,
      { name: 'reference', description: 'Reference data' },
      { name: 'operations', description: 'Health, readiness, metrics and this document' },
    ],
    paths: {
      ...notificationPaths({ json, problemResponse, queryParameters, commonProblems, writeProblems }),
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
      '/api/v1/cases/{caseId}/workflow': {
        get: {
          tags: ['cases'],
          operationId: 'getCaseWorkflow',
          summary: 'The case’s Temporal workflow and its link in the Temporal web UI',
          parameters: [caseIdParam],
          responses: {
            '200': json('CaseWorkflowLink', 'workflow id, namespace and UI link (null when the UI address is not configured)'),
            '403': problemResponse('report-only roles may not read cases'),
            '404': problemResponse('no such case in the caller’s jurisdiction'),
            ...commonProblems,
          },
        },
      },
      '/api/v1/escalations': {
        get: {
          tags: ['supervision'],
          operationId: 'listEscalations',
          summary: 'Escalations in the caller’s jurisdiction',
          description:
            'Newest first; paginate with `nextCursor`. City officers see the whole city, district officers their district, street supervisors and caseworkers their street. Report-only roles get 403.',
          parameters: queryParameters(listEscalationsQuerySchema),
          responses: {
            '200': json('EscalationList', 'one page of escalations'),
            '403': problemResponse('report-only roles may not read escalations'),
            '422': problemResponse('invalid filter or cursor'),
            ...commonProblems,
          },
        },
      },
      '/api/v1/escalations/stream': {
        get: {
          tags: ['supervision'],
          operationId: 'streamEscalations',
          summary: 'Live escalations as server-sent events',
          description: [
            'A `text/event-stream` of the caller’s escalations as they happen: events `escalation.new`, `escalation.raised` (district → city) and `escalation.resolved`, each with `id:` (the feed position) and `data:` the escalation as JSON (the `Escalation` schema).',
            'Reconnect with the `Last-Event-ID` header (browsers’ EventSource sends it by itself) or `?lastEventId=` to get everything missed, read from the database, so any API instance can serve the reconnection. Without either the stream starts now; `?since=0` replays the whole feed.',
            'Comment lines (`: heartbeat …`) come every 15 s when nothing else is sent, and `retry:` suggests the reconnection delay. Authenticate with the Authorization header, or with `?access_token=<token>` from EventSource, which cannot set headers.',
          ].join('\n\n'),
          security: [{ bearerAuth: [] }, { accessTokenQuery: [] }],
          parameters: [
            { name: 'Last-Event-ID', in: 'header', required: false, description: 'id of the last event received; the stream resumes after it', schema: { type: 'string', pattern: '^\\d{1,18}$' } },
            ...queryParameters(escalationStreamQuerySchema),
          ],
          responses: {
            '200': {
              description: 'the event stream (stays open)',
              content: {
                'text/event-stream': {
                  schema: { type: 'string' },
                  example: 'retry: 3000\n\nid: 42\nevent: escalation.new\ndata: {"escalationId":"c-1:accept:1","caseId":"c-1","level":"district","status":"open",…}\n\n',
                },
              },
            },
            '403': problemResponse('report-only roles may not read escalations'),
            '422': problemResponse('invalid Last-Event-ID or query parameter'),
            ...commonProblems,
          },
        },
      },
      '/api/v1/stats': {
        get: {
          tags: ['supervision'],
          operationId: 'getStats',
          summary: 'Case load, overdue clocks, escalations, time-to-resolve, reminders and 2000:1:1 staffing',
          description:
            'Per district and per street of the caller’s scope (and for the scope as a whole). Open cases, overdue clocks and open escalations are as of now; time-to-resolve and reminders count the period [from, to), by default the last 30 days.',
          parameters: queryParameters(statsQuerySchema),
          responses: {
            '200': json('Stats', 'the figures'),
            '403': problemResponse('report-only roles may not read statistics'),
            '422': problemResponse('invalid period'),
            ...commonProblems,
          },
        },
      },
      '/api/v1/staff': {
        get: {
          tags: ['supervision'],
          operationId: 'listStaff',
          summary: 'Staff of the caller’s jurisdiction',
          description: 'Street supervisors, district officers and city officers; by id, paginated with `nextCursor`.',
          parameters: queryParameters(listStaffQuerySchema),
          responses: {
            '200': json('StaffList', 'one page of staff'),
            '403': problemResponse('role may not list staff'),
            '422': problemResponse('invalid filter or cursor'),
            ...commonProblems,
          },
        },
        post: {
          tags: ['supervision'],
          operationId: 'createStaff',
          summary: 'Add a staff member (city officers)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('StaffCreate') } } },
          responses: {
            '201': json('StaffUser', 'the new staff member'),
            '403': problemResponse('only city officers change staff'),
            '409': problemResponse('the id is taken'),
            ...writeProblems,
            ...commonProblems,
          },
        },
      },
      '/api/v1/staff/{id}': {
        patch: {
          tags: ['supervision'],
          operationId: 'updateStaff',
          summary: 'Change a staff member’s role, jurisdiction, full-time status or activity (city officers)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('StaffUpdate') } } },
          responses: {
            '200': json('StaffUser', 'the changed staff member'),
            '403': problemResponse('only city officers change staff'),
            '404': problemResponse('no such staff member'),
            ...writeProblems,
            ...commonProblems,
          },
        },
      },
      '/api/v1/jurisdictions/{committeeCode}/designated-worker': {
        put: {
          tags: ['supervision'],
          operationId: 'setDesignatedWorker',
          summary: 'Designate (or clear) a committee’s assistance worker (city officers)',
          parameters: [{ name: 'committeeCode', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{12}$' } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('DesignatedWorkerBody') } } },
          responses: {
            '200': json('Committee', 'the committee with its designated worker'),
            '403': problemResponse('only city officers change committee assignments'),
            '404': problemResponse('no such committee'),
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
      '/dashboard': {
        get: {
          tags: ['supervision'],
          operationId: 'dashboard',
          summary: 'The supervisors’ dashboard (web page; signs in with a bearer token)',
          security: [],
          responses: { '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
    },
    webhooks: notificationWebhooks(),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 JWT with sub (user id), role and jur (jurisdiction code); `npm run token -- --role caseworker --jurisdiction 440104001`',
        },
        accessTokenQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'access_token',
          description: 'The same bearer token as a query parameter, accepted by GET /api/v1/escalations/stream only (for EventSource).',
        },
      },
      schemas: componentSchemas(),
    },
  };
  return cached;
}
