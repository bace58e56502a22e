import { DatabaseError, NetworkError, UnknownError } from '../../../src/errors';
import { createLogger } from '../../../src/platform/logger';
import { BREAKER_STATE_VALUE, Metrics } from '../../../src/platform/metrics';
import { createDatabaseBreaker, createRetryPolicy } from '../../../src/platform/resilience';
import { DatabaseGate } from '../../../src/kafka/database-gate';

const logger = createLogger('silent');
const connectionLost = () => new NetworkError('connect ECONNREFUSED 127.0.0.1:5432', { systemCode: 'ECONNREFUSED' });

/**
 * Up to 2 retries; the breaker opens after `consecutiveFailures` transient failures in a row and
 * half-opens after 250 ms: far longer than the retries' backoff, so that a loaded machine cannot
 * half-open it between two retries of one run.
 */
function gateWith(consecutiveFailures = 10) {
  const metrics = new Metrics({ defaultMetrics: false });
  const retry = createRetryPolicy('database', { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 4, factor: 2 }, metrics);
  const breaker = createDatabaseBreaker({ consecutiveFailures, halfOpenAfterMs: 250, maxHalfOpenAfterMs: 500 }, metrics, logger);
  const gate = new DatabaseGate(retry, breaker, 5, logger);
  const counter = async (metric: 'retries' | 'breakerState') => (await metrics[metric].get()).values[0]?.value;
  return { gate, retries: () => counter('retries'), breakerState: () => counter('breakerState') };
}

const alive = async () => true;

describe(DatabaseGate.name, () => {
  it('should retry transient failures with backoff and return the value', async () => {
    const { gate, retries } = gateWith();
    let calls = 0;
    const result = await gate.run(async () => {
      if (++calls < 3) throw connectionLost();
      return 'committed';
    }, alive);
    expect(result).toEqual({ status: 'done', value: 'committed' });
    expect(await retries()).toBe(2);
    expect(gate.successes).toBe(1);
  });

  it('should not retry a failure that is not transient', async () => {
    const { gate } = gateWith();
    const error = new UnknownError('bug');
    let calls = 0;
    const result = await gate.run(async () => {
      calls++;
      throw error;
    }, alive);
    expect(result).toEqual({ status: 'failed', error, retries: 0 });
    expect(calls).toBe(1);
  });

  it('should give up after the retries on work that keeps failing transiently while the breaker stays closed', async () => {
    const { gate, breakerState } = gateWith();
    const error = new DatabaseError('could not serialize access', { sqlState: '40001' });
    const result = await gate.run(async () => {
      throw error;
    }, alive);
    expect(result).toEqual({ status: 'failed', error, retries: 2 });
    expect(await breakerState()).toBe(BREAKER_STATE_VALUE.closed);
    expect(gate.successes).toBe(0);
  });

  it('should hold the work while the database is down, without spinning, and finish it once the database is back', async () => {
    let down = true;
    const { gate, breakerState } = gateWith(2);
    let calls = 0;
    let holds = 0;
    const keepAlive = async () => {
      if (++holds === 10) down = false;
      return true;
    };
    const result = await gate.run(async () => {
      calls++;
      if (down) throw connectionLost();
      return 'committed';
    }, keepAlive);
    expect(result).toEqual({ status: 'done', value: 'committed' });
    expect(holds).toBeGreaterThanOrEqual(10);
    expect(calls).toBeLessThan(holds);
    expect(await breakerState()).toBe(BREAKER_STATE_VALUE.closed);
  });

  it('should open the breaker during an outage and stop holding when told to', async () => {
    const { gate, breakerState } = gateWith(2);
    let holds = 0;
    const result = await gate.run(
      async () => {
        throw connectionLost();
      },
      async () => ++holds < 3,
    );
    expect(result).toEqual({ status: 'stopped' });
    expect(await breakerState()).toBe(BREAKER_STATE_VALUE.open);
  });
});
