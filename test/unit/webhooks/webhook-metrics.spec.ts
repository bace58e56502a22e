import { Registry } from 'prom-client';
import { ForwardedDispatchMetrics, WebhookMetrics, type DispatchMetrics, type DispatchMetricsCall } from '../../../src/webhooks/webhook-metrics';

/** The same dispatcher reports, as a thread and its process see them. */
function report(metrics: DispatchMetrics): void {
  metrics.attempted('a', 'delivered', 12);
  metrics.attempted('a', 'retrying', 1000);
  metrics.attempted('b', 'failed', undefined);
  metrics.queueAge('a', 3);
  metrics.queueAge('b', 7);
  metrics.forget('b');
  metrics.disabled('b');
}

describe(ForwardedDispatchMetrics.name, () => {
  it('should give the process the same metrics as a dispatcher on its own thread', async () => {
    const direct = new Registry();
    report(new WebhookMetrics(direct));

    const forwarded = new Registry();
    const processSide = new WebhookMetrics(forwarded);
    const batches: DispatchMetricsCall[][] = [];
    const threadSide = new ForwardedDispatchMetrics((calls) => batches.push(calls));
    report(threadSide);
    expect(batches).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    for (const calls of batches) processSide.replay(calls);

    expect(batches).toHaveLength(1);
    expect(await forwarded.metrics()).toBe(await direct.metrics());
  });
});
