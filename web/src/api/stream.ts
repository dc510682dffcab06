// GET /api/v1/escalations/stream (server-sent events) read with fetch, as the dashboard does: the token
// travels in the Authorization header rather than in the URL (the endpoint also takes ?access_token=
// for EventSource, which cannot set headers and cannot tell a 401 from a dropped line). After a drop
// it reconnects with the last event id it saw, so nothing is missed and nothing repeated.
import { ApiError } from './http';
import type { Escalation } from './types';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';
export type StreamEventType = 'escalation.new' | 'escalation.raised' | 'escalation.resolved';

export interface StreamHandlers {
  token: string;
  onEvent(type: StreamEventType, escalation: Escalation): void;
  onStatus(status: StreamStatus): void;
  onUnauthorized(): void;
}

export class EscalationStream {
  private lastEventId: string | null = null;
  private retryMs = 3000;
  private stopped = false;
  private controller: AbortController | null = null;

  constructor(private readonly handlers: StreamHandlers) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.handlers.onStatus('stopped');
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      this.handlers.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
      try {
        await this.connectOnce();
        attempt = 0;
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          this.handlers.onUnauthorized();
          return;
        }
      }
      if (this.stopped) return;
      attempt += 1;
      this.handlers.onStatus('reconnecting');
      // Back off gently while the server keeps refusing, up to half a minute.
      await new Promise((r) => window.setTimeout(r, Math.min(30_000, this.retryMs * Math.max(1, attempt))));
    }
  }

  private async connectOnce(): Promise<void> {
    this.controller = new AbortController();
    const headers: Record<string, string> = { Authorization: `Bearer ${this.handlers.token}`, Accept: 'text/event-stream' };
    if (this.lastEventId !== null) headers['Last-Event-ID'] = this.lastEventId;
    const res = await fetch('/api/v1/escalations/stream', { headers, signal: this.controller.signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw new ApiError(res.status, null);
    this.handlers.onStatus('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event: { id: string | null; type: string; data: string[] } = { id: null, type: 'message', data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline: number;
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

  private dispatch(event: { id: string | null; type: string; data: string[] }): void {
    if (event.id !== null) this.lastEventId = event.id;
    try {
      this.handlers.onEvent(event.type as StreamEventType, JSON.parse(event.data.join('\n')) as Escalation);
    } catch {
      // A malformed event is skipped; the next one carries on.
    }
  }
}
