import { createLeaderboards } from '../leaderboards/leaderboards';
import { startRealtimeBackground, type RealtimeBackground } from '../realtime/realtime-background';
import type { ComponentFactory } from '../workers/worker-node';

/**
 * The outbox relay inside a worker process, with the same sinks as an API node's (pub/sub, and
 * the Redis leaderboards when REDIS_URL is set): whichever process leads, every sink is served.
 * Listed before the consumer, so it stops after it and relays the consumer's last commits.
 */
export const outboxRelayComponent: ComponentFactory = ({ runtime, metrics }) => {
  const leaderboards = createLeaderboards(runtime.config, runtime.database, runtime.logger, () => runtime.rules.game.levels);
  let realtime: RealtimeBackground | undefined;
  return {
    name: 'outbox-relay',
    start: async () => {
      realtime = startRealtimeBackground(runtime, metrics, { sinks: leaderboards.sink ? [leaderboards.sink] : [] });
    },
    stop: async () => {
      await realtime?.stop();
      await leaderboards.close();
    },
  };
};
