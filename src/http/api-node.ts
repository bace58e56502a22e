import type { ProcessOutcome } from '../engine/gamification-engine';
import { startBackgroundSweeps } from '../app/background-sweeps';
import type { Express } from 'express';
import { GroupCommit } from '../engine/group-commit';
import { DeadLetterDesk } from '../dead-letters/dead-letter-desk';
import { createKafka } from '../platform/kafka';
import { KafkaTopics } from '../kafka/kafka-topics';
import { namespace } from '../platform/logger';
import { GameActivityFeed } from '../realtime/game-activity';
import { GameStats } from '../stats/game-stats';
import { MemberReads, readProfiles } from '../engine/read/member-reads';
import { sharedLookupsPerRoute } from '../platform/shared-lookups';
import { startHttpServer, type RunningHttpServer } from './create-http-server';
import { opsRoutes } from './ops-routes';
import { adminConsoleRoutes } from './admin-console';
import { cacheVerifiedTokens } from './verified-token-cache';
import { createLeaderboards } from '../leaderboards/leaderboards';
import { introspectionEnabled, type AppConfig } from '../platform/config';
import { graphqlLimitRules } from '../platform/limits/graphql-limit-rules';
import { OperationLimits } from '../platform/limits/operation-limits';
import { ReadRateLimit } from '../platform/limits/read-rate-limit';
import { withRecordEventRateLimit } from '../platform/limits/record-event-rate-limit';
import { HealthChecks } from '../platform/health';
import { kafkaHealthCheck } from '../platform/kafka-health';
import { Metrics } from '../platform/metrics';
import { createRetryPolicy, retrySettingsFrom } from '../platform/resilience';
import { NotificationFeed } from '../realtime/notification-feed';
import { OutboxHistory } from '../outbox/outbox-history';
import { startRealtimeBackground } from '../realtime/realtime-background';
import { wakeRelayAfterCommit } from '../outbox/wake-relay-after-commit';
import { Role } from '../platform/auth/viewer';
import { RuleVersionReads } from '../rule-versions/rule-version-store';
import { RulesPublisher } from '../rule-versions/rules-publisher';
import { RecomputeJobReads } from '../rule-versions/recompute-jobs';
import { buildGameSchema } from '../resolvers/build-schema';
import { startWebhooks } from '../webhooks/webhooks';
import { WalletReads } from '../wallet/wallet-reads';
import { CorrectionReads } from '../corrections/correction-reads';
import type { AppServices } from '../schema/context';
import { setUpAuth, type AuthSetup } from '../app/auth-setup';
import { startMembers } from '../app/members-setup';
import { instrumentEngine } from '../app/instrumented-engine';
import { reprocessingIngestion } from '../app/kafka-ingestion';
import { Lifecycle } from '../app/lifecycle';
import { openReads } from '../app/read-routing';
import { createRuntime, type Runtime } from '../app/runtime';

/**
 * Profile reads of concurrent requests share one query (one at a time per read route, the ones
 * asked meanwhile go in the next): at 32 connections this doubled `profile`'s rate (bench/RESULTS.md).
 */
const PROFILES_PER_SHARED_READ = 1000;

/** A running API process: HTTP + WebSocket server over one runtime. */
export interface ApiNode {
  url: string;
  runtime: Runtime;
  auth: AuthSetup;
  metrics: Metrics;
  /** `/health/ready` reports these; components register their dependencies' probes. */
  health: HealthChecks;
  http: RunningHttpServer;
  stop(): Promise<void>;
}

/** Builds and starts everything `serve` runs; tests start nodes the same way. */
export async function startApiNode(config: AppConfig): Promise<ApiNode> {
  const runtime = await createRuntime(config, 'api');
  const lifecycle = new Lifecycle(runtime.logger, config.SHUTDOWN_DEADLINE_MS);
  lifecycle.own('runtime', runtime, (opened) => opened.close());
  return lifecycle.startAll(() => assembleApiNode(runtime, lifecycle));
}

async function assembleApiNode(runtime: Runtime, lifecycle: Lifecycle): Promise<ApiNode> {
  const { config, logger, database, engine, rules } = runtime;
  const metrics = new Metrics();
  const auth = setUpAuth(config);
  const health = new HealthChecks(config.HEALTH_CHECK_TIMEOUT_MS);
  health.register({ name: 'database', critical: true, probe: () => database.ping() });
  const game = rules.current;
  // Reads never take the engine's connections: a pool of their own, bounded and with a statement timeout.
  const readDatabase = lifecycle.own('read pool', openReads(runtime, metrics), (pool) => pool.close());
  const leaderboards = lifecycle.own(
    'leaderboards',
    createLeaderboards(config, readDatabase, logger, () => rules.current().levels),
    (opened) => opened.close(),
  );
  const stopListingSync = leaderboards.listing?.keepInSync(database, logger);
  if (stopListingSync) lifecycle.own('leaderboard listing sync', stopListingSync, (stop) => stop());
  if (leaderboards.health) health.register(leaderboards.health);
  const kafkaHealth = config.KAFKA_BROKERS ? lifecycle.own('kafka health check', kafkaHealthCheck(config, logger), (check) => check.close()) : undefined;
  if (kafkaHealth) health.register(kafkaHealth);
  const webhooks = lifecycle.own('webhooks', startWebhooks(config, database, logger, metrics.registry), (started) => started.stop());
  const realtime = lifecycle.own('realtime', startRealtimeBackground(runtime, metrics, { sinks: [...(leaderboards.sink ? [leaderboards.sink] : []), webhooks.sink] }), (started) =>
    started.stop(),
  );
  if (realtime.health) health.register(realtime.health);
  const notificationHistory = new OutboxHistory(readDatabase);
  // A transient database fault (deadlock, failover, dropped connection) is retried before a caller sees it.
  const databaseRetry = createRetryPolicy('database', retrySettingsFrom(config).database, metrics);
  const committing = wakeRelayAfterCommit(instrumentEngine(engine, metrics, logger, 'api', runtime.outcomes), () => realtime.wakeRelay());
  const processBatch: typeof committing = async (inputs) => {
    const outcomes = await committing(inputs);
    readDatabase.wrote(membersWrittenBy(outcomes));
    return outcomes;
  };
  const groupCommit = new GroupCommit(
    { process: (inputs) => databaseRetry.execute(() => processBatch(inputs)) },
    { windowMs: config.GROUP_COMMIT_WINDOW_MS, maxBatch: config.GROUP_COMMIT_MAX_BATCH, maxInFlight: config.GROUP_COMMIT_MAX_IN_FLIGHT },
  );
  const notificationFeed = new NotificationFeed({ bus: realtime.bus, history: notificationHistory, channelPrefix: config.CHANNEL_PREFIX, metrics, logger });
  const deadLetters = config.KAFKA_BROKERS ? deadLetterDesk(config, runtime) : undefined;
  const members = startMembers({ config, database, keyring: runtime.keyring, leaderboards, redis: realtime.bus.redis, feed: notificationFeed });
  const services: AppServices = {
    recordEvent: withRecordEventRateLimit((input) => groupCommit.submit(input), {
      points: config.RECORD_EVENT_RATE_LIMIT,
      windowSeconds: config.RECORD_EVENT_RATE_WINDOW_SECONDS,
      redis: realtime.bus.redis,
      keyPrefix: `${config.CHANNEL_PREFIX}:rate:record-event`,
    }),
    reads: new MemberReads(readDatabase, game, { timeZone: config.TIMEZONE, profiles: sharedLookupsPerRoute(readDatabase, readProfiles, PROFILES_PER_SHARED_READ) }),
    adjustments: runtime.adjustments,
    leaderboards: leaderboards.reader,
    members,
    rules: {
      versions: new RuleVersionReads(readDatabase),
      publisher: new RulesPublisher(database, new RuleVersionReads(database), namespace(logger, 'rules'), (published) => rules.adopt(published)),
      jobs: new RecomputeJobReads(readDatabase),
    },
    game,
    notifications: {
      live: notificationFeed,
      history: notificationHistory,
      activity: new GameActivityFeed(realtime.bus.pubsub, config.CHANNEL_PREFIX, config.GAME_ACTIVITY_MAX_PER_SECOND, logger),
    },
    stats: new GameStats(readDatabase, game, {
      timeZone: config.TIMEZONE,
      deadLetterCounts: deadLetters && (() => deadLetters.counts()),
    }),
    deadLetters,
    webhooks: webhooks.admin,
    wallet: { spending: runtime.wallet, reads: new WalletReads(readDatabase, game) },
    corrections: { retraction: runtime.corrections.retraction, review: runtime.corrections.review, reads: new CorrectionReads(readDatabase) },
  };
  const routes = (app: Express) => {
    opsRoutes({ metrics, health })(app);
    adminConsoleRoutes()(app);
  };
  const schema = await buildGameSchema();
  const introspection = introspectionEnabled(config);
  const operationLimits = new OperationLimits(schema, {
    maxCost: config.GRAPHQL_MAX_COST,
    reads: new ReadRateLimit({
      budgets: { [Role.USER]: config.READ_RATE_LIMIT, [Role.SERVICE]: config.READ_RATE_LIMIT_SERVICE, [Role.ADMIN]: config.READ_RATE_LIMIT_ADMIN },
      windowSeconds: config.READ_RATE_WINDOW_SECONDS,
      redis: realtime.bus.redis,
      keyPrefix: `${config.CHANNEL_PREFIX}:rate:read`,
    }),
  });
  const http = lifecycle.own(
    'http server',
    await startHttpServer(
      {
        schema,
        services,
        verifyToken: cacheVerifiedTokens(auth.verifyToken, { max: 100_000, maxAgeMs: 5 * 60_000 }),
        logger,
        maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
        validationRules: graphqlLimitRules({ maxDepth: config.GRAPHQL_MAX_DEPTH, maxAliases: config.GRAPHQL_MAX_ALIASES, introspection }),
        operationLimits,
        introspection,
        corsOrigins: config.CORS_ORIGINS,
        webSocketLimits: { maxSocketsPerMember: config.WS_MAX_SOCKETS_PER_MEMBER, maxSubscriptionsPerSocket: config.WS_MAX_SUBSCRIPTIONS_PER_SOCKET },
        routes,
        readRouting: readDatabase,
      },
      config.PORT,
      config.HOST,
    ),
    (server) => server.stop(),
  );
  lifecycle.own('background sweeps', startBackgroundSweeps(runtime), (sweeps) => sweeps.stop());
  logger.info({ url: `${http.url}/graphql` }, 'GraphQL API ready');
  return {
    url: http.url,
    runtime,
    auth,
    metrics,
    health,
    http,
    stop: () => lifecycle.stop(),
  };
}

/** The admin API's dead-letter desk, re-processing through this node's runtime. */
function deadLetterDesk(config: AppConfig, runtime: Runtime): DeadLetterDesk {
  const kafka = createKafka(config, namespace(runtime.logger, 'dead-letters'), '-api-dlq');
  const topics = new KafkaTopics(config.KAFKA_TOPIC_PREFIX);
  return new DeadLetterDesk(config, kafka, topics, reprocessingIngestion(kafka, topics, { shared: runtime }));
}

/** The members a batch wrote, read only when a replica is in use (no read routing: never iterated). */
function* membersWrittenBy(outcomes: readonly ProcessOutcome[]): Generator<string> {
  for (const outcome of outcomes) if (outcome.status === 'processed') yield outcome.event.userId;
}
