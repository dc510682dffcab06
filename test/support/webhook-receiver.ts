// A webhook receiver for component tests, on 127.0.0.1 and a free port: records every request with
// its raw body, answers 204 (or 500 while failing), and can go down and come back on the same port.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  body: {
    id: string;
    notificationId: string;
    kind: string;
    caseId: string | null;
    recipientId: string;
    jurisdictionCode: string | null;
    data: Record<string, unknown>;
  };
  status: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every request that reached the receiver, in arrival order. */
  requests: ReceivedWebhook[];
  /** The requests it acknowledged (2xx). */
  accepted(): ReceivedWebhook[];
  /** Answer 500 to everything (true) or acknowledge (false). */
  failing(on: boolean): void;
  /** Stop listening: senders get connection refused. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  let fail = false;
  let port = 0;
  let server: Server;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const status = fail ? 500 : 204;
          let body: ReceivedWebhook['body'];
          try {
            body = JSON.parse(raw) as ReceivedWebhook['body'];
          } catch {
            body = { id: '', notificationId: '', kind: '', caseId: null, recipientId: '', jurisdictionCode: null, data: {} };
          }
          requests.push({ headers: req.headers, raw, body, status });
          res.statusCode = status;
          res.end();
        });
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  await listen();
  return {
    url: `http://127.0.0.1:${port}/hooks/pa`,
    requests,
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    failing(on) {
      fail = on;
    },
    down: stop,
    up: listen,
    close: stop,
  };
}
