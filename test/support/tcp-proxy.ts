import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to simulate a network outage of a real service: `cut()` drops every connection
 * and refuses new ones (ECONNREFUSED, as if the host went away), `restore()` accepts again on
 * the same port. Point a client at `url`-like addresses built from `port`.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private listenPort = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts forwarding 127.0.0.1:<free port> to `targetHost:targetPort`. */
  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.restore();
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  /** Destroys every proxied connection (both sides) and stops listening. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again (on the same port after a cut). */
  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.listenPort = typeof address === 'object' && address ? address.port : this.listenPort;
    this.server = server;
  }

  private forward(client: Socket): void {
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // A reset on one side closes the other; the client sees the connection drop, as in a real outage.
      socket.on('error', () => (socket === client ? upstream : client).destroy());
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
