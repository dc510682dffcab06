// OpenAPI paths of organisations, their projects and a case's matches (DESIGN.md §10).
import { caseIdParam, commonProblems, json, problemResponse, queryParameters, ref, writeProblems, type JsonObject } from '../http/openapi';
import { listOrganisationsQuerySchema } from './schemas';

const organisationIdParam = { name: 'organisationId', in: 'path', required: true, schema: { type: 'string' } };

export const organisationsPaths: Record<string, JsonObject> = {
  '/api/v1/organisations': {
    get: {
      tags: ['resources'],
      operationId: 'listOrganisations',
      summary: 'Organisations serving the caller’s district (every one for city officers)',
      description:
        'Charities, social work agencies, volunteer teams, funds and enterprises that take referrals, by id. Street staff and district officers see those serving their district. The contact person is shown to staff only.',
      parameters: queryParameters(listOrganisationsQuerySchema),
      responses: {
        '200': json('OrganisationList', 'the organisations'),
        '403': problemResponse('report-only roles may not read organisations'),
        '422': problemResponse('invalid filter'),
        ...commonProblems,
      },
    },
    post: {
      tags: ['resources'],
      operationId: 'createOrganisation',
      summary: 'Register an organisation (district officers: of their district only; city officers: any)',
      requestBody: { required: true, content: { 'application/json': { schema: ref('OrganisationCreate') } } },
      responses: {
        '201': json('Organisation', 'the new organisation'),
        '403': problemResponse('only district and city officers register organisations'),
        '409': problemResponse('the id is taken (ORGANISATION_ID_TAKEN)'),
        ...writeProblems,
        ...commonProblems,
      },
    },
  },
  '/api/v1/organisations/{organisationId}': {
    patch: {
      tags: ['resources'],
      operationId: 'updateOrganisation',
      summary: 'Change an organisation (district officers: one serving their district alone; city officers: any)',
      parameters: [organisationIdParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('OrganisationUpdate') } } },
      responses: {
        '200': json('Organisation', 'the changed organisation'),
        '403': problemResponse('not an officer, or the organisation serves districts beyond the district officer’s'),
        '404': problemResponse('no such organisation serving the caller’s district'),
        ...writeProblems,
        ...commonProblems,
      },
    },
  },
  '/api/v1/organisations/{organisationId}/projects': {
    get: {
      tags: ['resources'],
      operationId: 'listProjects',
      summary: 'The organisation’s projects and funds (慈善项目, 公益基金), with budget and what is left',
      parameters: [organisationIdParam],
      responses: {
        '200': json('ProjectList', 'the projects, by id'),
        '403': problemResponse('report-only roles may not read organisations'),
        '404': problemResponse('no such organisation serving the caller’s district'),
        ...commonProblems,
      },
    },
    post: {
      tags: ['resources'],
      operationId: 'createProject',
      summary: 'Add a project to an organisation (whoever may change the organisation)',
      parameters: [organisationIdParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('ProjectCreate') } } },
      responses: {
        '201': json('Project', 'the new project; remaining starts at the budget'),
        '403': problemResponse('not an officer, or the organisation serves districts beyond the district officer’s'),
        '404': problemResponse('no such organisation serving the caller’s district'),
        ...writeProblems,
        ...commonProblems,
      },
    },
  },
  '/api/v1/cases/{caseId}/matches': {
    get: {
      tags: ['resources'],
      operationId: 'getCaseMatches',
      summary: 'Organisations and projects ranked for the case’s referral, with the reasons',
      description:
        'Organisations serving the case’s district, and their projects running today with budget left, scored by the services the case needs (its assistance proposal, its reports’ categories and urgent flags). Reasons are stable codes with Chinese labels. Scoped like the case file.',
      parameters: [caseIdParam],
      responses: {
        '200': json('MatchList', 'best first'),
        '403': problemResponse('report-only roles may not read cases'),
        '404': problemResponse('no such case in the caller’s jurisdiction'),
        ...commonProblems,
      },
    },
  },
};
