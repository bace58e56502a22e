import { ConfigError, type AppConfig } from './config';

/** How the topics the engine creates are replicated. */
export interface TopicReplication {
  replicationFactor: number;
  /** Replicas that must have an `acks=all` write before it succeeds (the topic's `min.insync.replicas`). */
  minInsyncReplicas: number;
}

export type ReplicationSettings = Pick<AppConfig, 'KAFKA_REPLICATION_FACTOR' | 'KAFKA_MIN_INSYNC_REPLICAS'>;

/** Replicas per partition when KAFKA_REPLICATION_FACTOR is unset and the cluster is large enough. */
const DEFAULT_REPLICATION_FACTOR = 3;
/** In-sync replicas an acks=all write needs from three replicas up: it survives one broker's loss and is never kept by one broker alone. */
const DEFAULT_MIN_INSYNC_REPLICAS = 2;

/**
 * The replication of new topics on a cluster of `brokerCount` brokers: KAFKA_REPLICATION_FACTOR,
 * or min(3, brokers); KAFKA_MIN_INSYNC_REPLICAS, or 2 from three replicas up (1 below, where
 * requiring 2 would stop writes whenever one broker is away).
 */
export function topicReplication(brokerCount: number, settings: ReplicationSettings): TopicReplication {
  const replicationFactor = settings.KAFKA_REPLICATION_FACTOR ?? Math.max(1, Math.min(DEFAULT_REPLICATION_FACTOR, brokerCount));
  const minInsyncReplicas = settings.KAFKA_MIN_INSYNC_REPLICAS ?? (replicationFactor >= DEFAULT_REPLICATION_FACTOR ? DEFAULT_MIN_INSYNC_REPLICAS : 1);
  if (minInsyncReplicas > replicationFactor) {
    throw new ConfigError(
      `Invalid configuration:\n  KAFKA_MIN_INSYNC_REPLICAS (${minInsyncReplicas}) exceeds the replication factor (${replicationFactor}): no acks=all write could succeed`,
    );
  }
  return { replicationFactor, minInsyncReplicas };
}
