import type { SqlExecutor } from '../../../src/platform/database';
import type { ReadRoute } from '../../../src/platform/replica-reads';
import { SharedLookups, sharedLookupsPerRoute } from '../../../src/platform/shared-lookups';

/** A look-up whose queries are held until released: each call is recorded with its keys. */
function heldLookUp() {
  const queries: { keys: readonly string[]; answer(found?: Map<string, number>): void; fail(error: Error): void }[] = [];
  const lookUp = (keys: readonly string[]) =>
    new Promise<Map<string, number>>((resolve, reject) => {
      queries.push({ keys, answer: (found = new Map(keys.map((key) => [key, key.length]))) => resolve(found), fail: reject });
    });
  return { queries, lookUp };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedLookups', () => {
  it('should start a look-up at the end of the tick when none runs, with every key asked in that tick', async () => {
    const { queries, lookUp } = heldLookUp();
    const shared = new SharedLookups(lookUp, 100);
    const loading = shared.load(['a']);
    const sameTick = shared.load(['a', 'bb']);
    await settle();
    expect(queries.map(({ keys }) => keys)).toEqual([['a', 'bb']]);
    queries[0].answer();
    expect(await loading).toEqual(new Map([['a', 1]]));
    expect(await sameTick).toEqual(
      new Map([
        ['a', 1],
        ['bb', 2],
      ]),
    );
  });

  it('should send the look-ups asked while one runs together in the next query, each caller getting only its own keys', async () => {
    const { queries, lookUp } = heldLookUp();
    const shared = new SharedLookups(lookUp, 100);
    const first = shared.load(['a']);
    await settle();
    const waiting = [shared.load(['bb']), shared.load(['ccc', 'bb']), shared.load(['dddd'])];
    await settle();
    expect(queries).toHaveLength(1);
    queries[0].answer();
    await first;
    await settle();
    expect(queries.map(({ keys }) => keys)).toEqual([['a'], ['bb', 'ccc', 'dddd']]);
    queries[1].answer();
    expect(await Promise.all(waiting)).toEqual([
      new Map([['bb', 2]]),
      new Map([
        ['ccc', 3],
        ['bb', 2],
      ]),
      new Map([['dddd', 4]]),
    ]);
  });

  it('should fail only the callers of a failed query, and go on with the next', async () => {
    const { queries, lookUp } = heldLookUp();
    const shared = new SharedLookups(lookUp, 100);
    const failing = shared.load(['a']);
    await settle();
    const next = shared.load(['b']);
    queries[0].fail(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await settle();
    queries[1].answer();
    expect(await next).toEqual(new Map([['b', 1]]));
  });

  it('should put at most maxKeys keys in a query, and answer a caller whose keys took several', async () => {
    const { queries, lookUp } = heldLookUp();
    const shared = new SharedLookups(lookUp, 3);
    const first = shared.load(['x']);
    await settle();
    const loads = [shared.load(['a', 'b']), shared.load(['c', 'dd']), shared.load(['e', 'f', 'g', 'h'])];
    queries[0].answer();
    await first;
    await settle();
    expect(queries.map(({ keys }) => keys)).toEqual([['x'], ['a', 'b', 'c'], ['dd', 'e', 'f'], ['g', 'h']]);
    for (const query of queries.slice(1)) query.answer();
    expect(await loads[1]).toEqual(
      new Map([
        ['c', 1],
        ['dd', 2],
      ]),
    );
  });
});

describe('sharedLookupsPerRoute', () => {
  it('should never put callers whose reads take different routes in one query, and run each query on its route', async () => {
    const ran: { route: ReadRoute; keys: readonly string[] }[] = [];
    const releases: (() => void)[] = [];
    const executorOf = (route: ReadRoute) => ({ route }) as unknown as SqlExecutor;
    let current: ReadRoute = 'replica';
    const load = sharedLookupsPerRoute<string, string>(
      { route: () => current, on: executorOf },
      (sql, keys) =>
        new Promise<Map<string, string>>((resolve) => {
          const { route } = sql as unknown as { route: ReadRoute };
          ran.push({ route, keys });
          releases.push(() => resolve(new Map(keys.map((key) => [key, route]))));
        }),
      100,
    );
    const loads = [load(['r1'])];
    current = 'primary';
    loads.push(load(['p1']));
    await settle();
    loads.push(load(['p2']));
    current = 'replica';
    loads.push(load(['r2']));
    await settle();
    expect(ran).toEqual([
      { route: 'replica', keys: ['r1'] },
      { route: 'primary', keys: ['p1'] },
    ]);
    releases[0]();
    releases[1]();
    await Promise.all([loads[0], loads[1]]);
    await settle();
    releases[2]();
    releases[3]();
    expect(await Promise.all(loads)).toEqual([new Map([['r1', 'replica']]), new Map([['p1', 'primary']]), new Map([['p2', 'primary']]), new Map([['r2', 'replica']])]);
    expect(ran.slice(2)).toEqual(
      expect.arrayContaining([
        { route: 'primary', keys: ['p2'] },
        { route: 'replica', keys: ['r2'] },
      ]),
    );
  });
});
