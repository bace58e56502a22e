import { StreakSweep, SWEEP_BATCH } from '../engine/adjustments/streak-sweep';
import { classifyError } from '../engine/errors';
import { PostgresEngineStore } from '../engine/store/postgres-engine-store';
import type { ComponentFactory } from '../workers/worker-node';
import type { Runtime } from './runtime';

export interface RunningSweep {
  stop(): Promise<void>;
}

/**
 * Runs the streak sweep every STREAK_SWEEP_INTERVAL_MS (at once again while rounds come back
 * full), in API nodes and workers alike: the advisory lock lets one process sweep at a time.
 * A failed round is logged and retried at the next tick.
 */
export function startStreakSweep(runtime: Runtime): RunningSweep {
  const { config, database, rules, logger } = runtime;
  const sweep = new StreakSweep(new PostgresEngineStore(database, (userId) => runtime.keyring.erasureHash(userId)), () => rules.game, { timeZone: config.TIMEZONE });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const round = async (): Promise<void> => {
    try {
      let swept: number;
      do {
        swept = await sweep.sweep();
        if (swept > 0) logger.debug({ streaks: swept }, 'streak sweep round');
      } while (swept === SWEEP_BATCH && !stopped);
    } catch (error) {
      const classified = classifyError(error);
      logger.warn({ errorMessage: classified.message, errorCategory: classified.category }, 'streak sweep round failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, config.STREAK_SWEEP_INTERVAL_MS);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export const streakSweepComponent: ComponentFactory = ({ runtime }) => {
  let running: RunningSweep | undefined;
  return {
    name: 'streak-sweep',
    start: async () => {
      running = startStreakSweep(runtime);
    },
    stop: async () => {
      await running?.stop();
    },
  };
};
