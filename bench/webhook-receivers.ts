/**
 * Webhook endpoints for `bench:realtime` (BENCH_WEBHOOKS), in a child process of their own so
 * that answering thousands of requests a second does not slow the bench's subscribers. Each
 * endpoint verifies every signature with `standardwebhooks`, as a receiver would, and notes
 * when each notification arrived; the parent asks for the figures over IPC.
 *
 * Messages: parent → `{ start: count, poisoned }` → `{ urls, poisonedUrls }`; `{ trust: secrets[] }`
 * (one per healthy endpoint); `{ report: true }` → `{ endpoints: EndpointReport[] }`. A poisoned
 * endpoint takes requests and never answers (every attempt runs into WEBHOOK_TIMEOUT_MS).
 */
import http from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface EndpointReport {
  /** [awardedAt (the engine's commit time), received at] per first arrival of a notification. */
  arrivals: [number, number][];
  requests: number;
  repeats: number;
  badSignatures: number;
}

interface Endpoint {
  server: http.Server;
  verifier?: Webhook;
  seen: Set<string>;
  report: EndpointReport;
}

const endpoints: Endpoint[] = [];

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks`);
    }),
  );
}

function startPoisonedEndpoint(): Promise<string> {
  return listen(http.createServer((request) => request.resume()));
}

function startEndpoint(): Promise<string> {
  const endpoint: Endpoint = { server: http.createServer(), seen: new Set(), report: { arrivals: [], requests: 0, repeats: 0, badSignatures: 0 } };
  endpoint.server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const receivedAt = Date.now();
      const body = Buffer.concat(chunks).toString();
      endpoint.report.requests++;
      try {
        endpoint.verifier!.verify(body, request.headers as Record<string, string>);
      } catch {
        endpoint.report.badSignatures++;
      }
      const { data } = JSON.parse(body) as { data: { id: string; payload: { awardedAt?: string } } };
      if (endpoint.seen.has(data.id)) endpoint.report.repeats++;
      else if (data.payload.awardedAt !== undefined) endpoint.report.arrivals.push([Date.parse(data.payload.awardedAt), receivedAt]);
      endpoint.seen.add(data.id);
      response.writeHead(204).end();
    });
  });
  endpoints.push(endpoint);
  return listen(endpoint.server);
}

process.on('message', (message: { start?: number; poisoned?: number; trust?: string[]; report?: boolean }) => {
  void (async () => {
    if (message.start !== undefined) {
      const urls: string[] = [];
      const poisonedUrls: string[] = [];
      for (let i = 0; i < message.start; i++) urls.push(await startEndpoint());
      for (let i = 0; i < (message.poisoned ?? 0); i++) poisonedUrls.push(await startPoisonedEndpoint());
      process.send!({ urls, poisonedUrls });
    } else if (message.trust) {
      message.trust.forEach((secret, index) => (endpoints[index].verifier = new Webhook(secret)));
      process.send!({ trusted: true });
    } else if (message.report) {
      process.send!({ endpoints: endpoints.map((endpoint) => endpoint.report) });
    }
  })();
});
