import { consumerProgressCheck, PartitionProgress } from '../../../src/kafka/partition-progress';

const STALL_AFTER_MS = 60_000;

/** A tracker on a clock the test moves. */
function trackerAt(startMs = 1_000_000) {
  let now = startMs;
  const progress = new PartitionProgress(() => now);
  return { progress, advanceClock: (ms: number) => void (now += ms) };
}

describe(PartitionProgress.name, () => {
  type Step =
    | { fetched: [first: string, highWatermark: string] }
    | { advanced: string }
    | { wait: number };

  it.each<[string, Step[], { lag: number; stalledMs: number }]>([
    ['a batch just fetched', [{ fetched: ['0', '10'] }], { lag: 10, stalledMs: 0 }],
    ['a batch stuck for 61 s', [{ fetched: ['0', '10'] }, { wait: 61_000 }], { lag: 10, stalledMs: 61_000 }],
    ['a batch advancing slowly, slice by slice', [{ fetched: ['0', '10'] }, { wait: 50_000 }, { advanced: '5' }, { wait: 50_000 }], { lag: 5, stalledMs: 50_000 }],
    ['a caught-up partition, however long idle', [{ fetched: ['0', '10'] }, { advanced: '10' }, { wait: 3_600_000 }], { lag: 0, stalledMs: 0 }],
    [
      'a partition idle for an hour that gets a new message: stalled time counts from the new batch',
      [{ fetched: ['0', '10'] }, { advanced: '10' }, { wait: 3_600_000 }, { fetched: ['10', '11'] }, { wait: 2_000 }],
      { lag: 1, stalledMs: 2_000 },
    ],
    [
      'a new batch of a partition still behind does not restart the clock',
      [{ fetched: ['0', '10'] }, { wait: 30_000 }, { advanced: '4' }, { wait: 40_000 }, { fetched: ['4', '12'] }, { wait: 25_000 }],
      { lag: 8, stalledMs: 65_000 },
    ],
    [
      'a re-fetched batch starting before what was settled keeps the settled offset',
      [{ fetched: ['0', '10'] }, { advanced: '6' }, { fetched: ['3', '10'] }],
      { lag: 4, stalledMs: 0 },
    ],
  ])('should report %s', (_label, steps, expected) => {
    const { progress, advanceClock } = trackerAt();
    for (const step of steps) {
      if ('fetched' in step) progress.fetched('health.events', 2, ...step.fetched);
      else if ('advanced' in step) progress.advanced('health.events', 2, step.advanced);
      else advanceClock(step.wait);
    }
    expect(progress.standings()).toEqual([{ topic: 'health.events', partition: 2, ...expected }]);
  });

  it('should call stalled only the partitions past the limit with messages waiting', () => {
    const { progress, advanceClock } = trackerAt();
    progress.fetched('health.events', 0, '0', '5');
    progress.fetched('care.events', 1, '7', '9');
    progress.advanced('care.events', 1, '9');
    advanceClock(STALL_AFTER_MS);
    expect(progress.stalled(STALL_AFTER_MS)).toEqual([]);
    advanceClock(1);
    expect(progress.stalled(STALL_AFTER_MS)).toEqual([{ topic: 'health.events', partition: 0, lag: 5, stalledMs: STALL_AFTER_MS + 1 }]);
  });

  it('should forget partitions the group gave to another worker', () => {
    const { progress, advanceClock } = trackerAt();
    progress.fetched('health.events', 0, '0', '5');
    progress.fetched('health.events', 1, '0', '5');
    progress.fetched('plan.events', 0, '0', '5');
    progress.assigned({ 'health.events': [1] });
    advanceClock(STALL_AFTER_MS * 2);
    expect(progress.stalled(STALL_AFTER_MS).map(({ topic, partition }) => `${topic}/${partition}`)).toEqual(['health.events/1']);
  });
});

describe(consumerProgressCheck.name, () => {
  it('should pass while nothing is stalled, then fail naming the stalled partition, and pass again once it advances', async () => {
    const { progress, advanceClock } = trackerAt();
    const check = consumerProgressCheck(progress, STALL_AFTER_MS);
    expect(check).toMatchObject({ name: 'consumer', critical: true });
    progress.fetched('health.events', 2, '40', '52');
    await expect(check.probe()).resolves.toBeUndefined();
    advanceClock(75_000);
    await expect(check.probe()).rejects.toThrow('partitions not advancing for more than 60 s while messages wait: health.events/2 (12 waiting, 75 s)');
    progress.advanced('health.events', 2, '52');
    await expect(check.probe()).resolves.toBeUndefined();
  });
});
