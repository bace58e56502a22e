import { BrokenCircuitError, CircuitBreakerPolicy, CircuitState, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { classifyError } from '../errors';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import { BREAKER_STATE_VALUE, type Metrics } from './metrics';

/** The failure kinds that have their own retry policy. */
export type RetryKind = 'database' | 'kafka' | 'http';

/** Exponential backoff with jitter: up to `maxRetries` retries, delays from `initialDelayMs` growing by `factor` up to `maxDelayMs`. */
export interface RetrySettings {
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

/** When the PostgreSQL breaker opens, and how long it stays open before a trial call (doubling up to the max). */
export interface BreakerSettings {
  consecutiveFailures: number;
  halfOpenAfterMs: number;
  maxHalfOpenAfterMs: number;
}

/** The retry policy settings of every failure kind, from `RETRY_<KIND>_*`. */
export function retrySettingsFrom(config: AppConfig): Record<RetryKind, RetrySettings> {
  return {
    database: {
      maxRetries: config.RETRY_DATABASE_MAX_RETRIES,
      initialDelayMs: config.RETRY_DATABASE_INITIAL_DELAY_MS,
      maxDelayMs: config.RETRY_DATABASE_MAX_DELAY_MS,
      factor: config.RETRY_DATABASE_FACTOR,
    },
    kafka: {
      maxRetries: config.RETRY_KAFKA_MAX_RETRIES,
      initialDelayMs: config.RETRY_KAFKA_INITIAL_DELAY_MS,
      maxDelayMs: config.RETRY_KAFKA_MAX_DELAY_MS,
      factor: config.RETRY_KAFKA_FACTOR,
    },
    http: {
      maxRetries: config.RETRY_HTTP_MAX_RETRIES,
      initialDelayMs: config.RETRY_HTTP_INITIAL_DELAY_MS,
      maxDelayMs: config.RETRY_HTTP_MAX_DELAY_MS,
      factor: config.RETRY_HTTP_FACTOR,
    },
  };
}

export function databaseBreakerSettingsFrom(config: AppConfig): BreakerSettings {
  return {
    consecutiveFailures: config.DATABASE_BREAKER_THRESHOLD,
    halfOpenAfterMs: config.DATABASE_BREAKER_HALF_OPEN_MS,
    maxHalfOpenAfterMs: config.DATABASE_BREAKER_MAX_HALF_OPEN_MS,
  };
}

/** Only transient failures (DATABASE / NETWORK categories, as classified once) are retried or trip a breaker. */
const transientFailures = handleWhen((error) => classifyError(error).retriable);

/**
 * A cockatiel retry policy for `kind`: retries transient failures (by default as classified by
 * `classifyError`) with exponential backoff and decorrelated jitter, counting each retry in
 * `gamification_retries_total{policy}`.
 */
export function createRetryPolicy(kind: RetryKind, settings: RetrySettings, metrics: Metrics, isTransient?: (error: Error) => boolean): RetryPolicy {
  const policy = retryTransientFailures(settings, isTransient);
  policy.onRetry(() => metrics.retries.inc({ policy: kind }));
  return policy;
}

/** Retries transient failures (as `classifyError` has them, unless `isTransient` says) with exponential backoff; counts nothing. */
export function retryTransientFailures(settings: RetrySettings, isTransient?: (error: Error) => boolean): RetryPolicy {
  return retry(isTransient ? handleWhen(isTransient) : transientFailures, {
    maxAttempts: settings.maxRetries,
    backoff: new ExponentialBackoff({ initialDelay: settings.initialDelayMs, maxDelay: settings.maxDelayMs, exponent: settings.factor }),
  });
}

/**
 * The circuit breaker around PostgreSQL: opens after `consecutiveFailures` transient failures in
 * a row, then lets one trial call through after `halfOpenAfterMs` (doubling while the trials
 * fail, up to `maxHalfOpenAfterMs`). Its state is exported as `gamification_circuit_breaker_state{breaker="database"}`.
 */
export function createDatabaseBreaker(settings: BreakerSettings, metrics: Metrics, logger: Logger): CircuitBreakerPolicy {
  const breaker = circuitBreaker(transientFailures, {
    breaker: new ConsecutiveBreaker(settings.consecutiveFailures),
    halfOpenAfter: new ExponentialBackoff({ initialDelay: settings.halfOpenAfterMs, maxDelay: settings.maxHalfOpenAfterMs }),
  });
  const gauge = () => metrics.breakerState.set({ breaker: 'database' }, BREAKER_STATE_VALUE[stateName(breaker.state)]);
  gauge();
  breaker.onStateChange(gauge);
  breaker.onBreak((reason) => {
    const error = 'error' in reason ? classifyError(reason.error) : undefined;
    logger.warn({ breaker: 'database', errorMessage: error?.message, errorCategory: error?.category }, 'circuit breaker opened: PostgreSQL is failing, pausing');
  });
  breaker.onReset(() => logger.info({ breaker: 'database' }, 'circuit breaker closed: PostgreSQL is back'));
  return breaker;
}

/** Whether `error` means a breaker refused the call because its circuit is open. */
export function isBrokenCircuit(error: unknown): boolean {
  return error instanceof BrokenCircuitError;
}

function stateName(state: CircuitState): keyof typeof BREAKER_STATE_VALUE {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'halfOpen';
  return 'open';
}
