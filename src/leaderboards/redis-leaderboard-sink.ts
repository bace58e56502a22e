import type { RedisClient } from '../platform/redis';
import { NotificationKind, type Notification } from '../engine/notifications/notification';
import type { OutboxSink } from '../outbox/outbox-sink';
import type { LeaderboardKeys } from './leaderboard-keys';
import { reachedAtSeconds } from './leaderboard-score';
import { onLeaderboardStore } from './leaderboard-store-error';

/** Awards per script call: bounds how long one call holds Redis. */
const AWARDS_PER_CALL = 500;

/** What moves a board: points awarded (a manual deduction is negative) or revoked by a correction (negative). */
type PointsMoved = Extract<Notification, { kind: NotificationKind.POINTS_AWARDED | NotificationKind.POINTS_REVOKED }>;

/**
 * Keeps the Redis boards from committed POINTS_AWARDED and POINTS_REVOKED notifications (the outbox relay calls
 * it after commit). Idempotent under re-delivery: the apply script skips any notification
 * whose outbox id is not above the last one applied for that member.
 */
export class RedisLeaderboardSink implements OutboxSink {
  readonly name = 'leaderboards';

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: LeaderboardKeys,
  ) {}

  async deliver(batch: readonly Notification[]): Promise<void> {
    // Deductions (manual, negative) and revocations move the boards down, in the periods of the events they concern, like awards move them up.
    const awards = batch.filter((n): n is PointsMoved => (n.kind === NotificationKind.POINTS_AWARDED || n.kind === NotificationKind.POINTS_REVOKED) && n.payload.points !== 0);
    for (let start = 0; start < awards.length; start += AWARDS_PER_CALL) {
      await this.apply(awards.slice(start, start + AWARDS_PER_CALL));
    }
  }

  private async apply(awards: PointsMoved[]): Promise<void> {
    const boardKeys: string[] = [];
    const indexOf = new Map<string, number>();
    const encoded = awards.map(({ id, userId, payload }) => ({
      u: userId,
      id,
      p: payload.points,
      t: reachedAtSeconds(new Date(payload.occurredAt)),
      k: this.keys.slotsFor(payload.journey, new Date(payload.occurredAt)).map((slot) => {
        let index = indexOf.get(slot.key);
        if (index === undefined) {
          index = boardKeys.push(slot.key) + 3;
          indexOf.set(slot.key, index);
        }
        return [index, slot.expiresAt ?? 0];
      }),
    }));
    const keys = [this.keys.applied, this.keys.rebuildMarker, this.keys.rebuildJournal, ...boardKeys];
    await onLeaderboardStore(() => this.redis.leaderboardApplyAwards(keys.length, ...keys, JSON.stringify(encoded)));
  }
}
