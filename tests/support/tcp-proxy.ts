// A loopback TCP proxy for fault tests: put it between a client and a server, then cut the link
// (open connections are destroyed and new ones refused, as when a database host goes away) and
// restore it, or point it at another port (a restarted server) while the clients keep its address.
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';

export interface TcpProxy {
  /** The port clients connect to; it stays the same across cut(), restore() and retarget(). */
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every open connection and stops listening: new connections are refused. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Sends new connections to `port` from now on (open ones are left as they are). */
  retarget(port: number): void;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /**
   * For a MongoDB wire-protocol link: how long to hold each message the client sends before passing
   * it on (0: at once). Later messages on that connection wait behind it, so to the client it is a
   * database that answers that command late.
   */
  holdClientMessage?: (message: Buffer) => number;
}

export async function startTcpProxy(target: { host?: string; port: number }, port = 0, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const host = target.host ?? '127.0.0.1';
  let targetPort = target.port;
  let accepted = 0;
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let boundPort = port;

  const onConnection = (client: Socket) => {
    accepted += 1;
    const upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(targetPort, host, () => {
      if (options.holdClientMessage) forwardMessages(client, upstream, options.holdClientMessage);
      else client.pipe(upstream);
      upstream.pipe(client);
    });
  };

  const listen = async () => {
    const next = createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(boundPort, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });
    boundPort = (next.address() as AddressInfo).port;
    server = next;
  };

  const stopListening = async () => {
    const current = server;
    server = null;
    if (!current) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };

  await listen();
  return {
    get port() {
      return boundPort;
    },
    get accepted() {
      return accepted;
    },
    cut: stopListening,
    async restore() {
      if (!server) await listen();
    },
    retarget(next: number) {
      targetPort = next;
    },
    close: stopListening,
  };
}

/**
 * Passes wire-protocol messages (each led by its int32 little-endian length) from `from` to `to`,
 * in order, each after the delay `hold` gives it.
 */
function forwardMessages(from: Socket, to: Socket, hold: (message: Buffer) => number): void {
  let buffered = Buffer.alloc(0);
  let queue = Promise.resolve();
  from.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= buffered.readInt32LE(0)) {
      const message = buffered.subarray(0, buffered.readInt32LE(0));
      buffered = buffered.subarray(message.length);
      const delay = hold(message);
      queue = queue.then(async () => {
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        if (!to.destroyed) to.write(message);
      });
    }
  });
}
