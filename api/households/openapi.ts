// OpenAPI paths of this folder's routes: the family file and the person look-up (§7).
import { commonProblems, json, problemResponse, writeProblems, type JsonObject } from '../http/openapi';
// The named schemas below become components once their module is loaded.
import './schemas';

export const householdsPaths: Record<string, JsonObject> = {
  '/api/v1/households/{householdId}': {
    get: {
      tags: ['cases'],
      operationId: 'getFamilyFile',
      summary: 'The family file: members (current and past), cases, assistance and timeline',
      description:
        'Scoped like cases (the household’s street). Names are decrypted and ID numbers masked; each read is recorded in the access log (kind `family-file`). The household id is in every report answer and case file (`householdId`).',
      parameters: [{ name: 'householdId', in: 'path', required: true, schema: { type: 'string', pattern: '^h-[0-9a-z]{8,80}$' } }],
      responses: {
        '200': json('FamilyFile', 'the family file'),
        '403': problemResponse('report-only roles (hotline, department, reporter) never read family files'),
        '404': problemResponse('no such household in the caller’s jurisdiction (HOUSEHOLD_NOT_FOUND)'),
        '422': problemResponse('the id is not a household id'),
        ...commonProblems,
      },
    },
  },
  '/api/v1/persons/lookup': {
    post: {
      tags: ['cases'],
      operationId: 'lookupPerson',
      summary: 'Find a person by exact ID number',
      description:
        'A POST so the number never sits in a URL or an access log. Answers the person, their household and their (and their household’s) cases in scope; each look-up is recorded in the access log (kind `lookup`).',
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PersonLookup' } } } },
      responses: {
        '200': json('PersonLookupResult', 'the person'),
        '403': problemResponse('report-only roles (hotline, department, reporter) may not look persons up'),
        '404': problemResponse('unknown, or outside the caller’s jurisdiction (PERSON_NOT_FOUND)'),
        ...writeProblems,
        '422': problemResponse('the ID number is malformed or its check digit is wrong'),
        ...commonProblems,
      },
    },
  },
};
