import DataLoader from 'dataloader';
import type { SqlExecutor } from './database';
import type { ReadRoute, RoutedReads } from './replica-reads';

/**
 * Look-ups by key from concurrent callers (requests) that share one query: a DataLoader without
 * a cache whose batches wait for the query in flight. A look-up asked while none runs goes at the
 * end of the current tick; the ones asked while one runs wait for it and then go together, at most
 * `maxKeys` keys a query. Under load the queries grow instead of multiplying (one round trip and
 * one statement for many requests); when idle, nobody waits. Nothing is kept: every caller gets a
 * read that started after it asked, and only the keys it asked for.
 */
export class SharedLookups<K, V> {
  private readonly loader: DataLoader<K, V | undefined>;
  private running = 0;
  private readonly waitingForIdle: (() => void)[] = [];

  constructor(lookUp: (keys: readonly K[]) => Promise<Map<K, V>>, maxKeys: number) {
    this.loader = new DataLoader<K, V | undefined>(
      async (keys) => {
        this.running += 1;
        try {
          const found = await lookUp([...new Set(keys)]);
          return keys.map((key) => found.get(key));
        } finally {
          this.running -= 1;
          if (this.running === 0) for (const dispatch of this.waitingForIdle.splice(0)) dispatch();
        }
      },
      {
        cache: false,
        maxBatchSize: maxKeys,
        batchScheduleFn: (dispatch) => (this.running === 0 ? process.nextTick(dispatch) : this.waitingForIdle.push(dispatch)),
      },
    );
  }

  async load(keys: readonly K[]): Promise<Map<K, V>> {
    const values = await this.loader.loadMany(keys);
    const found = new Map<K, V>();
    values.forEach((value, index) => {
      if (value instanceof Error) throw value;
      if (value !== undefined) found.set(keys[index], value);
    });
    return found;
  }
}

/**
 * Look-ups shared by the requests whose reads take the same route. Read-your-writes holds: a
 * member whose own write the replica may not have yet reads on the primary, and shares only a
 * primary query.
 */
export function sharedLookupsPerRoute<K, V>(
  reads: Pick<RoutedReads, 'route' | 'on'>,
  lookUp: (sql: SqlExecutor, keys: readonly K[]) => Promise<Map<K, V>>,
  maxKeys: number,
): (keys: readonly K[]) => Promise<Map<K, V>> {
  const lanes: Record<ReadRoute, SharedLookups<K, V>> = {
    primary: new SharedLookups((keys) => lookUp(reads.on('primary'), keys), maxKeys),
    replica: new SharedLookups((keys) => lookUp(reads.on('replica'), keys), maxKeys),
  };
  return (keys) => lanes[reads.route()].load(keys);
}
