import type { ProcessBatch } from '../engine/gamification-engine';

/**
 * Wakes the relay in this process as soon as a batch committed something, so notifications go
 * out within milliseconds even where no NOTIFY reaches the relay (the embedded database).
 */
export function wakeRelayAfterCommit(process: ProcessBatch, wakeRelay: () => void): ProcessBatch {
  return async (inputs) => {
    const outcomes = await process(inputs);
    if (outcomes.some((outcome) => outcome.status === 'processed')) wakeRelay();
    return outcomes;
  };
}
