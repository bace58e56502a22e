import { ValidationError } from '../../../src/errors';
import { loadConfig } from '../../../src/platform/config';
import { kafkajsRetry } from '../../../src/platform/kafka';
import { Metrics } from '../../../src/platform/metrics';
import { createRetryPolicy, databaseBreakerSettingsFrom, retrySettingsFrom } from '../../../src/platform/resilience';

describe('retry policies as configuration', () => {
  it('should default to database 3 retries 100 ms..1 s, kafka 5 retries 500 ms..10 s, http 3 retries 200 ms..2 s, all doubling', () => {
    expect(retrySettingsFrom(loadConfig({}))).toEqual({
      database: { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 1000, factor: 2 },
      kafka: { maxRetries: 5, initialDelayMs: 500, maxDelayMs: 10_000, factor: 2 },
      http: { maxRetries: 3, initialDelayMs: 200, maxDelayMs: 2000, factor: 2 },
    });
    expect(databaseBreakerSettingsFrom(loadConfig({}))).toEqual({ consecutiveFailures: 5, halfOpenAfterMs: 1000, maxHalfOpenAfterMs: 30_000 });
  });

  it('should read each policy from its RETRY_<KIND>_* variables', () => {
    const config = loadConfig({ RETRY_KAFKA_MAX_RETRIES: '8', RETRY_KAFKA_INITIAL_DELAY_MS: '50', RETRY_KAFKA_MAX_DELAY_MS: '800', RETRY_KAFKA_FACTOR: '1.5' });
    expect(retrySettingsFrom(config).kafka).toEqual({ maxRetries: 8, initialDelayMs: 50, maxDelayMs: 800, factor: 1.5 });
  });

  it('should hand the kafka policy to the Kafka client’s own retrier, with ±20 % jitter', () => {
    expect(kafkajsRetry({ maxRetries: 5, initialDelayMs: 500, maxDelayMs: 10_000, factor: 2 })).toEqual({
      retries: 5,
      initialRetryTime: 500,
      maxRetryTime: 10_000,
      multiplier: 2,
      factor: 0.2,
    });
  });

  it('should reject a policy that makes no sense', () => {
    expect(() => loadConfig({ RETRY_DATABASE_FACTOR: '0.5' })).toThrow(/RETRY_DATABASE_FACTOR/);
    expect(() => loadConfig({ RETRY_HTTP_MAX_RETRIES: '-1' })).toThrow(/RETRY_HTTP_MAX_RETRIES/);
  });

  it('should never retry an invalid event', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const policy = createRetryPolicy('http', { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 1, factor: 2 }, metrics);
    let calls = 0;
    await expect(
      policy.execute(() => {
        calls++;
        throw new ValidationError('type', 'unknown event type');
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toBe(1);
    expect((await metrics.retries.get()).values).toEqual([]);
  });
});
