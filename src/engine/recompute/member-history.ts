import type { IdentifiedEvent } from '../game/evaluation';

/**
 * One recorded input of a member's game, as the recompute replays it: an event (with the time it
 * was processed, which decides what was late), or a manual input (award or deduction, granted
 * achievement, excused streak periods, change of time zone) at the time it was made.
 */
export type HistoryEntry =
  | { kind: 'event'; event: IdentifiedEvent; processedAt: Date }
  /** Requested points (a deduction is negative); `id` is its pseudo-event id (`manual:<key>`). */
  | { kind: 'points'; id: string; points: number; principal: string; at: Date }
  | { kind: 'grant'; id: string; achievementKey: string; principal: string; at: Date }
  /** Excused periods as stored (period keys of the streak's period), both included. */
  | { kind: 'excuse'; streakKey: string; from: string; to: string; at: Date }
  | { kind: 'zone'; timeZone: string; at: Date };

/** When an entry happened: an event's own time, a manual input's time of making. */
function entryTime(entry: HistoryEntry): Date {
  return entry.kind === 'event' ? entry.event.timestamp : entry.at;
}

/**
 * A member's history in the order the recompute replays it: event time, then processing time,
 * then the entry's identity, so the same entries always give the same order (and a late event
 * takes its place among the others).
 */
export function inReplayOrder(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries
    .map((entry) => ({ entry, time: entryTime(entry).getTime(), processed: processedTime(entry), id: identityOf(entry) }))
    .sort((a, b) => a.time - b.time || a.processed - b.processed || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ entry }) => entry);
}

function processedTime(entry: HistoryEntry): number {
  return entry.kind === 'event' ? entry.processedAt.getTime() : entry.at.getTime();
}

function identityOf(entry: HistoryEntry): string {
  switch (entry.kind) {
    case 'event':
      return `event ${entry.event.id}`;
    case 'points':
    case 'grant':
      return `${entry.kind} ${entry.id}`;
    case 'excuse':
      return `excuse ${entry.streakKey} ${entry.from} ${entry.to}`;
    case 'zone':
      return `zone ${entry.timeZone}`;
  }
}
