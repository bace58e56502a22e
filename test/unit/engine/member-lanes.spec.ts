import { randomUUID } from 'node:crypto';
import type { EventInput, ProcessOutcome } from '../../../src/engine/gamification-engine';
import { laneOf, MemberLanes, type Submitter } from '../../../src/engine/member-lanes';

/** A lane that records what it was handed and answers each input with an outcome naming it. */
class RecordingLane implements Submitter {
  readonly calls: string[][] = [];
  failWith: Error | undefined;

  async submitAll(inputs: readonly EventInput[]): Promise<ProcessOutcome[]> {
    this.calls.push(inputs.map((input) => input.fallbackId));
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failWith) throw this.failWith;
    return inputs.map((input) => ({ status: 'rejected', error: { message: input.fallbackId } }) as unknown as ProcessOutcome);
  }
}

const event = (userId: unknown, id: string): EventInput => ({ raw: { userId, type: 'STEPS_RECORDED' }, fallbackId: id, producer: 'service' });
const idsOf = (outcomes: ProcessOutcome[]) => outcomes.map((outcome) => (outcome as unknown as { error: { message: string } }).error.message);

/** Two members known to fall in different lanes of three. */
function membersInDistinctLanes(): [string, string] {
  const first = randomUUID();
  for (;;) {
    const other = randomUUID();
    if (laneOf({ userId: other }, 3) !== laneOf({ userId: first }, 3)) return [first, other];
  }
}

describe('member lanes', () => {
  it.each([
    ['no object', 'text'],
    ['null', null],
    ['no userId', { type: 'STEPS_RECORDED' }],
    ['a userId that is not a string', { userId: 42 }],
  ])('should put an event with %s in lane 0', (_case, raw) => {
    expect(laneOf(raw, 4)).toBe(0);
  });

  it('should put every event of a member in the same lane', () => {
    const userId = randomUUID();
    const lanes = new Set(Array.from({ length: 20 }, (_, index) => laneOf({ userId, id: `e${index}`, type: index % 2 ? 'A' : 'B' }, 5)));
    expect(lanes.size).toBe(1);
  });

  it.each([2, 3, 4, 8])('should spread 12,000 members evenly over %i lanes (each within 15%% of its share)', (laneCount) => {
    const counts = new Array<number>(laneCount).fill(0);
    for (let index = 0; index < 12_000; index++) counts[laneOf({ userId: randomUUID() }, laneCount)]++;
    const share = 12_000 / laneCount;
    for (const count of counts) expect(Math.abs(count - share) / share).toBeLessThan(0.15);
  });

  it('should hand each lane its members\' events in submission order and answer in input order', async () => {
    const [alice, bob] = membersInDistinctLanes();
    const lanes = [new RecordingLane(), new RecordingLane(), new RecordingLane()];
    const inputs = [event(alice, 'a1'), event(bob, 'b1'), event(alice, 'a2'), event(bob, 'b2'), event(alice, 'a3')];
    const outcomes = await new MemberLanes(lanes).submitAll(inputs);
    expect(idsOf(outcomes)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    expect(lanes[laneOf({ userId: alice }, 3)].calls).toEqual([['a1', 'a2', 'a3']]);
    expect(lanes[laneOf({ userId: bob }, 3)].calls).toEqual([['b1', 'b2']]);
    expect(lanes.flatMap((lane) => lane.calls)).toHaveLength(2);
  });

  it('should reject the submission when one lane fails, while the other lanes still commit their members', async () => {
    const [alice, bob] = membersInDistinctLanes();
    const lanes = [new RecordingLane(), new RecordingLane(), new RecordingLane()];
    lanes[laneOf({ userId: bob }, 3)].failWith = new Error('lane down');
    await expect(new MemberLanes(lanes).submitAll([event(alice, 'a1'), event(bob, 'b1')])).rejects.toThrow('lane down');
    expect(lanes[laneOf({ userId: alice }, 3)].calls).toEqual([['a1']]);
  });

  it('should pass a submission through untouched when there is one lane', async () => {
    const lane = new RecordingLane();
    const inputs = [event(randomUUID(), 'x1'), event('not-a-uuid', 'x2'), event(undefined, 'x3')];
    expect(idsOf(await new MemberLanes([lane]).submitAll(inputs))).toEqual(['x1', 'x2', 'x3']);
    expect(lane.calls).toEqual([['x1', 'x2', 'x3']]);
  });

  it('should refuse to be built without lanes', () => {
    expect(() => new MemberLanes([])).toThrow('at least one lane');
  });
});
