import { DatabaseError } from '../../../src/errors';
import type { EventInput, ProcessOutcome } from '../../../src/engine/gamification-engine';
import { GroupCommit } from '../../../src/engine/group-commit';

/** An engine that answers each input with an outcome naming it, and fails any batch holding a "poison" input. */
class FakeEngine {
  readonly calls: string[][] = [];
  failure: 'permanent' | 'transient' = 'permanent';

  async process(inputs: readonly EventInput[]): Promise<ProcessOutcome[]> {
    const ids = inputs.map((input) => input.fallbackId);
    this.calls.push(ids);
    await new Promise((resolve) => setImmediate(resolve));
    if (ids.some((id) => id.startsWith('poison'))) throw new DatabaseError('constraint violated', { retriable: this.failure === 'transient' });
    return ids.map((id) => ({ status: 'rejected', error: { message: id } }) as unknown as ProcessOutcome);
  }
}

const input = (id: string): EventInput => ({ raw: {}, fallbackId: id, producer: 'service' });
const idsOf = (outcomes: ProcessOutcome[]) => outcomes.map((outcome) => (outcome as unknown as { error: { message: string } }).error.message);

describe('group commit', () => {
  it('should commit single events submitted in the same window as one batch, answering each with its own outcome', async () => {
    const engine = new FakeEngine();
    const group = new GroupCommit(engine, { windowMs: 5, maxBatch: 100 });
    const outcomes = await Promise.all(['a', 'b', 'c'].map((id) => group.submit(input(id))));
    expect(engine.calls).toEqual([['a', 'b', 'c']]);
    expect(idsOf(outcomes)).toEqual(['a', 'b', 'c']);
  });

  it('should keep each slice together and in order, and hand each submitter its own slice of outcomes', async () => {
    const engine = new FakeEngine();
    const group = new GroupCommit(engine, { windowMs: 0, maxBatch: 100 });
    const [first, second] = await Promise.all([group.submitAll([input('p0-1'), input('p0-2')]), group.submitAll([input('p1-1'), input('p1-2'), input('p1-3')])]);
    expect(engine.calls).toEqual([['p0-1', 'p0-2', 'p1-1', 'p1-2', 'p1-3']]);
    expect(idsOf(first)).toEqual(['p0-1', 'p0-2']);
    expect(idsOf(second)).toEqual(['p1-1', 'p1-2', 'p1-3']);
  });

  it('should commit at once when a group reaches its size, without waiting for the window', async () => {
    const engine = new FakeEngine();
    const group = new GroupCommit(engine, { windowMs: 60_000, maxBatch: 3 });
    const started = Date.now();
    await Promise.all([group.submitAll([input('a'), input('b')]), group.submit(input('c'))]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(engine.calls).toEqual([['a', 'b', 'c']]);
  });

  it('should let a ready group gather until a commit ends when maxInFlight groups are committing', async () => {
    const calls: string[][] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const heldEngine = {
      process: async (inputs: readonly EventInput[]): Promise<ProcessOutcome[]> => {
        calls.push(inputs.map((each) => each.fallbackId));
        await held;
        return inputs.map((each) => ({ status: 'rejected', error: { message: each.fallbackId } }) as unknown as ProcessOutcome);
      },
    };
    const group = new GroupCommit(heldEngine, { windowMs: 0, maxBatch: 100, maxInFlight: 1 });
    // Timers of the same delay run in the order they were set: each await below runs after the windows set before it.
    const nextTimer = () => new Promise((resolve) => setTimeout(resolve, 0));
    const first = group.submit(input('a'));
    await nextTimer();
    const later = ['b', 'c', 'd'].map((id) => group.submit(input(id)));
    await nextTimer();
    expect(calls).toEqual([['a']]);
    release();
    expect(idsOf(await Promise.all([first, ...later]))).toEqual(['a', 'b', 'c', 'd']);
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('should commit a full group even when maxInFlight groups are committing', async () => {
    const engine = new FakeEngine();
    const group = new GroupCommit(engine, { windowMs: 0, maxBatch: 2, maxInFlight: 1 });
    await Promise.all([group.submitAll([input('a'), input('b')]), group.submitAll([input('c'), input('d')]), group.submit(input('e'))]);
    expect(engine.calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('should answer an empty slice without calling the engine', async () => {
    const engine = new FakeEngine();
    expect(await new GroupCommit(engine, { windowMs: 0, maxBatch: 10 }).submitAll([])).toEqual([]);
    expect(engine.calls).toEqual([]);
  });

  it('should retry the submissions of a permanently failed group one by one, so only the bad one fails', async () => {
    const engine = new FakeEngine();
    const group = new GroupCommit(engine, { windowMs: 0, maxBatch: 100 });
    const results = await Promise.allSettled([group.submitAll([input('a1'), input('a2')]), group.submit(input('poison')), group.submit(input('c'))]);
    expect(engine.calls).toEqual([['a1', 'a2', 'poison', 'c'], ['a1', 'a2'], ['poison'], ['c']]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(idsOf((results[0] as PromiseFulfilledResult<ProcessOutcome[]>).value)).toEqual(['a1', 'a2']);
  });

  it('should fail the whole group with the classified error when the failure is transient (each caller retries)', async () => {
    const engine = new FakeEngine();
    engine.failure = 'transient';
    const group = new GroupCommit(engine, { windowMs: 0, maxBatch: 100 });
    const results = await Promise.allSettled([group.submit(input('a')), group.submit(input('poison'))]);
    expect(engine.calls).toEqual([['a', 'poison']]);
    expect(results.map((result) => result.status === 'rejected' && (result.reason as DatabaseError).retriable)).toEqual([true, true]);
  });
});
