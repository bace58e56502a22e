import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import type { HealthCheck } from '../platform/health';
import { namespace, type Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { redisEndpoint } from '../platform/redis';
import { createInProcessNotificationBus } from './in-process-notification-bus';
import type { NotificationBus } from './notification-bus';
import { createRedisNotificationBus } from './redis-notification-bus';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { OutboxSink } from '../outbox/outbox-sink';
import { PubSubOutboxSink } from './pubsub-outbox-sink';
import { EmbeddedRelayConnection } from '../outbox/embedded-relay-connection';
import { PostgresRelayConnection } from '../outbox/postgres-relay-connection';
import type { WrittenNotifications } from '../outbox/written-notifications';

/** The notification bus and (unless OUTBOX_RELAY=false) an outbox relay, as one process runs them. */
export interface RealtimeBackground {
  bus: NotificationBus;
  /** Relay now: call after a commit in this process (the embedded database has no NOTIFY). */
  wakeRelay(): void;
  /** For `/health/ready` when Redis carries the notifications: degraded (never down) while it is away. */
  health?: HealthCheck;
  stop(): Promise<void>;
}

export interface RealtimeBackgroundOptions {
  /** Sinks after the pub/sub one (e.g. leaderboards); each sees every committed notification at least once. */
  sinks?: readonly OutboxSink[];
}

/**
 * Starts what the API nodes and the worker share: the bus and a relay. Any number of processes
 * may run a relay; one leads (PostgreSQL advisory lock) and the others stand by.
 */
export function startRealtimeBackground(
  runtime: { config: AppConfig; database: Database; logger: Logger; writtenNotifications?: WrittenNotifications },
  metrics: Metrics,
  options: RealtimeBackgroundOptions = {},
): RealtimeBackground {
  const { config, database } = runtime;
  const logger = namespace(runtime.logger, 'realtime');
  const endpoint = redisEndpoint(config);
  const bus = endpoint ? createRedisNotificationBus(endpoint, logger) : createInProcessNotificationBus();
  const relay = config.OUTBOX_RELAY
    ? new OutboxRelay({
        connection: config.DATABASE_URL === undefined ? new EmbeddedRelayConnection(database) : new PostgresRelayConnection(config.DATABASE_URL, logger),
        sinks: [new PubSubOutboxSink(bus.pubsub, config.CHANNEL_PREFIX), ...(options.sinks ?? [])],
        logger,
        metrics,
        pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
        batchSize: config.OUTBOX_BATCH_SIZE,
        written: runtime.writtenNotifications,
      })
    : undefined;
  relay?.start();
  return {
    bus,
    wakeRelay: () => relay?.wake(),
    health: endpoint ? { name: 'redis-pubsub', critical: false, probe: async () => assertRedisUp(bus) } : undefined,
    stop: async () => {
      await relay?.stop();
      await bus.close();
    },
  };
}

function assertRedisUp(bus: NotificationBus): void {
  if (bus.redisStatus() !== 'up') throw new Error('redis pub/sub disconnected: notifications wait in the outbox');
}
