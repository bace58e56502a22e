import { parseLsn, ReplicaFreshness } from '../../../src/platform/replica-freshness';

type Step =
  | { primary: number; lsn: number }
  | { replica: number; lsn: number }
  | { wrote: string; at: number };

const OPTIONS = { maxLagMs: 1000, silentAfterMs: 300, maxTrackedWrites: 2 };

function freshnessAfter(steps: readonly Step[]): ReplicaFreshness {
  const freshness = new ReplicaFreshness(OPTIONS);
  for (const step of steps) {
    if ('primary' in step) freshness.primarySampled(step.primary, BigInt(step.lsn));
    else if ('replica' in step) freshness.replicaSampled(step.replica, BigInt(step.lsn));
    else freshness.wrote(step.wrote, step.at);
  }
  return freshness;
}

describe('whether the read replica may serve a read', () => {
  it.each<{ name: string; steps: Step[]; member?: string; now: number; replica: boolean }>([
    { name: 'nothing sampled yet: the primary', steps: [], now: 0, replica: false },
    { name: 'replica never caught up with a sample: the primary', steps: [{ primary: 0, lsn: 10 }, { replica: 5, lsn: 9 }], now: 10, replica: false },
    { name: 'caught up: the replica', steps: [{ primary: 0, lsn: 10 }, { replica: 5, lsn: 10 }], now: 10, replica: true },
    { name: 'caught up longer ago than the lag allowed: the primary', steps: [{ primary: 0, lsn: 10 }, { primary: 100, lsn: 20 }, { replica: 1050, lsn: 15 }], now: 1100, replica: false },
    { name: 'replica silent too long: the primary', steps: [{ primary: 0, lsn: 10 }, { replica: 5, lsn: 10 }], now: 400, replica: false },
    {
      name: 'a member who wrote after what the replica has: the primary',
      steps: [{ primary: 0, lsn: 10 }, { wrote: 'ana', at: 20 }, { primary: 30, lsn: 12 }, { replica: 40, lsn: 11 }],
      member: 'ana', now: 50, replica: false,
    },
    {
      name: 'the same read by someone else (an admin): the replica',
      steps: [{ primary: 0, lsn: 10 }, { wrote: 'ana', at: 20 }, { primary: 30, lsn: 12 }, { replica: 40, lsn: 11 }],
      now: 50, replica: true,
    },
    {
      name: 'the member once the replica replayed a sample asked after the write: the replica',
      steps: [{ primary: 0, lsn: 10 }, { wrote: 'ana', at: 20 }, { primary: 30, lsn: 12 }, { replica: 40, lsn: 12 }],
      member: 'ana', now: 50, replica: true,
    },
    {
      name: 'a sample asked before the write does not count for it',
      steps: [{ primary: 10, lsn: 12 }, { wrote: 'ana', at: 20 }, { replica: 40, lsn: 12 }],
      member: 'ana', now: 50, replica: false,
    },
    {
      name: 'the oldest write is forgotten beyond the tracked count',
      steps: [{ primary: 0, lsn: 10 }, { wrote: 'ana', at: 20 }, { wrote: 'bia', at: 21 }, { wrote: 'caio', at: 22 }, { replica: 40, lsn: 10 }],
      member: 'ana', now: 50, replica: true,
    },
  ])('$name', ({ steps, member, now, replica }) => {
    expect(freshnessAfter(steps).replicaMayServe(member, now)).toBe(replica);
  });

  it('should report the lag from the newest sample the replica has replayed', () => {
    const freshness = freshnessAfter([{ primary: 0, lsn: 10 }, { primary: 100, lsn: 20 }, { replica: 150, lsn: 15 }]);
    expect(freshness.lagMs(250)).toBe(250);
    freshness.replicaSampled(260, 20n);
    expect(freshness.lagMs(260)).toBe(160);
  });
});

describe('WAL positions', () => {
  it.each([
    ['0/0', 0n],
    ['0/16B3748', 0x16b3748n],
    ['16/B374D848', (0x16n << 32n) | 0xb374d848n],
  ])('should read %s', (text, expected) => {
    expect(parseLsn(text)).toBe(expected);
  });

  it.each(['', '16', 'x/1', '1/2/3'])('should refuse %j', (text) => {
    expect(() => parseLsn(text)).toThrow('not a WAL position');
  });
});
