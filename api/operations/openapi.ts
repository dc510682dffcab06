// OpenAPI paths of this folder's routes: health, readiness, metrics and the API's own documentation.
import { json, type JsonObject } from '../http/openapi';
import './schemas';

export const operationsPaths: Record<string, JsonObject> = {
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
};
