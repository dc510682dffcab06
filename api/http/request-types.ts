// Request properties the API middleware adds (request id, verified actor, per-request logger).
import type pino from 'pino';
import type { Actor } from '../../domain/case-types';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's request type can only be extended through its global namespace
  namespace Express {
    interface Request {
      /** X-Request-Id as received (when well-formed) or generated; echoed in the response. */
      requestId: string;
      /** Set by the authentication middleware from a verified bearer token. */
      actor?: Actor;
      /** When the verified token expires: long-lived answers (the escalation stream) end then. */
      tokenExpiresAt?: Date;
      /** Logger bound to this request's id (and user once authenticated). */
      log: pino.Logger;
    }
  }
}

export {};
