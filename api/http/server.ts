// The API's HTTP server, as every process that serves the API runs it (platform/platform.ts, the benchmark).
import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open: longer than the proxies and load balancers in
 * front of the API keep theirs (nginx's upstream keepalive_timeout and the usual cloud balancers, 60 s).
 * With Node's default of 5 s the server closes a connection the proxy is about to reuse, and the
 * request sent on it fails with ECONNRESET, which a proxy answers 502. The benchmark's client hit this
 * with a connection left idle for a few seconds while another batch ran.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function createApiServer(app: RequestListener): Server {
  const server = createServer(app);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}
