import { HealthChecks } from '../../../src/platform/health';

const ok = async () => undefined;
const failing = (message: string) => async () => {
  throw new Error(message);
};
const hanging = () => new Promise<void>(() => undefined);

describe(HealthChecks.name, () => {
  it('should report ok when every probe answers', async () => {
    const health = new HealthChecks(200);
    health.register({ name: 'database', critical: true, probe: ok });
    health.register({ name: 'redis', critical: false, probe: ok });
    const report = await health.report();
    expect(report.status).toBe('ok');
    expect(report.checks).toEqual({
      database: { status: 'ok', critical: true, latencyMs: expect.any(Number) },
      redis: { status: 'ok', critical: false, latencyMs: expect.any(Number) },
    });
  });

  it('should report degraded with the reason when a non-critical probe fails', async () => {
    const health = new HealthChecks(200);
    health.register({ name: 'database', critical: true, probe: ok });
    health.register({ name: 'redis', critical: false, probe: failing('Connection is closed.') });
    const report = await health.report();
    expect(report.status).toBe('degraded');
    expect(report.checks['redis']).toMatchObject({ status: 'degraded', error: 'Connection is closed.' });
  });

  it('should report down when a critical probe fails, even if others are degraded', async () => {
    const health = new HealthChecks(200);
    health.register({ name: 'database', critical: true, probe: failing('connect ECONNREFUSED') });
    health.register({ name: 'redis', critical: false, probe: failing('Connection is closed.') });
    expect((await health.report()).status).toBe('down');
  });

  it('should fail a probe that does not answer within the timeout, and not start it again while it hangs', async () => {
    const health = new HealthChecks(50);
    const probe = jest.fn(hanging);
    health.register({ name: 'kafka', critical: false, probe });
    const first = await health.report();
    const second = await health.report();
    expect(first.checks['kafka']).toMatchObject({ status: 'degraded', error: 'no answer within 50 ms' });
    expect(first.checks['kafka'].latencyMs).toBeGreaterThanOrEqual(45);
    expect(second.checks['kafka'].status).toBe('degraded');
    expect(probe).toHaveBeenCalledTimes(1);
  });
});
