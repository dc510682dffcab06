// OpenAPI paths of this folder's routes: the supervisors' dashboard page.
import type { JsonObject } from '../http/openapi';

export const dashboardPaths: Record<string, JsonObject> = {
  '/dashboard': {
    get: {
      tags: ['supervision'],
      operationId: 'dashboard',
      summary: 'The supervisors’ dashboard (web page; signs in with a bearer token)',
      security: [],
      responses: { '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
};
