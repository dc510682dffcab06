// Routes for case lists, case files, actions and the case's workflow link. The case id in the path is checked for shape only;
// existence and jurisdiction are the use case's business (both answer the same 404).
import { Router, type Request, type Response } from 'express';
import { caseActionRequestSchema } from '../../domain/action-schemas';
import { ACTION_TYPES } from '../../domain/case-types';
import { actorOf } from '../http/auth';
import type { ApiContext } from '../http/deps';
import { formatZodIssues, validationError } from '../http/errors';
import { tagRoute } from '../http/metrics';
import { listCasesQuerySchema } from './schemas';
import { caseNotFound, requireCaseReader } from '../http/scope';
import { getCaseFile, readCaseFile } from './get-case-file';
import { idempotencyKeyOf, idempotent, requestHash } from '../http/idempotency';
import { listCasesForActor } from './list-cases';
import { caseWorkflowLink } from './case-workflow-link';
import { performAction } from './perform-action';
import { matchesForCase } from '../organisations/case-matches';

const CASE_ID = /^[A-Za-z0-9_-]{1,100}$/;

function caseIdOf(req: Request): string {
  const caseId = String(req.params.caseId ?? '');
  // A malformed id cannot name a case; answer like any unknown case.
  if (!CASE_ID.test(caseId)) throw caseNotFound(caseId.slice(0, 100), false);
  return caseId;
}

/** Parses an action body; an unknown or missing `type` gets one clear error listing the types. */
function parseActionBody(body: unknown) {
  const type = (body as { type?: unknown } | null | undefined)?.type;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError([{ path: '', message: 'the body must be a JSON object like {"type": "accept"}' }]);
  }
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
    throw validationError(
      [
        {
          path: 'type',
          message: `${type === undefined ? 'is required' : `${JSON.stringify(type)} is not an action`}; must be one of: ${ACTION_TYPES.join(', ')}`,
        },
      ],
      'unknown action type',
    );
  }
  const parsed = caseActionRequestSchema.safeParse(body);
  if (!parsed.success) throw validationError(formatZodIssues(parsed.error.issues), `the ${type} action has invalid fields`);
  return parsed.data;
}

export function casesRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/cases', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireCaseReader(actor);
    const query = listCasesQuerySchema.safeParse(req.query);
    if (!query.success) throw validationError(formatZodIssues(query.error.issues), 'invalid query parameters');
    res.json(await listCasesForActor(ctx, actor, query.data));
  });

  router.get('/cases/:caseId', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    res.json(await readCaseFile(ctx, actor, caseIdOf(req)));
  });

  router.post('/cases/:caseId/actions', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    // Role before body: a report-only role learns nothing about the case or the action rules.
    requireCaseReader(actor);
    const caseId = caseIdOf(req);
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    const action = parseActionBody(req.body);
    // Keys live in their own namespace per case, apart from report keys of the same caller.
    const scopedKey = key === undefined ? undefined : `action:${caseId}:${key}`;
    const answer = await idempotent(ctx, actor.userId, scopedKey, requestHash(req.body), async () => ({
      status: 200,
      body: await performAction(ctx, actor, caseId, action, key),
      // The case file carries the decrypted subject, which must not sit in plain text in the
      // idempotency table; a replay answers the case file as it is now instead.
      stored: { caseId },
    }));
    if (answer.replayed) {
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(answer.status).json(await getCaseFile(ctx, actor, caseId));
      return;
    }
    res.status(answer.status).json(answer.body);
  });

  // Organisations and projects that could take the case's referral, best first (§10).
  router.get('/cases/:caseId/matches', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireCaseReader(actor);
    res.json(await matchesForCase(ctx, actor, caseIdOf(req)));
  });

  // Where the case's workflow can be inspected (the dashboard's case page links to it).
  router.get('/cases/:caseId/workflow', tagRoute, async (req: Request, res: Response) => {
    const actor = actorOf(req);
    requireCaseReader(actor);
    res.json(await caseWorkflowLink(ctx, actor, caseIdOf(req)));
  });

  return router;
}
