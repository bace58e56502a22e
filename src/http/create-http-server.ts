import { createServer, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type Express } from 'express';
import { GraphQLError, specifiedRules, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { classifyError } from '../engine/errors';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { Viewer } from '../platform/auth/viewer';
import type { Logger } from '../platform/logger';
import type { AppServices, GraphQLContext } from '../schema/context';
import { createLoaders } from '../schema/loaders';
import { presentError } from './error-presenter';
import { closeAtTokenExpiry } from './close-at-token-expiry';
import { createGraphqlErrorFormatter } from './format-graphql-error';
import { graphqlHttpHandler } from './graphql-http-handler';
import { BodyError } from './read-json-body';
import { memberExportHandler } from './member-export-route';
import { restEventsHandler } from './rest-events';
import { SubscriptionDocuments } from './subscription-documents';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  services: AppServices;
  verifyToken: TokenVerifier;
  logger: Logger;
  maxBodyBytes: number;
  validationRules?: ValidationRule[];
  plugins?: ApolloServerPlugin<GraphQLContext>[];
  /** Extra routes (health, metrics) mounted before the API. */
  routes?: (app: Express) => void;
  /** Called for each graphql-ws connection's subscriptions context. */
  onSocketConnect?: (viewer: Viewer) => void;
}

export interface RunningHttpServer {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/**
 * One HTTP server: GraphQL (queries and mutations) at /graphql, graphql-ws subscriptions on the
 * same path, REST `POST /events` and `GET /members/:id/export`, and whatever `routes` adds (those three through Express).
 * Apollo drains both the HTTP server and the WebSocket server on stop.
 */
export async function startHttpServer(options: HttpServerOptions, port: number, host: string): Promise<RunningHttpServer> {
  const app = express();
  app.disable('x-powered-by');
  // Requests are routed once Apollo has started (below), before the server listens.
  const httpServer = createServer();
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: options.maxBodyBytes });
  const contextFor = (viewer: Viewer): GraphQLContext => ({
    viewer,
    services: options.services,
    loaders: createLoaders(options.services.reads),
  });

  const documents = new SubscriptionDocuments([...specifiedRules, ...(options.validationRules ?? [])]);
  const formatError = createGraphqlErrorFormatter(options.logger);
  const wsCleanup = useServer<{ authorization?: string }, { viewer?: Viewer }>(
    {
      schema: options.schema,
      parse: (source) => documents.parse(source),
      validate: (schema, document) => documents.validate(schema, document),
      onConnect: async (ctx) => {
        try {
          const viewer = await options.verifyToken(String(ctx.connectionParams?.authorization ?? ''));
          ctx.extra.viewer = viewer;
          if (viewer.expiresAt) closeAtTokenExpiry(ctx.extra.socket, viewer.expiresAt);
          options.onSocketConnect?.(viewer);
          return true;
        } catch (error) {
          // 4403 like graphql-ws' own refusal (4500 when the fault is ours, e.g. the JWKS endpoint is down), with the reason (at most 123 bytes).
          const presented = presentError(classifyError(error));
          const code = presented.status >= 500 ? CloseCode.InternalServerError : CloseCode.Forbidden;
          ctx.extra.socket.close(code, `${presented.code}: ${presented.message}`.slice(0, 120));
          return false;
        }
      },
      context: (ctx) => contextFor(ctx.extra.viewer as Viewer),
      // Subscriptions refused in `subscribe` (FORBIDDEN...) and failed events get the same codes as HTTP.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    validationRules: options.validationRules,
    formatError,
    plugins: [
      // No HTTP caching of GraphQL responses here; without it Apollo wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: async () => void (await wsCleanup.dispose()) }) },
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  options.routes?.(app);
  app.post('/events', express.json({ limit: options.maxBodyBytes }), restEventsHandler(options.services, options.verifyToken));
  app.get('/members/:id/export', memberExportHandler(options.services, options.verifyToken, options.logger));
  const graphqlHttp = graphqlHttpHandler({
    apollo,
    maxBodyBytes: options.maxBodyBytes,
    context: async (request) => {
      try {
        return contextFor(await options.verifyToken(request.headers.authorization));
      } catch (error) {
        const presented = presentError(classifyError(error));
        throw new GraphQLError(presented.message, { extensions: { code: presented.code, http: { status: presented.status } } });
      }
    },
    onFault: (error) => {
      const classified = classifyError(error);
      options.logger.error({ errorMessage: classified.message, errorCategory: classified.category, stack: classified.stack }, 'GraphQL HTTP request failed');
    },
  });
  app.use(bodyErrorHandler);
  httpServer.on('request', (request, response) => {
    if (isGraphqlPath(request.url)) void graphqlHttp(request, response);
    else app(request, response);
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  const address = httpServer.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    server: httpServer,
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}`,
    stop: () => apollo.stop(),
  };
}

function isGraphqlPath(url: string | undefined): boolean {
  return url === '/graphql' || url?.startsWith('/graphql?') === true;
}

/** Oversize or malformed JSON bodies of the Express routes get the same JSON errors as /graphql. */
function bodyErrorHandler(error: { type?: string; message?: string }, _req: express.Request, res: express.Response, next: express.NextFunction): void {
  const refused = error.type === 'entity.too.large' ? BodyError.tooLarge() : error.type === 'entity.parse.failed' ? BodyError.malformed(error.message ?? '') : undefined;
  if (!refused) return next(error);
  res.status(refused.status).json(refused.responseBody);
}
