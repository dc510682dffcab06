// OpenAPI paths of referrals (DESIGN.md §10): the list, an organisation's answer and the statistics per organisation.
import {
  commonProblems,
  idempotencyHeader,
  json,
  problemResponse,
  queryParameters,
  ref,
  writeProblems,
  type JsonObject,
} from '../http/openapi';
import { listReferralsQuerySchema, organisationStatsQuerySchema } from './schemas';

const referralIdParam = {
  name: 'referralId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}:ref:[0-9]{1,6}$' },
  description: '`<caseId>:ref:<n>`, as GET /referrals lists it',
};
const organisationIdParam = { name: 'organisationId', in: 'path', required: true, schema: { type: 'string' } };

export const referralsPaths: Record<string, JsonObject> = {
  '/api/v1/referrals': {
    get: {
      tags: ['resources'],
      operationId: 'listReferrals',
      summary: 'Referrals: an organisation’s own, or those of the cases in the caller’s jurisdiction',
      description:
        'An organisation’s user (role `organisation`, token `--role organisation --jurisdiction <organisationId>`) sees only the referrals made to its organisation; caseworkers, street supervisors, district and city officers those of the cases in their jurisdiction. Newest first; paginate with `nextCursor`. No personal data: the household is known by its case, district and street; the needs are what the referral asks for.',
      parameters: queryParameters(listReferralsQuerySchema),
      responses: {
        '200': json('ReferralList', 'one page of referrals'),
        '403': problemResponse('report-only roles may not read referrals; the token’s organisation is not registered'),
        '422': problemResponse('invalid filter or cursor'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/referrals/{referralId}/response': {
    post: {
      tags: ['resources'],
      operationId: 'respondToReferral',
      summary: 'Answer a referral (the organisation it was made to; street staff recording an answer given by phone)',
      description:
        '`{"response": "accepted"|"declined"|"completed", "note"?, "delivered"?: {"amount"?, "services"?}}`, sent to the case as its charity-response action. accepted starts the follow-up clock charityFollowUp (policy `deadlines.*.charityFollowUp`, default 30d) until completed; declined returns the case to the stage it was referred from; completed moves it to monitoring and records what was delivered, which reduces the project’s remaining once. Answers the referral. An Idempotency-Key makes a retried answer happen once.',
      parameters: [referralIdParam, idempotencyHeader],
      requestBody: { required: true, content: { 'application/json': { schema: ref('ReferralResponse') } } },
      responses: {
        '200': json('Referral', 'the answered referral'),
        '403': problemResponse('another organisation’s referral (REFERRAL_NOT_YOURS), or a role that does not answer referrals'),
        '404': problemResponse('no such referral in the caller’s jurisdiction (UNKNOWN_REFERRAL)'),
        '409': problemResponse(
          'the referral is completed or declined already (REFERRAL_ALREADY_ANSWERED), accepted twice, or its case is closed',
        ),
        ...writeProblems,
        '400': problemResponse('malformed JSON, or delivered with a response other than completed (DELIVERED_WITHOUT_COMPLETION)'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/organisations/{organisationId}/stats': {
    get: {
      tags: ['resources'],
      operationId: 'getOrganisationStats',
      summary: 'How an organisation answers its referrals (the organisation itself, district and city officers)',
      description:
        'Referrals by status, acceptance rate ((accepted + completed) / answered), the median time from referral to first answer, and the amount delivered, over referrals made from `from` to `to` (default: all). The organisation’s own user and city officers count all its referrals; a district officer, for an organisation serving the district, those of the district’s cases (`scope`).',
      parameters: [organisationIdParam, ...queryParameters(organisationStatsQuerySchema)],
      responses: {
        '200': json('OrganisationStats', 'the figures'),
        '403': problemResponse('another organisation’s statistics, or a role that does not read them'),
        '404': problemResponse('no such organisation serving the caller’s district'),
        '422': problemResponse('invalid period'),
        ...commonProblems,
      },
    },
  },
};
