import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

const intFrom = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

/** An integer of at least `min`, or undefined when unset or empty (the code then derives a value). */
const optionalIntFrom = (min: number) => optionalString.pipe(z.coerce.number<string | undefined>().int().min(min).optional());

const DURATION_UNITS_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/** A duration such as `7d`, `36h`, `90m` or `30s`, in milliseconds. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^(\d+)\s*([dhms])$/.exec(value.trim());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'a duration such as 7d, 36h, 90m or 30s' });
        return z.NEVER;
      }
      return Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS];
    });

/** Comma-separated web origins (`https://app.example.com`), exactly as browsers send them in `Origin`. */
const originList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  )
  .refine((origins) => origins.every(isWebOrigin), { message: 'each entry must be an origin such as https://app.example.com (scheme, host, optional port; no path)' });

/** `host:port,host:port` (REDIS_CLUSTER_NODES): the seed nodes of a Redis Cluster; empty or unset: none. */
const clusterNodeList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((node) => node.trim())
      .filter((node) => node !== ''),
  )
  .refine((nodes) => nodes.every((node) => /^[^\s:]+:\d{1,5}$/.test(node)), { message: 'each entry must be host:port (e.g. 10.0.0.5:6379)' })
  .transform((nodes) => nodes.map((node) => ({ host: node.slice(0, node.lastIndexOf(':')), port: Number(node.slice(node.lastIndexOf(':') + 1)) })));

function isWebOrigin(origin: string): boolean {
  try {
    return new URL(origin).origin === origin;
  } catch {
    return false;
  }
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every setting the engine reads, with its default. The README's configuration table mirrors this. */
const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optionalString,
  DATABASE_POOL_SIZE: intFrom(2, 10),
  DATA_DIR: z.string().default('./data'),
  RULES_FILE: optionalString,
  TIMEZONE: z.string().default('UTC').refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. UTC, America/Sao_Paulo)' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_DEADLINE_MS: intFrom(100, 25_000),
  REDIS_URL: optionalString,
  /** Seed nodes of a Redis Cluster; when set, every Redis use goes to the cluster instead of REDIS_URL. */
  REDIS_CLUSTER_NODES: clusterNodeList,
  /** ACL user of every cluster node (`AUTH username password`); unset: the default user. */
  REDIS_CLUSTER_USERNAME: optionalString,
  /** Password of every cluster node (`requirepass`, or the ACL user's); never logged. */
  REDIS_CLUSTER_PASSWORD: optionalString,
  /** Connect to every cluster node over TLS (the nodes' `tls-port`). */
  REDIS_CLUSTER_TLS: booleanFlag.default(false),
  /** PEM file of the CA that signed the Redis servers' certificates (cluster TLS or a `rediss://` REDIS_URL); unset: the system's CAs. */
  REDIS_TLS_CA_FILE: optionalString,
  KAFKA_BROKERS: optionalString,
  KAFKA_CLIENT_ID: z.string().default('health-gamification'),
  KAFKA_GROUP_ID: z.string().default('gamification-engine'),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_TOPIC_PARTITIONS: intFrom(1, 6),
  /** Replicas of each topic the engine creates; unset: min(3, brokers in the cluster). */
  KAFKA_REPLICATION_FACTOR: optionalIntFrom(1),
  /** `min.insync.replicas` of each topic the engine creates; unset: 2 from three replicas up, else 1. */
  KAFKA_MIN_INSYNC_REPLICAS: optionalIntFrom(1),
  KAFKA_SESSION_TIMEOUT_MS: intFrom(1000, 30_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: intFrom(100, 3000),
  KAFKA_FETCH_MAX_WAIT_MS: intFrom(10, 500),
  WORKER_MAX_BATCH: intFrom(1, 2000),
  WORKER_PARTITIONS_CONCURRENCY: intFrom(1, 3),
  WORKER_GROUP_COMMIT_WINDOW_MS: intFrom(0, 1),
  WORKER_LANES: intFrom(1, 3),
  /** A worker with a partition that has not advanced for longer than this while messages wait is not ready. */
  WORKER_STALL_AFTER: duration('60s'),
  RETRY_DATABASE_MAX_RETRIES: intFrom(0, 3),
  RETRY_DATABASE_INITIAL_DELAY_MS: intFrom(1, 100),
  RETRY_DATABASE_MAX_DELAY_MS: intFrom(1, 1000),
  RETRY_DATABASE_FACTOR: z.coerce.number().min(1).default(2),
  RETRY_KAFKA_MAX_RETRIES: intFrom(0, 5),
  RETRY_KAFKA_INITIAL_DELAY_MS: intFrom(1, 500),
  RETRY_KAFKA_MAX_DELAY_MS: intFrom(1, 10_000),
  RETRY_KAFKA_FACTOR: z.coerce.number().min(1).default(2),
  RETRY_HTTP_MAX_RETRIES: intFrom(0, 3),
  RETRY_HTTP_INITIAL_DELAY_MS: intFrom(1, 200),
  RETRY_HTTP_MAX_DELAY_MS: intFrom(1, 2000),
  RETRY_HTTP_FACTOR: z.coerce.number().min(1).default(2),
  DATABASE_BREAKER_THRESHOLD: intFrom(1, 5),
  DATABASE_BREAKER_HALF_OPEN_MS: intFrom(10, 1000),
  DATABASE_BREAKER_MAX_HALF_OPEN_MS: intFrom(10, 30_000),
  JWT_SECRET: optionalString,
  JWT_JWKS_URL: optionalString,
  JWT_ISSUER: optionalString,
  JWT_AUDIENCE: optionalString,
  CHANNEL_PREFIX: z.string().default('gamification'),
  LEADERBOARD_RETENTION_DAYS: intFrom(0, 7),
  /** How long a public board page (and a member's own line) is shared by every caller of a process; 0: read each time. */
  PUBLIC_LEADERBOARD_CACHE_MS: intFrom(0, 1000),
  HEALTH_CHECK_TIMEOUT_MS: intFrom(50, 1000),
  OPS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  DLQ_SIZE_REFRESH_SECONDS: intFrom(1, 60),
  EVENT_MAX_PAYLOAD_BYTES: intFrom(256, 16 * 1024),
  EVENT_MAX_FUTURE_SKEW_MS: intFrom(0, 5 * 60 * 1000),
  /** Events older than this still earn rule points but change no streak or goal period that is over. */
  LATE_EVENT_GRACE: duration('7d'),
  /** How often the streak sweep looks for streaks that broke or used a freeze at the members' midnight. */
  STREAK_SWEEP_INTERVAL_MS: intFrom(100, 30_000),
  /** How often the coin sweep expires coins past their date and warns members 7 days ahead (rules file `coins.expireAfterDays`). */
  COIN_EXPIRY_SWEEP_INTERVAL_MS: intFrom(100, 60_000),
  /** How long an accepted event stays in the event store (a member's history can be recomputed that far back); whole months go at once. */
  EVENT_RETENTION_DAYS: intFrom(1, 400),
  /**
   * How long ledger lines stay (whole months go at once); 0 keeps them all (the default: the ledger is the audit trail,
   * and journey boards and `leaderboard rebuild` sum it). A member with dropped ledger months can no longer be recomputed.
   */
  LEDGER_RETENTION_DAYS: intFrom(0, 0),
  /** How often month partitions are created ahead and months past their retention dropped (events, ledger, outbox). */
  PARTITION_MAINTENANCE_INTERVAL_MS: intFrom(100, 3_600_000),
  /** How often a process with no events to evaluate looks for a newly published rule version (reads, titles, sweeps); an event's transaction always does. */
  RULES_REFRESH_INTERVAL_MS: intFrom(100, 5_000),
  /** Members a recompute job (publishRules with recompute: ALL_MEMBERS) recomputes a second at most, per job. */
  RECOMPUTE_MEMBERS_PER_SECOND: intFrom(1, 1_000),
  /** Chunks of a recompute job run at once by the process running it (each a transaction on a pool connection); a job first run is cut into as many lanes of member ids. */
  RECOMPUTE_LANES: intFrom(1, 3),
  /** Members a recompute chunk (one transaction, holding their locks to its commit) takes at most: lower for live latency during a job, higher for its rate. */
  RECOMPUTE_CHUNK_MEMBERS: z.coerce.number().int().min(1).max(500).default(50),
  /** How long a recompute job stays with the process running it without news; after that another process takes it over (a crash). */
  RECOMPUTE_JOB_LEASE_MS: intFrom(100, 30_000),
  /** How often each process looks for a recompute job to run. */
  RECOMPUTE_JOB_POLL_MS: intFrom(10, 1_000),
  MEMBER_EVENT_MAX_AGE: duration('72h'),
  SERVICE_EVENT_MAX_AGE: duration('30d'),
  HTTP_MAX_BODY_BYTES: intFrom(1024, 64 * 1024),
  GRAPHQL_MAX_DEPTH: intFrom(1, 8),
  GRAPHQL_MAX_COST: intFrom(1, 10_000),
  GRAPHQL_MAX_ALIASES: intFrom(0, 15),
  /** Introspection (and "Did you mean" hints) on both transports; on by default outside production. */
  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  CORS_ORIGINS: originList,
  READ_RATE_LIMIT: intFrom(0, 300),
  READ_RATE_LIMIT_SERVICE: intFrom(0, 3000),
  READ_RATE_LIMIT_ADMIN: intFrom(0, 3000),
  READ_RATE_WINDOW_SECONDS: intFrom(1, 60),
  DATABASE_READ_POOL_SIZE: intFrom(1, 4),
  /** How often each process adds its counts of duplicate, rejected and dropped events to the database (the console's overview). */
  STATS_FLUSH_INTERVAL_MS: intFrom(100, 5000),
  /** A streaming replica for reads that tolerate lag (profiles, history, boards, stats); needs DATABASE_URL. */
  DATABASE_READ_URL: optionalString,
  DATABASE_READ_MAX_LAG_MS: intFrom(1, 5000),
  DATABASE_READ_POLL_MS: intFrom(10, 100),
  READ_STATEMENT_TIMEOUT_MS: intFrom(1, 5000),
  WS_MAX_SOCKETS_PER_MEMBER: intFrom(1, 10),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: intFrom(1, 20),
  RECORD_EVENT_RATE_LIMIT: intFrom(0, 120),
  RECORD_EVENT_RATE_WINDOW_SECONDS: intFrom(1, 60),
  GROUP_COMMIT_WINDOW_MS: z.coerce.number().min(0).max(100).default(2),
  GROUP_COMMIT_MAX_BATCH: intFrom(1, 256),
  GROUP_COMMIT_MAX_IN_FLIGHT: intFrom(1, 2),
  OUTBOX_RELAY: booleanFlag.default(true),
  OUTBOX_POLL_INTERVAL_MS: intFrom(10, 1000),
  OUTBOX_BATCH_SIZE: intFrom(1, 500),
  OUTBOX_RETENTION_DAYS: intFrom(1, 7),
  PRINT_DEV_TOKENS: booleanFlag.default(true),
  /** Items a second each admin `gameActivity` subscriber gets at most; what comes faster is counted as skipped. */
  GAME_ACTIVITY_MAX_PER_SECOND: intFrom(1, 20),
  MEMBER_DATA_KEY: optionalString.refine((key) => key === undefined || key.length >= 32, { message: 'must be at least 32 characters' }),
  DISPLAY_NAME_BLOCKLIST: optionalString,
  /** Hosts webhooks may reach over plain http (and on loopback); unset: localhost,127.0.0.1 in development, none elsewhere. */
  WEBHOOK_ALLOW_HTTP_HOSTS: optionalString,
  WEBHOOK_RETRY_BASE_MS: intFrom(1, 5000),
  WEBHOOK_RETRY_MAX_MS: intFrom(1, 6 * 60 * 60 * 1000),
  WEBHOOK_MAX_ATTEMPTS: intFrom(1, 8),
  WEBHOOK_TIMEOUT_MS: intFrom(1, 10_000),
  WEBHOOK_DISABLE_AFTER: intFrom(1, 50),
  WEBHOOK_CONCURRENCY: intFrom(1, 32),
  WEBHOOK_RETENTION_DAYS: intFrom(1, 7),
});

export type AppConfig = z.infer<typeof configSchema>;

/** A configuration value that failed validation; the message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates configuration from `env` (by default `process.env` plus an optional `.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = readProcessEnv()): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET && !config.JWT_JWKS_URL) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET or JWT_JWKS_URL is required when NODE_ENV=production');
  }
  if (config.NODE_ENV === 'production' && !config.MEMBER_DATA_KEY) {
    throw new ConfigError('Invalid configuration:\n  MEMBER_DATA_KEY is required when NODE_ENV=production (it keys pseudonyms and erasure records)');
  }
  if (config.DATABASE_READ_URL && !config.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_READ_URL needs DATABASE_URL (the embedded database has no replica)');
  }
  return config;
}

function readProcessEnv(): NodeJS.ProcessEnv {
  loadDotenv({ quiet: true });
  return process.env;
}

/** GRAPHQL_INTROSPECTION, or by default: on outside production. */
export function introspectionEnabled(config: AppConfig): boolean {
  return config.GRAPHQL_INTROSPECTION ?? config.NODE_ENV !== 'production';
}

/** True when the engine runs on its embedded PostgreSQL (no DATABASE_URL). */
export function usesEmbeddedDatabase(config: AppConfig): boolean {
  return config.DATABASE_URL === undefined;
}
