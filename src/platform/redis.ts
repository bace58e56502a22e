import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { ConfigError, type AppConfig } from './config';
import type { Logger } from './logger';

/** A Redis command connection: one server, or a Redis Cluster (which routes each key to its slot's master). */
export type RedisClient = Redis | Cluster;

/**
 * Where Redis is and how to reach it: one server (REDIS_URL, credentials in the URL, TLS with
 * `rediss://`) or the seed nodes of a cluster (REDIS_CLUSTER_NODES) with the credentials and TLS
 * every node's connection uses. `tls` undefined: plain TCP (or, for a URL, what its scheme says).
 */
export type RedisEndpoint = RedisServerEndpoint | RedisClusterEndpoint;

export interface RedisServerEndpoint {
  url: string;
  tls?: ConnectionOptions;
}

export interface RedisClusterEndpoint {
  clusterNodes: readonly RedisNode[];
  security: RedisNodeSecurity;
}

/** What every connection to a cluster node presents: the ACL user and password, TLS. */
export interface RedisNodeSecurity {
  username?: string;
  password?: string;
  tls?: ConnectionOptions;
}

export interface RedisNode {
  host: string;
  port: number;
}

/** The configured Redis, the cluster when REDIS_CLUSTER_NODES is set; undefined without Redis. */
export function redisEndpoint(config: RedisSettings): RedisEndpoint | undefined {
  if (config.REDIS_CLUSTER_NODES.length > 0) {
    const tls = config.REDIS_CLUSTER_TLS ? trustedCa(config) : undefined;
    return { clusterNodes: config.REDIS_CLUSTER_NODES, security: { username: config.REDIS_CLUSTER_USERNAME, password: config.REDIS_CLUSTER_PASSWORD, tls } };
  }
  if (config.REDIS_URL === undefined) return undefined;
  return /^rediss:/i.test(config.REDIS_URL) ? { url: config.REDIS_URL, tls: trustedCa(config) } : { url: config.REDIS_URL };
}

type RedisSettings = Pick<AppConfig, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_CLUSTER_USERNAME' | 'REDIS_CLUSTER_PASSWORD' | 'REDIS_CLUSTER_TLS' | 'REDIS_TLS_CA_FILE'>;

/** TLS options trusting REDIS_TLS_CA_FILE's CA when set, else the system's. */
function trustedCa(config: RedisSettings): ConnectionOptions {
  if (config.REDIS_TLS_CA_FILE === undefined) return {};
  try {
    return { ca: readFileSync(config.REDIS_TLS_CA_FILE, 'utf8') };
  } catch (error) {
    throw new ConfigError(`REDIS_TLS_CA_FILE: cannot read ${config.REDIS_TLS_CA_FILE} (${(error as Error).message})`);
  }
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
    ? loggingStateChanges(new Redis(endpoint.url, { ...CONNECTION_DEFAULTS, ...options, ...(endpoint.tls && { tls: endpoint.tls }) }), redactUrl(endpoint.url), logger)
    : createRedisClusterClient(endpoint, logger, options);
}

/** As {@link createRedisClient}, on a Redis Cluster: `options` apply to every node's connection, `clusterOptions` to the client. */
export function createRedisClusterClient(endpoint: RedisClusterEndpoint, logger: Logger, options: RedisOptions = {}, clusterOptions: ClusterOptions = {}): Cluster {
  const { clusterNodes: nodes, security } = endpoint;
  const client = new Cluster([...nodes], {
    lazyConnect: false,
    enableOfflineQueue: options.enableOfflineQueue ?? false,
    enableAutoPipelining: options.enableAutoPipelining ?? true,
    enableReadyCheck: options.enableReadyCheck ?? true,
    slotsRefreshInterval: SLOTS_REFRESH_MS,
    clusterRetryStrategy: reconnectDelay,
    ...clusterOptions,
    redisOptions: { ...CONNECTION_DEFAULTS, ...options, username: security.username, password: security.password, tls: security.tls },
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
