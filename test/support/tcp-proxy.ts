import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a database, for fault tests: `cut()` drops every open connection,
 * `refuse()` also refuses new ones (ECONNREFUSED), `pause()` keeps sockets open but forwards
 * nothing (a frozen database), `resume()` ends either.
 */
export interface TcpProxy {
  /** The target URL with host and port replaced by the proxy's. */
  readonly url: string;
  /** Connections open now (both sides count as one). */
  readonly connections: number;
  cut(): void;
  refuse(): Promise<void>;
  pause(): void;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  /** Chunks held while paused, in arrival order, each with the socket it is for. */
  let held: [Socket, Buffer][] = [];
  let paused = false;

  const forward = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (paused) held.push([to, chunk]);
      else if (!to.destroyed) to.write(chunk);
    });

  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, target.hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) socket.on('error', end).on('close', end);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  const cut = () => {
    held = [];
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  const listening = () => server.listening;
  return {
    url: url.toString(),
    get connections() {
      return pairs.size;
    },
    cut,
    async refuse() {
      const closed = listening() ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
      cut();
      await closed;
    },
    pause() {
      paused = true;
    },
    async resume() {
      paused = false;
      for (const [socket, chunk] of held) if (!socket.destroyed) socket.write(chunk);
      held = [];
      if (!listening()) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      cut();
      if (listening()) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
