// Routes of monitoring imports (DESIGN.md §8). Mounted before the API's 1 MB JSON parser: an import is
// read here, as JSON or CSV, up to IMPORT_BODY_LIMIT_BYTES; a larger declared length is refused before
// a byte of the body is read.
import express, { Router, type Request, type Response } from 'express';
import { MAX_IMPORT_RECORDS } from '../../domain/monitoring';
import { requireRole } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { AppError, validationError } from '../http/errors';
import { idempotencyKeyOf, idempotent, requestHash } from '../http/idempotency';
import { tagRoute } from '../http/metrics';
import { parseBody, parseQuery } from '../http/parse';
import { parseCsvRecords } from './csv';
import { getImport } from './get-import';
import { csvQuerySchema, IMPORT_BODY_LIMIT_BYTES, importBodySchema } from './schemas';
import { submitImport } from './submit-import';

const IMPORT_ROLES = ['department', 'city_officer'] as const;
const LIMIT_TEXT = `${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB`;

function mediaTypeOf(req: Request): 'json' | 'csv' | null {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'text/csv') return 'csv';
  return null;
}

function tooLarge(): AppError {
  // The client may still be sending: closing the connection stops it, instead of reading 200 MB to discard them.
  return new AppError('BODY_TOO_LARGE', `an import body is at most ${LIMIT_TEXT}; split the records into several imports`, {
    headers: { Connection: 'close' },
  });
}

const parsers = {
  json: express.json({ limit: IMPORT_BODY_LIMIT_BYTES, strict: true, type: () => true }),
  csv: express.text({ limit: IMPORT_BODY_LIMIT_BYTES, type: () => true }),
};

/** Reads the body with the parser of its media type; a body that grows past the limit (chunked) is refused as it arrives. */
function readBody(req: Request, res: Response, kind: 'json' | 'csv'): Promise<unknown> {
  return new Promise((resolve, reject) => {
    parsers[kind](req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') reject(tooLarge());
      else if (err) reject(err instanceof Error ? err : new Error('the request body could not be read'));
      else resolve(req.body);
    });
  });
}

function tooManyRecords(count: number): AppError {
  return validationError(
    [{ path: 'records', message: `must contain at most ${MAX_IMPORT_RECORDS} records` }],
    `an import holds at most ${MAX_IMPORT_RECORDS} records, got ${count}; split it into several imports`,
  );
}

export function monitoringRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/monitoring/imports', tagRoute, async (req: Request, res: Response) => {
    const actor = requireRole(req, IMPORT_ROLES, 'file monitoring imports');
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    const kind = mediaTypeOf(req);
    if (!kind) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'an import is application/json ({"source", "records"}) or text/csv with ?source=', {
        headers: { 'Accept-Post': 'application/json, text/csv' },
      });
    }
    if (Number(req.headers['content-length'] ?? 0) > IMPORT_BODY_LIMIT_BYTES) throw tooLarge();
    const body = await readBody(req, res, kind);
    let source;
    let records: unknown[];
    if (kind === 'json') {
      const count = (body as { records?: unknown } | null)?.records;
      // Counted before the envelope is parsed, so that the answer says the one thing that is wrong.
      if (Array.isArray(count) && count.length > MAX_IMPORT_RECORDS) throw tooManyRecords(count.length);
      ({ source, records } = parseBody(importBodySchema, body, 'an import is {"source", "records": [record, ...]}'));
    } else {
      const query = parseQuery(csvQuerySchema, req.query);
      if (!query.source)
        throw validationError([{ path: 'source', message: 'is required (?source=) for a CSV import' }], 'the CSV import has no source');
      source = query.source;
      const parsed = parseCsvRecords(typeof body === 'string' ? body : '');
      if (!parsed.ok) throw validationError(parsed.errors, parsed.detail);
      records = parsed.records;
      if (records.length === 0)
        throw validationError([{ path: 'records', message: 'must contain at least one record' }], 'the CSV has no records');
    }
    if (records.length > MAX_IMPORT_RECORDS) throw tooManyRecords(records.length);
    const digest = requestHash({ source, records });
    const answer = await idempotent(ctx, actor.userId, key, digest, async () => ({
      status: 202,
      body: await submitImport(ctx, actor, source, records, digest),
    }));
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(answer.status).json(answer.body);
  });

  router.get('/monitoring/imports/:importId', tagRoute, async (req: Request, res: Response) => {
    const actor = requireRole(req, IMPORT_ROLES, 'read monitoring imports');
    res.json(await getImport(ctx, actor, String(req.params.importId)));
  });

  return router;
}
