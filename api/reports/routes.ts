// Routes for discovery reports and department signal batches: parse, authorise, run the use case,
// answer (with the stored answer again for an idempotent replay).
import { Router, type Request, type Response } from 'express';
import { rolesAllowedFor } from '../../domain/roles';
import { actorOf, requireRole } from '../http/auth';
import { parseQuery } from '../http/parse';
import { listMyReports } from './my-reports';
import type { ApiContext } from '../http/deps';
import { AppError, formatZodIssues, validationError } from '../http/errors';
import { validateReport } from './report-validation';
import { MAX_SIGNALS, myReportsQuerySchema, signalBatchEnvelopeSchema } from './schemas';
import { tagRoute } from '../http/metrics';
import { idempotencyKeyOf, idempotent, requestHash, type Answer } from '../http/idempotency';
import { reportIdFor, submitReport } from './submit-report';
import { submitSignals } from './submit-signals';

const SIGNAL_ROLES = ['department', 'hotline', 'city_officer'] as const;

function send(res: Response, answer: Answer & { replayed: boolean }): void {
  if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(answer.status).json(answer.body);
}

export function reportsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/reports', tagRoute, async (req: Request, res: Response) => {
    // Every role but an organisation's user (§10), which answers its referrals only.
    const actor = requireRole(req, rolesAllowedFor('report'), 'file reports');
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    const checked = validateReport(req.body, actor, ctx.now());
    if (!checked.ok) throw validationError(checked.errors, 'the report has invalid fields');
    const answer = await idempotent(ctx, actor.userId, key, requestHash(req.body), async () => {
      const outcome = await submitReport(ctx, actor, checked.report, reportIdFor(actor.userId, key));
      return { status: outcome.status, body: outcome.body };
    });
    send(res, answer);
  });

  router.get('/me/reports', tagRoute, async (req: Request, res: Response) => {
    res.json(await listMyReports(ctx, actorOf(req), parseQuery(myReportsQuerySchema, req.query)));
  });

  router.post('/department-signals', tagRoute, async (req: Request, res: Response) => {
    const actor = requireRole(req, SIGNAL_ROLES, 'submit department signals');
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    const signals = (req.body as { signals?: unknown } | undefined)?.signals;
    if (Array.isArray(signals) && signals.length > MAX_SIGNALS) {
      throw new AppError(
        'BATCH_TOO_LARGE',
        `a batch holds at most ${MAX_SIGNALS} signals, got ${signals.length}; split it into smaller batches`,
        {
          errors: [{ path: 'signals', message: `must contain at most ${MAX_SIGNALS} items` }],
        },
      );
    }
    const envelope = signalBatchEnvelopeSchema.safeParse(req.body);
    if (!envelope.success) throw validationError(formatZodIssues(envelope.error.issues), 'the batch must be {"signals": [report, ...]}');
    const answer = await idempotent(ctx, actor.userId, key, requestHash(req.body), async () => {
      const outcome = await submitSignals(ctx, actor, envelope.data.signals, req.requestId, key);
      if (outcome.unavailable > 0 && outcome.unavailable === outcome.results.length) {
        // Nothing got through because a dependency is down: say so as a whole, so the client retries.
        throw new AppError('SERVICE_UNAVAILABLE', 'the database or the workflow service is unreachable; resend the batch later', {
          headers: { 'Retry-After': '5' },
        });
      }
      return { status: 200, body: { results: outcome.results } };
    });
    send(res, answer);
  });

  return router;
}
