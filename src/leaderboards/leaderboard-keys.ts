import { DateTime } from 'luxon';
import type { Journey } from '../contract';
import { LeaderboardPeriod, periodBounds } from './leaderboard';

/** A board: one journey's, or `all` (the overall board). */
export type BoardName = Journey | 'all';

/** One sorted set an award lands in; `expiresAt` (Unix seconds) for calendar periods only. */
export interface BoardSlot {
  key: string;
  expiresAt?: number;
}

/** The one Redis Cluster hash tag of every leaderboard key (see LeaderboardKeys). */
const LEADERBOARD_HASH_TAG = '{lb}';
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const SLOT_MEMO_SIZE = 4096;
const ALL_PERIODS: readonly LeaderboardPeriod[] = [LeaderboardPeriod.ALL_TIME, LeaderboardPeriod.MONTH, LeaderboardPeriod.WEEK, LeaderboardPeriod.DAY];
export const CALENDAR_PERIODS: readonly LeaderboardPeriod[] = [LeaderboardPeriod.MONTH, LeaderboardPeriod.WEEK, LeaderboardPeriod.DAY];

/**
 * Names every Redis key of the leaderboards. Live boards are `<prefix>:{lb}:<board>:<period>`
 * (`gamification:{lb}:health:2026-W48`); a rebuild writes the same names under `<prefix>:{lb}-next:`
 * and swaps them in; bookkeeping lives under `<prefix>:{lb}-meta:`, what public boards show of
 * members (hidden set, chosen names) under `<prefix>:{lb}-members:`.
 *
 * `{lb}` is a Redis Cluster hash tag: only it is hashed, so every leaderboard key lands in one slot
 * and each script (an award batch touches the applied hash, the rebuild marker and journal and
 * boards of every period; a public page reads a board, the hidden set, the names and the overall
 * board) runs on one node. On a single server the braces are just characters of the name.
 */
export class LeaderboardKeys {
  /** Hash userId → last outbox id applied to the live boards (idempotent re-delivery). */
  readonly applied: string;
  /** The rebuild's own watermark hash, renamed over `applied` on swap. */
  readonly appliedNext: string;
  /** Set while a rebuild runs (value: the rebuild's id); the apply script then journals. */
  readonly rebuildMarker: string;
  /** Awards applied while a rebuild ran, replayed onto the rebuilt boards before the swap. */
  readonly rebuildJournal: string;
  /** Set of the members who hid themselves from public boards (mirrors member_settings). */
  readonly hiddenMembers: string;
  /** Hash userId → display name the member chose (mirrors member_settings; pseudonyms are computed). */
  readonly displayNames: string;
  readonly livePrefix: string;
  readonly nextPrefix: string;
  private readonly slotMemo = new Map<string, readonly BoardSlot[]>();

  constructor(
    prefix: string,
    private readonly timeZone: string,
    private readonly retentionDays: number,
  ) {
    const space = `${prefix}:${LEADERBOARD_HASH_TAG}`;
    this.livePrefix = `${space}:`;
    this.nextPrefix = `${space}-next:`;
    this.applied = `${space}-meta:applied`;
    this.appliedNext = `${space}-meta:applied-next`;
    this.rebuildMarker = `${space}-meta:rebuild`;
    this.rebuildJournal = `${space}-meta:journal`;
    this.hiddenMembers = `${space}-members:hidden`;
    this.displayNames = `${space}-members:names`;
  }

  /** The live key of a board for a period key (`all`, `2026-11-26`, `2026-W48`, `2026-11`). */
  board(journey: Journey | undefined, periodKey: string): string {
    return `${this.livePrefix}${journey ?? 'all'}:${periodKey}`;
  }

  /** Every board an award of `journey` at `occurredAt` counts on: overall and journey, for each of `periods`. */
  slotsFor(journey: Journey, occurredAt: Date, periods: readonly LeaderboardPeriod[] = ALL_PERIODS): readonly BoardSlot[] {
    // Calendar periods start at local midnights, which fall on UTC quarter-hours in every
    // time zone in use, so one computation serves a whole quarter-hour (luxon is the hot spot).
    const memoKey = `${journey}|${periods.join()}|${Math.floor(occurredAt.getTime() / QUARTER_HOUR_MS)}`;
    let slots = this.slotMemo.get(memoKey);
    if (!slots) {
      if (this.slotMemo.size >= SLOT_MEMO_SIZE) this.slotMemo.clear();
      slots = this.computeSlots(journey, occurredAt, periods);
      this.slotMemo.set(memoKey, slots);
    }
    return slots;
  }

  private computeSlots(journey: Journey, occurredAt: Date, periods: readonly LeaderboardPeriod[]): BoardSlot[] {
    const slots: BoardSlot[] = [];
    for (const period of periods) {
      const bounds = periodBounds(period, occurredAt, this.timeZone);
      const expiresAt = bounds.to ? this.expiryOf(bounds.to) : undefined;
      for (const board of [undefined, journey]) {
        slots.push({ key: this.board(board, bounds.key), ...(expiresAt === undefined ? {} : { expiresAt }) });
      }
    }
    return slots;
  }

  /** A finished period's board stays readable for the retention days, then Redis drops it. */
  expiryOf(periodEnd: Date): number {
    return Math.floor(periodEnd.getTime() / 1000) + this.retentionDays * 86_400;
  }

  /** The start of the earliest calendar period whose board is still retained at `now`. */
  retainedSince(now: Date): Date {
    const horizon = DateTime.fromJSDate(now, { zone: this.timeZone }).minus({ days: this.retentionDays });
    return DateTime.min(horizon.startOf('month'), horizon.startOf('week')).toJSDate();
  }

  /** The rebuild's staging key for a live board key. */
  nextOf(liveKey: string): string {
    return this.nextPrefix + liveKey.slice(this.livePrefix.length);
  }

  /** SCAN pattern matching every live board (glob characters of the prefix escaped). */
  get livePattern(): string {
    return `${escapeGlob(this.livePrefix)}*`;
  }

  get nextPattern(): string {
    return `${escapeGlob(this.nextPrefix)}*`;
  }
}

/** `text` with the glob characters of a SCAN/KEYS pattern escaped. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
