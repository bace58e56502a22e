/**
 * Webhook endpoints for `bench:realtime` (BENCH_WEBHOOKS), in a child process of their own so
 * that answering thousands of requests a second does not slow the bench's subscribers. Each
 * endpoint verifies every signature with `standardwebhooks`, as a receiver would, and notes
 * when each notification arrived; the parent asks for the figures over IPC.
 *
 * Messages: parent → `{ start: count }` → `{ urls }`; `{ trust: secrets[] }` (one per endpoint);
 * `{ report: true }` → `{ endpoints: EndpointReport[] }`.
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
  return new Promise((resolve) =>
    endpoint.server.listen(0, '127.0.0.1', () => {
      const address = endpoint.server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks`);
    }),
  );
}

process.on('message', (message: { start?: number; trust?: string[]; report?: boolean }) => {
  void (async () => {
    if (message.start !== undefined) {
      const urls: string[] = [];
      for (let i = 0; i < message.start; i++) urls.push(await startEndpoint());
      process.send!({ urls });
    } else if (message.trust) {
      message.trust.forEach((secret, index) => (endpoints[index].verifier = new Webhook(secret)));
      process.send!({ trusted: true });
    } else if (message.report) {
      process.send!({ endpoints: endpoints.map((endpoint) => endpoint.report) });
    }
  })();
});
