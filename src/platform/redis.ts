import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { AppConfig } from './config';
import type { Logger } from './logger';

/** A Redis command connection: one server, or a Redis Cluster (which routes each key to its slot's master). */
export type RedisClient = Redis | Cluster;

/** Where Redis is: one server (REDIS_URL) or the seed nodes of a cluster (REDIS_CLUSTER_NODES). */
export type RedisEndpoint = { url: string } | { clusterNodes: readonly RedisNode[] };

export interface RedisNode {
  host: string;
  port: number;
}

/** The configured Redis, the cluster when REDIS_CLUSTER_NODES is set; undefined without Redis. */
export function redisEndpoint(config: Pick<AppConfig, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>): RedisEndpoint | undefined {
  if (config.REDIS_CLUSTER_NODES.length > 0) return { clusterNodes: config.REDIS_CLUSTER_NODES };
  return config.REDIS_URL === undefined ? undefined : { url: config.REDIS_URL };
}

/** Capped exponential backoff between reconnection attempts, to a server or to a cluster. */
function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 6), 2000);
}

/** Settings of every connection, to a single server or to each cluster node. */
const CONNECTION_DEFAULTS: RedisOptions = {
  lazyConnect: false,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  retryStrategy: reconnectDelay,
  enableAutoPipelining: true,
};

/** How often a cluster client re-reads the slot map unprompted: bounds how long a failover goes unnoticed by subscribers. */
const SLOTS_REFRESH_MS = 1000;

/**
 * An ioredis client that never crashes the process when Redis is away: it reconnects with
 * capped backoff, fails commands fast while disconnected (no unbounded offline queue), and logs
 * state changes once. Callers treat a failed command as "Redis degraded" and carry on.
 * Commands issued in the same event-loop turn (rate-limit checks of concurrent requests, a
 * relay batch's publishes) go out in one write (auto-pipelining, per node on a cluster).
 */
export function createRedisClient(endpoint: RedisEndpoint, logger: Logger, options: RedisOptions = {}): RedisClient {
  return 'url' in endpoint
    ? loggingStateChanges(new Redis(endpoint.url, { ...CONNECTION_DEFAULTS, ...options }), redactUrl(endpoint.url), logger)
    : createRedisClusterClient(endpoint.clusterNodes, logger, options);
}

/** As {@link createRedisClient}, on a Redis Cluster: `options` apply to every node's connection, `clusterOptions` to the client. */
export function createRedisClusterClient(nodes: readonly RedisNode[], logger: Logger, options: RedisOptions = {}, clusterOptions: ClusterOptions = {}): Cluster {
  const client = new Cluster([...nodes], {
    lazyConnect: false,
    enableOfflineQueue: options.enableOfflineQueue ?? false,
    enableAutoPipelining: options.enableAutoPipelining ?? true,
    enableReadyCheck: options.enableReadyCheck ?? true,
    slotsRefreshInterval: SLOTS_REFRESH_MS,
    clusterRetryStrategy: reconnectDelay,
    ...clusterOptions,
    redisOptions: { ...CONNECTION_DEFAULTS, ...options },
  });
  return loggingStateChanges(client, `cluster ${nodes.map((node) => `${node.host}:${node.port}`).join(',')}`, logger);
}

function loggingStateChanges<Client extends RedisClient>(client: Client, where: string, logger: Logger): Client {
  let healthy = true;
  client.on('ready', () => {
    if (!healthy) logger.info({ redis: where }, 'redis reconnected');
    healthy = true;
  });
  client.on('error', (error: Error) => {
    if (healthy) logger.warn({ redis: where, errorMessage: error.message, errorCategory: 'NETWORK' }, 'redis unavailable');
    healthy = false;
  });
  return client;
}

/**
 * Every key matching `pattern` (a SCAN glob), of `type` when given. On a cluster each master is
 * scanned (a SCAN only sees its own node's keys); replicas hold copies and are skipped.
 */
export async function scanKeys(client: RedisClient, pattern: string, type?: string): Promise<string[]> {
  const keys = new Set<string>();
  for (const node of client instanceof Cluster ? client.nodes('master') : [client]) {
    let cursor = '0';
    do {
      const [next, batch] = type ? await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT, 'TYPE', type) : await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
      for (const key of batch) keys.add(key);
      cursor = next;
    } while (cursor !== '0');
  }
  return [...keys];
}

const SCAN_COUNT = 1000;

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
