// A TCP proxy in front of a test engine (Redis, PostgreSQL) that can turn into a black hole: the
// connections open through it stay open and take bytes (the kernel acknowledges them) but nothing
// is forwarded either way, as when a failover behind a virtual address or a network fault leaves
// them hanging; connections opened afterwards go through again.
import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Stops forwarding on every connection open now; later ones are forwarded. */
  blackhole(): void;
  /** How many connections went through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<[Socket, Socket]>();
  let count = 0;
  const server = createServer((client) => {
    count++;
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    open.add(pair);
    const end = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) socket.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    blackhole() {
      for (const [client, upstream] of open) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        // read nothing more: what the peer sends waits in the kernel's buffers, unanswered
        client.pause();
        upstream.pause();
      }
      open.clear();
    },
    connections: () => count,
    async close() {
      server.close();
      for (const [client, upstream] of open) {
        client.destroy();
        upstream.destroy();
      }
    },
  };
}
