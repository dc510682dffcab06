// A small server-sent-events client for tests: reads a real HTTP stream with fetch, keeps the raw text
// and the parsed events, and waits for the events a test expects.

export interface SseEvent {
  id: string | null;
  type: string;
  data: string;
  json: Record<string, unknown>;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  events: SseEvent[];
  raw: () => string;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  waitFor(predicate: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  let raw = '';
  let buffer = '';
  let current: { id: string | null; type: string; data: string[] } = { id: null, type: 'message', data: [] };

  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        buffer += text;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (current.data.length) {
              const data = current.data.join('\n');
              let json: Record<string, unknown> = {};
              try {
                json = JSON.parse(data) as Record<string, unknown>;
              } catch {
                // not JSON: kept as text only
              }
              events.push({ id: current.id, type: current.type, data, json });
            }
            current = { id: null, type: 'message', data: [] };
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') current.id = value;
            else if (field === 'event') current.type = value;
            else if (field === 'data') current.data.push(value);
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();

  return {
    status: res.status,
    headers: res.headers,
    events,
    raw: () => raw,
    ended,
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events)) {
        if (Date.now() > deadline) {
          throw new Error(
            `expected events did not arrive within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.id, e.type, e.json.escalationId]))}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return events;
    },
    close() {
      controller.abort();
    },
  };
}
