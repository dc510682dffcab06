// The dashboard's access to the API: the signed-in token (this browser tab only), JSON reads with the
// bearer header, and the live escalation stream read with fetch so the token travels in the
// Authorization header rather than in the URL; reconnections resume with Last-Event-ID.

const TOKEN_KEY = 'pa.dashboard.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused: the user signs in again after a reload.
  }
}

/** The token's claims, for display only (the server verifies every request). */
export function claimsOf(token) {
  try {
    const part = token.split('.')[1];
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

async function problemOf(res) {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

export async function apiGet(path, token = getToken()) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return res.json();
}

/** The seeded users of the development sign-in, or null when the server does not offer it. */
export async function devUsers() {
  const config = await fetch('/dashboard/config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!config.ok || !(await config.json()).devSignIn) return null;
  const res = await fetch('/dashboard/dev-users', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) return null;
  return (await res.json()).items;
}

export async function devToken(userId) {
  const res = await fetch('/dashboard/dev-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  return (await res.json()).token;
}

/**
 * GET /api/v1/escalations/stream as a series of callbacks. Starts "now"; after a drop it reconnects
 * with the last event id it saw, so nothing is missed and nothing is repeated.
 */
export class EscalationStream {
  constructor({ token, onEvent, onStatus, onUnauthorized }) {
    this.token = token;
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.onUnauthorized = onUnauthorized;
    this.lastEventId = null;
    this.retryMs = 3000;
    this.stopped = false;
    this.controller = null;
  }

  start() {
    void this.loop();
  }

  stop() {
    this.stopped = true;
    if (this.controller) this.controller.abort();
  }

  async loop() {
    let attempt = 0;
    while (!this.stopped) {
      this.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
      try {
        await this.connectOnce();
        attempt = 0;
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          this.onUnauthorized(err);
          return;
        }
      }
      if (this.stopped) return;
      attempt += 1;
      this.onStatus('reconnecting');
      // Back off gently when the server keeps refusing, up to half a minute.
      await new Promise((r) => setTimeout(r, Math.min(30_000, this.retryMs * Math.max(1, attempt))));
    }
  }

  async connectOnce() {
    this.controller = new AbortController();
    const headers = { Authorization: `Bearer ${this.token}`, Accept: 'text/event-stream' };
    if (this.lastEventId !== null) headers['Last-Event-ID'] = this.lastEventId;
    const res = await fetch('/api/v1/escalations/stream', { headers, signal: this.controller.signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw new ApiError(res.status, await problemOf(res));
    this.onStatus('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { id: null, type: 'message', data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (event.data.length > 0) this.dispatch(event);
          event = { id: null, type: 'message', data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const val = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = val;
        else if (field === 'event') event.type = val;
        else if (field === 'data') event.data.push(val);
        else if (field === 'retry' && /^\d+$/.test(val)) this.retryMs = Number(val);
      }
    }
  }

  dispatch(event) {
    if (event.id !== null) this.lastEventId = event.id;
    try {
      this.onEvent(event.type, JSON.parse(event.data.join('\n')), event.id);
    } catch {
      // A malformed event is skipped; the next one carries on.
    }
  }
}
