// A TCP proxy in front of a test engine (Redis, PostgreSQL). It can limit the speed from the client
// to the engine (a slow but healthy link), and it can turn into a black hole: the connections open
// through it stay open and take bytes (the kernel acknowledges them) but nothing is forwarded
// either way, as when a failover behind a virtual address or a network fault leaves them hanging;
// connections opened afterwards go through again.
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

export interface TcpProxyOptions {
  /** Bytes per second forwarded from the client to the engine (default: as fast as they come). */
  uploadBytesPerS?: number;
}

/** Forwards what `from` reads to `to`, at most `bytesPerS`; returns what stops it. */
function forward(from: Socket, to: Socket, bytesPerS?: number): () => void {
  if (!bytesPerS) {
    from.pipe(to);
    return () => from.unpipe(to);
  }
  let stopped = false;
  const onData = (chunk: Buffer) => {
    from.pause();
    to.write(chunk);
    setTimeout(() => { if (!stopped) from.resume(); }, (chunk.length / bytesPerS) * 1000);
  };
  from.on('data', onData);
  return () => {
    stopped = true;
    from.off('data', onData);
  };
}

export async function startTcpProxy(targetPort: number, opts: TcpProxyOptions = {}): Promise<TcpProxy> {
  const open = new Map<[Socket, Socket], () => void>();
  let count = 0;
  const server = createServer((client) => {
    count++;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    const end = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) socket.on('error', end).on('close', end);
    const stops = [forward(client, upstream, opts.uploadBytesPerS), forward(upstream, client)];
    open.set(pair, () => { for (const stop of stops) stop(); });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    blackhole() {
      for (const [[client, upstream], stop] of open) {
        stop();
        // read nothing more: what the peer sends waits in the kernel's buffers, unanswered
        client.pause();
        upstream.pause();
      }
      open.clear();
    },
    connections: () => count,
    async close() {
      server.close();
      for (const [client, upstream] of open.keys()) {
        client.destroy();
        upstream.destroy();
      }
    },
  };
}
