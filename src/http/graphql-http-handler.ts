import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import { BodyError, readJsonBody } from './read-json-body';

export interface GraphqlHttpHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  maxBodyBytes: number;
  context: (request: IncomingMessage) => Promise<TContext>;
  /** Wraps each request's execution (the read routing's request scope). */
  withinRequest?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Faults of our own (not of the request) after Apollo gave up on them. */
  onFault: (error: unknown) => void;
}

/**
 * `/graphql` over plain `node:http`: Apollo's own HTTP pipeline (CSRF prevention, content
 * negotiation, GET queries) without Express' router, body parser and ETag hashing, which took
 * about half of a query's API CPU (bench/RESULTS.md).
 */
export function graphqlHttpHandler<TContext extends BaseContext>(options: GraphqlHttpHandlerOptions<TContext>) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const body = await readJsonBody(request, options.maxBodyBytes);
      const execute = () =>
        options.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: request.method ?? 'GET', headers: headerMapOf(request), search: searchOf(request.url), body },
          context: () => options.context(request),
        });
      const httpGraphQLResponse = await (options.withinRequest ? options.withinRequest(execute) : execute());
      await send(response, httpGraphQLResponse);
    } catch (error) {
      if (error instanceof BodyError) {
        sendJson(response, error.status, error.responseBody);
        return;
      }
      options.onFault(error);
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.destroy();
    }
  };
}

function headerMapOf(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function searchOf(url: string | undefined): string {
  const start = url?.indexOf('?') ?? -1;
  return start >= 0 ? url!.slice(start) : '';
}

async function send(response: ServerResponse, result: HTTPGraphQLResponse): Promise<void> {
  response.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) response.setHeader(name, value);
  if (result.body.kind === 'complete') {
    response.setHeader('content-length', Buffer.byteLength(result.body.string));
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
