// A TCP load balancer on loopback in front of the cluster's frontends, standing in for the Kubernetes
// Service or L4 balancer that production puts behind TEMPORAL_ADDRESS: each new connection goes to
// the next frontend that accepts it, so when a node dies the SDKs' reconnects land on a live one.
import net from 'node:net';

export interface TcpBalancer {
  address: string;
  /** Connections accepted per backend so far. */
  connections(): number[];
  close(): Promise<void>;
}

export async function startTcpBalancer(backends: string[]): Promise<TcpBalancer> {
  const targets = backends.map((b) => {
    const i = b.lastIndexOf(':');
    return { host: b.slice(0, i), port: Number(b.slice(i + 1)) };
  });
  const counts = targets.map(() => 0);
  const open = new Set<net.Socket>();
  let next = 0;

  const server = net.createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const attempt = (tried: number) => {
      if (tried >= targets.length || client.destroyed) {
        client.destroy();
        return;
      }
      const index = (next + tried) % targets.length;
      const upstream = net.connect(targets[index].port, targets[index].host);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        next = (index + 1) % targets.length;
        counts[index]++;
        open.add(upstream);
        upstream.once('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.on('error', () => {
        if (connected) upstream.destroy();
        else attempt(tried + 1);
      });
    };
    attempt(0);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    connections: () => [...counts],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
