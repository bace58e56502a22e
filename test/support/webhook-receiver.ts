import http from 'node:http';
import type { Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** How the receiver answers: 2xx, a 500, no answer at all, 429 with Retry-After, or (closed) no listener on its port. */
export type ReceiverMode = { answer: 'ok' } | { answer: 'error' } | { answer: 'hang' } | { answer: 'too-many'; retryAfterSeconds: number } | { answer: 'closed' };

/** A request as the receiver saw it: verified with `standardwebhooks`, as a receiver would. */
export interface ReceivedWebhook {
  webhookId: string;
  body: { type: string; timestamp: string; data: { id: string; userId: string; kind: string; [field: string]: unknown } };
  signature: string;
  /** The secrets (of those the receiver was given) whose signature verified. */
  verifiedWith: string[];
  /** When the receiver got it (Date.now()), and how it answered. */
  at: number;
  answer: ReceiverMode['answer'];
}

/**
 * A webhook endpoint on 127.0.0.1 for tests: records every request, verifies its signature
 * against the secrets it is told, and answers as told (`setMode`), including not listening.
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  private secrets: string[] = [];
  private mode: ReceiverMode = { answer: 'ok' };
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<http.ServerResponse>();
  port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Secrets to verify against (a request verifies when any of them does). */
  trust(...secrets: string[]): void {
    this.secrets = secrets;
  }

  async setMode(mode: ReceiverMode): Promise<void> {
    const wasClosed = this.mode.answer === 'closed';
    this.mode = mode;
    if (mode.answer !== 'hang') this.releaseHanging();
    if (mode.answer === 'closed' && !wasClosed) await this.close();
    if (mode.answer !== 'closed' && wasClosed) await this.listen();
  }

  /** Requests answered 2xx (the deliveries), in arrival order. */
  delivered(): ReceivedWebhook[] {
    return this.requests.filter((request) => request.answer === 'ok');
  }

  /** Delivered notification ids per member, in arrival order. */
  deliveredByMember(): Map<string, string[]> {
    const byMember = new Map<string, string[]>();
    for (const request of this.delivered()) {
      const ids = byMember.get(request.body.data.userId) ?? [];
      ids.push(request.body.data.id);
      byMember.set(request.body.data.userId, ids);
    }
    return byMember;
  }

  async stop(): Promise<void> {
    this.releaseHanging();
    await this.close();
  }

  private releaseHanging(): void {
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
  }

  private listen(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.answer(request, response, Buffer.concat(chunks).toString()));
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        const address = server.address();
        this.port = typeof address === 'object' && address ? address.port : 0;
        resolve();
      });
    });
  }

  private async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse, body: string): void {
    const headers = { 'webhook-id': header(request, 'webhook-id'), 'webhook-timestamp': header(request, 'webhook-timestamp'), 'webhook-signature': header(request, 'webhook-signature') };
    const verifiedWith = this.secrets.filter((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    const mode = this.mode;
    this.requests.push({ webhookId: headers['webhook-id'], body: JSON.parse(body), signature: headers['webhook-signature'], verifiedWith, at: Date.now(), answer: mode.answer });
    switch (mode.answer) {
      case 'ok':
        response.writeHead(204).end();
        return;
      case 'error':
        response.writeHead(500).end('receiver failing on command');
        return;
      case 'too-many':
        response.writeHead(429, { 'retry-after': String(mode.retryAfterSeconds) }).end();
        return;
      case 'hang':
      case 'closed':
        this.hanging.add(response);
        return;
    }
  }
}

function header(request: http.IncomingMessage, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}
