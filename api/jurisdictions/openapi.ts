// OpenAPI paths of this folder's routes: the jurisdiction tree.
import { commonProblems, json, type JsonObject } from '../http/openapi';
import './schemas';

export const jurisdictionsPaths: Record<string, JsonObject> = {
  '/api/v1/jurisdictions': {
    get: {
      tags: ['reference'],
      operationId: 'getJurisdictions',
      summary: 'The city → district → street → committee tree',
      responses: { '200': json('Jurisdiction', 'the tree rooted at the city (440100)'), ...commonProblems },
    },
  },
};
