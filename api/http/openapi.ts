// OpenAPI 3.1 assembly (/openapi.json) and the helpers each feature's `openapi.ts` describes its
// paths with. The schemas are the same zod schemas the handlers parse with (zod 4's JSON Schema output
// is the 2020-12 dialect OpenAPI 3.1 uses); named schemas become components, the rest is inlined.
import { z } from 'zod';

export type JsonObject = Record<string, unknown>;

/** What api/openapi.ts hands over: the tags in display order, every feature's paths, the webhooks. */
export interface OpenApiParts {
  tags: { name: string; description: string }[];
  paths: Record<string, JsonObject>;
  webhooks: Record<string, JsonObject>;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function stripDialect(schema: JsonObject): JsonObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/** Every schema registered with an id (ours and the ones they reference), as components. */
function componentSchemas(): Record<string, JsonObject> {
  const all = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
    io: 'input',
  }) as { schemas: Record<string, JsonObject> };
  return Object.fromEntries(Object.entries(all.schemas).map(([id, s]) => [id, stripDialect(s)]));
}

export function queryParameters(schema: z.ZodObject): JsonObject[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = stripDialect(z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }));
    const { description, ...rest } = json;
    // Required exactly when the API refuses the parameter's absence (no .optional(), no default).
    const required = !(field as z.ZodType).safeParse(undefined).success;
    return { name, in: 'query', required, schema: rest, ...(description ? { description } : {}) };
  });
}

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

/** Answers every authenticated /api route can give besides its own. */
export const commonProblems = {
  '401': problemResponse('missing, malformed, expired or forged bearer token'),
  '429': problemResponse('too many writes by this user; see Retry-After'),
  '503': problemResponse('the database or the workflow service is unreachable; retry later'),
};
export const writeProblems = {
  '400': problemResponse('malformed JSON'),
  '413': problemResponse('body larger than 1 MB'),
  '415': problemResponse('body is not application/json'),
  '422': problemResponse('invalid fields: see `errors[].path` and `errors[].message`'),
};

export const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any unique string (1–200 printable characters, e.g. a UUID). A retry with the same key and body replays the first answer and changes nothing; the same key with a different body is refused with 422 IDEMPOTENCY_KEY_REUSED.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};

export const caseIdParam = { name: 'caseId', in: 'path', required: true, schema: { type: 'string' } };

export function json(schemaName: string, description: string) {
  return { description, content: { 'application/json': { schema: ref(schemaName) } } };
}

let cached: JsonObject | null = null;

/**
 * The whole document from the features' paths (api/openapi.ts lists them). Components are every zod
 * schema registered with an id, so a feature's schemas appear once the feature's module is loaded.
 */
export function assembleOpenApi(parts: OpenApiParts): JsonObject {
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
    tags: parts.tags,
    paths: parts.paths,
    webhooks: parts.webhooks,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'HS256 JWT with sub (user id), role and jur (jurisdiction code); `npm run token -- --role caseworker --jurisdiction 440104001`',
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
