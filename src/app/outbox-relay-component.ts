import { createLeaderboards } from '../leaderboards/leaderboards';
import { startRealtimeBackground, type RealtimeBackground } from '../realtime/realtime-background';
import { startWebhooks, type Webhooks } from '../webhooks/webhooks';
import type { ComponentFactory } from './worker-components';

/**
 * The outbox relay inside a worker process, with the same sinks as an API node's (pub/sub, and
 * the Redis leaderboards when REDIS_URL is set): whichever process leads, every sink is served.
 * Listed before the consumer, so it stops after it and relays the consumer's last commits.
 */
export const outboxRelayComponent: ComponentFactory = ({ runtime, metrics }) => {
  const leaderboards = createLeaderboards(runtime.config, runtime.database, runtime.logger, () => runtime.rules.current().levels);
  let realtime: RealtimeBackground | undefined;
  let webhooks: Webhooks | undefined;
  return {
    name: 'outbox-relay',
    start: async () => {
      webhooks = startWebhooks(runtime.config, runtime.database, runtime.logger, metrics.registry);
      realtime = startRealtimeBackground(runtime, metrics, { sinks: [...(leaderboards.sink ? [leaderboards.sink] : []), webhooks.sink] });
    },
    stop: async () => {
      await realtime?.stop();
      await webhooks?.stop();
      await leaderboards.close();
    },
  };
};
