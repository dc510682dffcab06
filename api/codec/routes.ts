// The codec endpoint for the Temporal Web UI (DESIGN.md §13): POST /codec/decode and /codec/encode
// in Temporal's remote codec protocol, so an operator can read a case's encrypted history. Only city
// officers may use it; every decode is written to the access log; browsers may call it from the
// configured UI origin only (CORS), with the caller's bearer token.
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Payload } from '@temporalio/common';
import { PiiPayloadCodec } from '../../runtime/codec';
import { recordAccess } from '../http/access-log';
import { requireRole } from '../http/auth';
import { jsonBody, requireJsonBody } from '../http/body';
import type { ApiContext } from '../http/deps';
import { formatZodIssues, validationError } from '../http/errors';
import { tagRoute } from '../http/metrics';
import { codecBodySchema, type CodecBody } from './schemas';

function toPayloads(body: CodecBody): Payload[] {
  return body.payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
  }));
}

function fromPayloads(payloads: Payload[]): CodecBody {
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}

/** CORS for the Temporal UI's origin only; any other origin gets no CORS headers (the browser refuses). */
function corsFor(origin: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (origin && req.headers.origin === origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

export function codecRouter(ctx: ApiContext): Router {
  const router = Router();
  // The UI only displays what it decodes: a payload someone sent unencrypted is shown as it was sent.
  const codec = PiiPayloadCodec.fromSpec(ctx.config.piiKey, { plaintext: 'pass' });
  router.use('/codec', corsFor(ctx.config.temporalUiOrigin ?? ctx.temporalUiUrl));
  // The same body rules as every /api route: JSON only, 1 MB at most (the UI sends a page of payloads).
  router.use('/codec', ctx.authenticate, requireJsonBody(), jsonBody());

  const parse = (req: Request): Payload[] => {
    const parsed = codecBodySchema.safeParse(req.body);
    if (!parsed.success) throw validationError(formatZodIssues(parsed.error.issues), 'the body must be {"payloads": [...]}');
    return toPayloads(parsed.data);
  };

  router.post('/codec/decode', tagRoute, async (req: Request, res: Response) => {
    const actor = requireRole(req, ['city_officer'], 'decode Temporal payloads');
    const payloads = parse(req);
    const namespace =
      typeof req.headers['x-namespace'] === 'string' ? req.headers['x-namespace'].slice(0, 100) : ctx.config.temporalNamespace;
    // Written before answering: a decode that is not recorded does not happen.
    await recordAccess(ctx.prisma, {
      userId: actor.userId,
      role: actor.role,
      kind: 'codec',
      subjectRef: `namespace:${namespace}`,
      route: 'POST /codec/decode',
      detail: `${payloads.length} payload(s)`,
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(fromPayloads(await codec.decode(payloads)));
  });

  router.post('/codec/encode', tagRoute, async (req: Request, res: Response) => {
    requireRole(req, ['city_officer'], 'encode Temporal payloads');
    res.setHeader('Cache-Control', 'no-store');
    res.json(fromPayloads(await codec.encode(parse(req))));
  });

  return router;
}
