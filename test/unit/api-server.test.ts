// The API's server keeps idle keep-alive connections open past Node's 5 s default (api/http/server.ts),
// so a client (or a proxy) reusing one after a pause is answered instead of reset.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiServer } from '../../api/http/server';

function get(port: number, agent: http.Agent): Promise<{ status: number; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

test('a keep-alive connection left idle for longer than 5 s still answers the next request', async () => {
  const server = createApiServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const { port } = server.address() as AddressInfo;
    expect(await get(port, agent)).toEqual({ status: 200, reusedSocket: false });
    await new Promise((r) => setTimeout(r, 6_000));
    // The same connection, not a new one: with Node's default the server would have closed it at 5 s.
    expect(await get(port, agent)).toEqual({ status: 200, reusedSocket: true });
  } finally {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}, 15_000);
