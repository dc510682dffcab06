// A minimal JSON client for the API under test: node:http with a keep-alive agent, loopback only.
import http from 'node:http';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

export class ApiClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  /** Where the API listens, for a browser pointed at it. */
  get baseUrl(): string {
    return this.url.origin;
  }

  constructor(baseUrl: string, maxSockets = 32) {
    this.url = new URL(baseUrl);
    if (this.url.hostname !== '127.0.0.1') throw new Error(`the benchmark only talks to 127.0.0.1, not ${this.url.hostname}`);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request<T = unknown>(method: 'GET' | 'POST', path: string, token?: string, body?: unknown): Promise<HttpAnswer<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: this.url.port, path, method, headers, agent: this.agent, timeout: 60_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Like request, but throws unless the status is one of `ok`. */
  async expect<T = unknown>(ok: number[], method: 'GET' | 'POST', path: string, token?: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, token, body);
    if (!ok.includes(answer.status)) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    return answer.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
