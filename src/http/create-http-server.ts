import { createServer, type IncomingMessage, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type Express } from 'express';
import { GraphQLError, OperationTypeNode, specifiedRules, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { classifyError } from '../errors';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import { Role, type Viewer } from '../platform/auth/viewer';
import type { OperationLimits } from '../platform/limits/operation-limits';
import type { Logger } from '../platform/logger';
import type { RoutedReads } from '../platform/replica-reads';
import type { AppServices, GraphQLContext } from '../schema/context';
import { createLoaders } from '../schema/loaders';
import { AllowedOrigins } from './allowed-origins';
import { presentError } from './error-presenter';
import { closeAtTokenExpiry } from './close-at-token-expiry';
import { createGraphqlErrorFormatter } from './format-graphql-error';
import { graphqlHttpHandler } from './graphql-http-handler';
import { memberExportHandler } from './member-export-route';
import { operationLimitsPlugin } from './operation-limits-plugin';
import { isJsonContentType } from './read-json-body';
import { restErrorHandler, restMethodNotAllowed, restNotFound } from './rest-errors';
import { restEventsHandler } from './rest-events';
import { SocketsPerMember } from './sockets-per-member';
import { SubscriptionDocuments } from './subscription-documents';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  services: AppServices;
  verifyToken: TokenVerifier;
  logger: Logger;
  maxBodyBytes: number;
  /** Run on every document of both transports (depth, aliases, introspection...). */
  validationRules?: ValidationRule[];
  /** Checked once the variables are known, on both transports: cost, read budgets. */
  operationLimits: OperationLimits;
  /** When false (GRAPHQL_INTROSPECTION off), error messages carry no "Did you mean ...?" hints either. */
  introspection: boolean;
  /** CORS_ORIGINS: browsers' origins allowed on HTTP and WebSocket. */
  corsOrigins: readonly string[];
  /** WS_MAX_SOCKETS_PER_MEMBER and WS_MAX_SUBSCRIPTIONS_PER_SOCKET. */
  webSocketLimits: { maxSocketsPerMember: number; maxSubscriptionsPerSocket: number };
  plugins?: ApolloServerPlugin<GraphQLContext>[];
  /** Extra routes (health, metrics) mounted before the API. */
  routes?: (app: Express) => void;
  /** Keeps a member's reads over HTTP on the primary right after their own writes (DATABASE_READ_URL). */
  readRouting?: Pick<RoutedReads, 'withinRequest' | 'servingMember' | 'wrote'>;
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
  const origins = new AllowedOrigins(options.corsOrigins);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: options.maxBodyBytes,
    // A browser page from an origin not in CORS_ORIGINS (nor this server's own, the admin console) is refused before the upgrade (403).
    verifyClient: ({ origin, secure, req }: { origin?: string; secure: boolean; req: IncomingMessage }, accept: (allowed: boolean, status?: number, reason?: string) => void) =>
      origins.allowsSocketFrom(origin, { host: req.headers.host, secure, forwardedProto: headerValue(req.headers['x-forwarded-proto']) })
        ? accept(true)
        : accept(false, 403, 'Origin not allowed'),
  });
  const logFault = (what: string) => (error: unknown) => {
    const classified = classifyError(error);
    options.logger.error({ errorMessage: classified.message, errorCategory: classified.category, stack: classified.stack }, what);
  };
  const contextFor = (viewer: Viewer): GraphQLContext => ({
    viewer,
    services: options.services,
    loaders: createLoaders(options.services.reads),
  });

  const documents = new SubscriptionDocuments([...specifiedRules, ...(options.validationRules ?? [])]);
  const formatError = createGraphqlErrorFormatter(options.logger, { hideSuggestions: !options.introspection });
  const sockets = new SocketsPerMember(options.webSocketLimits.maxSocketsPerMember);
  const { maxSubscriptionsPerSocket } = options.webSocketLimits;
  const wsCleanup = useServer<{ authorization?: string }, { viewer?: Viewer }>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        try {
          const viewer = await options.verifyToken(String(ctx.connectionParams?.authorization ?? ''));
          if (!sockets.tryOpen(viewer.subject)) {
            // 4429 like graphql-ws' other "too many" refusal, which its client does not retry.
            ctx.extra.socket.close(CloseCode.TooManyInitialisationRequests, `RATE_LIMITED: at most ${sockets.max} open sockets per member`);
            return false;
          }
          ctx.extra.socket.once('close', () => sockets.closed(viewer.subject));
          // Closed while its token was being verified: 'close' has already been emitted.
          if (ctx.extra.socket.readyState === ctx.extra.socket.CLOSED) sockets.closed(viewer.subject);
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
      // Parse and validate (cached per document text), then the same limits as over HTTP; a refusal is an `error` message.
      onSubscribe: async (ctx, _id, payload) => {
        // The subscription being started is already counted.
        if (Object.keys(ctx.subscriptions).length > maxSubscriptionsPerSocket) {
          return [
            new GraphQLError(`at most ${maxSubscriptionsPerSocket} operations at once per socket; open another socket or end one`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        }
        const document = documents.parse(payload.query);
        const invalid = documents.validate(options.schema, document);
        if (invalid.length > 0) return [...invalid];
        const refusal = await options.operationLimits.refusal({
          viewer: ctx.extra.viewer as Viewer,
          document,
          operationName: payload.operationName,
          variables: payload.variables ?? undefined,
        });
        if (refusal) return [refusal];
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx) => contextFor(ctx.extra.viewer as Viewer),
      // Subscriptions refused in `subscribe` (FORBIDDEN...) and failed events get the same codes as HTTP.
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    validationRules: options.validationRules,
    // Whether introspection is served is decided by validationRules, the same on both transports.
    introspection: true,
    formatError,
    plugins: [
      operationLimitsPlugin(options.operationLimits),
      // No HTTP caching of GraphQL responses here; without it Apollo wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: async () => void (await wsCleanup.dispose()) }) },
      ...(options.readRouting ? [memberWritesPlugin(options.readRouting)] : []),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  options.routes?.(app);
  app.post(
    '/events',
    express.json({ limit: options.maxBodyBytes, type: (request) => isJsonContentType(request.headers['content-type']) }),
    restEventsHandler(options.services, options.verifyToken),
  );
  app.all('/events', restMethodNotAllowed('POST'));
  app.get('/members/:id/export', memberExportHandler(options.services, options.verifyToken, options.logger));
  app.use(restNotFound);
  const graphqlHttp = graphqlHttpHandler({
    apollo,
    maxBodyBytes: options.maxBodyBytes,
    withinRequest: options.readRouting?.withinRequest,
    context: async (request) => {
      try {
        const viewer = await options.verifyToken(request.headers.authorization);
        if (viewer.role === Role.USER) options.readRouting?.servingMember(viewer.subject);
        return contextFor(viewer);
      } catch (error) {
        const presented = presentError(classifyError(error));
        throw new GraphQLError(presented.message, { extensions: { code: presented.code, http: { status: presented.status } } });
      }
    },
    onFault: logFault('GraphQL HTTP request failed'),
  });
  app.use(restErrorHandler(logFault('REST request failed')));
  httpServer.on(
    'request',
    origins.wrap((request, response) => {
      if (isGraphqlPath(request.url)) void graphqlHttp(request, response);
      else app(request, response);
    }),
  );

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

/** A member's own mutation (redeem, settings, an event) wrote their data: their next reads must show it. */
function memberWritesPlugin(readRouting: Pick<RoutedReads, 'wrote'>): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart: async ({ contextValue }) =>
      contextValue.viewer.role === Role.USER
        ? { willSendResponse: async ({ operation }) => void (operation?.operation === OperationTypeNode.MUTATION && readRouting.wrote([contextValue.viewer.subject])) }
        : undefined,
  };
}

function isGraphqlPath(url: string | undefined): boolean {
  return url === '/graphql' || url?.startsWith('/graphql?') === true;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
