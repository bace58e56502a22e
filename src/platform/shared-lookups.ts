import type { SqlExecutor } from './database';
import type { ReadRoute, RoutedReads } from './replica-reads';

interface Waiter<K, V> {
  keys: readonly K[];
  resolve(found: Map<K, V>): void;
  reject(error: unknown): void;
}

/**
 * Look-ups by key from concurrent callers (requests) that share one query. A look-up asked while
 * none runs starts at once; the ones asked while one runs wait for it and then go together, up to
 * `maxKeys` keys a query. Under load the queries grow instead of multiplying (one round trip and
 * one statement for many requests); when idle, nobody waits. Nothing is kept: every caller gets a
 * read that started after it asked, and only the keys it asked for.
 */
export class SharedLookups<K, V> {
  private readonly waiting: Waiter<K, V>[] = [];
  private running = false;

  constructor(
    private readonly lookUp: (keys: readonly K[]) => Promise<Map<K, V>>,
    private readonly maxKeys: number,
  ) {}

  load(keys: readonly K[]): Promise<Map<K, V>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ keys, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      const { waiters, keys } = this.nextQuery();
      try {
        const found = await this.lookUp(keys);
        for (const waiter of waiters) waiter.resolve(waiters.length === 1 ? found : only(found, waiter.keys));
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.running = false;
  }

  /** The oldest waiters whose keys fit in one query (the first always goes, however many keys it has). */
  private nextQuery(): { waiters: Waiter<K, V>[]; keys: K[] } {
    const keys = new Set<K>();
    let count = 0;
    while (count < this.waiting.length && (count === 0 || keys.size + this.waiting[count].keys.length <= this.maxKeys)) {
      for (const key of this.waiting[count].keys) keys.add(key);
      count += 1;
    }
    return { waiters: this.waiting.splice(0, count), keys: [...keys] };
  }
}

function only<K, V>(found: Map<K, V>, keys: readonly K[]): Map<K, V> {
  const picked = new Map<K, V>();
  for (const key of keys) {
    const value = found.get(key);
    if (value !== undefined) picked.set(key, value);
  }
  return picked;
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
