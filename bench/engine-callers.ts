/**
 * Callers that record events through the engine one at a time, as `recordEvent` does for a member
 * with nothing else in its group-commit window: the live traffic of bench:recompute and the load
 * of bench/one-event-transactions.ts.
 */
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Runtime } from '../src/app/runtime';
import { EventType } from '../src/contract';
import { createTestEvent } from '../src/kit';

/** The shipped rules, from the source tree (the benches run from dist-bench/bench). */
export const SHIPPED_RULES_FILE = path.resolve(__dirname, '../../rules/default.yaml');

/**
 * `callers` callers each recording one event after the other for a random member, until `seconds`
 * have passed or `stop` is called; `stopped` answers their latencies (ms). With `rate`, each caller
 * has its share of the events due on a fixed schedule and a latency runs from when the event was
 * due, so waiting behind a slow answer counts.
 */
export function liveTraffic(
  engine: Runtime['engine'],
  members: readonly string[],
  { callers, rate, seconds }: { callers: number; rate?: number; seconds?: number },
): { stop(): void; stopped: Promise<number[]> } {
  const started = performance.now();
  const until = seconds === undefined ? Infinity : started + seconds * 1000;
  const interval = rate === undefined ? 0 : (callers * 1000) / rate;
  let running = true;
  const latencies: number[] = [];
  const stopped = Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let sent = 0; running && performance.now() < until; sent++) {
        const due = rate === undefined ? performance.now() : started + (caller * interval) / callers + sent * interval;
        if (due > performance.now()) await delay(due - performance.now());
        const raw = createTestEvent(EventType.DAILY_LOGIN, { userId: members[Math.floor(Math.random() * members.length)] });
        await engine.process([{ raw, fallbackId: raw.id!, producer: 'service' }]);
        latencies.push(performance.now() - due);
      }
    }),
  ).then(() => latencies);
  return { stop: () => (running = false), stopped };
}

export function latencySummary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const percentile = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1);
  return `${sorted.length} events, p50 ${percentile(50)} ms, p99 ${percentile(99)} ms, max ${percentile(100)} ms`;
}
