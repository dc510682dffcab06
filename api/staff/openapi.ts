// OpenAPI paths of this folder's routes: staff administration and committees' designated workers.
import { commonProblems, json, problemResponse, queryParameters, ref, writeProblems, type JsonObject } from '../http/openapi';
import { listStaffQuerySchema } from './schemas';

export const staffPaths: Record<string, JsonObject> = {
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
};
