// Parsing of query strings and JSON bodies with the routes' zod schemas: a 422 with field errors
// (api/http/errors.ts) for anything the schema refuses, so every route answers bad input the same way.
import type { z } from 'zod';
import { formatZodIssues, validationError } from './errors';

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationError(formatZodIssues(parsed.error.issues), 'invalid query parameters');
  return parsed.data;
}

/** A JSON object body; `detail` names what was sent when its fields are wrong. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, detail?: string): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError([{ path: '', message: 'the body must be a JSON object' }]);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(formatZodIssues(parsed.error.issues), detail);
  return parsed.data;
}
