import { classifyError } from '../errors';
import type { Logger } from '../platform/logger';
import type { ComponentFactory } from './worker-components';
import type { Runtime } from './runtime';

export interface RunningSweep {
  stop(): Promise<void>;
}

export interface PeriodicSweep {
  /** Names the sweep in logs and the component list. */
  name: string;
  /** One round: how many items it handled (a full batch: run again at once). */
  round(): Promise<number>;
  batch: number;
  intervalMs: number;
}

/**
 * Runs a background sweep every `intervalMs` (at once again while rounds come back full), in API
 * nodes and workers alike: each sweep's advisory lock lets one process sweep at a time. A failed
 * round is logged and retried at the next tick.
 */
export function startPeriodicSweep(sweep: PeriodicSweep, logger: Logger): RunningSweep {
  const { name, batch, intervalMs } = sweep;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const runRounds = async (): Promise<void> => {
    try {
      let swept: number;
      do {
        swept = await sweep.round();
        if (swept > 0) logger.debug({ sweep: name, swept }, 'sweep round');
      } while (swept === batch && !stopped);
    } catch (error) {
      const classified = classifyError(error);
      logger.warn({ sweep: name, errorMessage: classified.message, errorCategory: classified.category }, `${name} round failed`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runRounds().finally(schedule);
    }, intervalMs);
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

/** A worker component running the sweeps `sweepsOf` builds from the runtime. */
export function periodicSweepsComponent(name: string, sweepsOf: (runtime: Runtime) => PeriodicSweep[]): ComponentFactory {
  return ({ runtime }) => {
    let running: RunningSweep[] = [];
    return {
      name,
      start: async () => {
        running = sweepsOf(runtime).map((sweep) => startPeriodicSweep(sweep, runtime.logger));
      },
      stop: async () => {
        await Promise.all(running.map((sweep) => sweep.stop()));
      },
    };
  };
}
