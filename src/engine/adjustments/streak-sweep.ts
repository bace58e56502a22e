import { classifyError } from '../../contract';
import { closeStreaksAt } from '../game/streak-activity';
import { memberZoneOf } from '../game/user-state';
import type { GameSource } from '../gamification-engine';
import { levelFor } from '../game/levels';
import { streakNotifications } from '../notifications/streak-notifications';
import { noMemberEffects, type EngineStore } from '../store/engine-store';

/** Streaks a sweep round looks at, at most. */
export const SWEEP_BATCH = 500;

/**
 * Finds streaks whose member's period ended with no activity (at the member's own midnight) and
 * folds them: a held freeze is used or the streak breaks, and the member is told (STREAK_FREEZE_USED,
 * STREAK_BROKEN) without waiting for their next event. One round is one transaction under an
 * advisory lock, so a single process sweeps at a time; others skip the round.
 */
export class StreakSweep {
  constructor(
    private readonly store: EngineStore,
    private readonly game: GameSource,
    private readonly options: { timeZone: string; now?: () => Date },
  ) {}

  /** One round; returns how many streaks it looked at (0 when another process holds the sweep). */
  async sweep(): Promise<number> {
    try {
      return await this.store.transaction(async (session) => {
        const now = this.options.now?.() ?? new Date();
        const due = await session.dueStreaks(now, SWEEP_BATCH);
        if (!due || due.length === 0) return 0;
        const game = this.game();
        const keysByUser = new Map<string, string[]>();
        for (const { userId, streakKey } of due) keysByUser.set(userId, [...(keysByUser.get(userId) ?? []), streakKey]);
        const { states } = await session.load({
          userIds: [...keysByUser.keys()],
          eventKeys: [],
          ruleUsageKeys: () => ({ userIds: [], keys: [] }),
          achievementKeys: { userIds: [], keys: [] },
          questKeys: { userIds: [], keys: [] },
          streakKeys: { userIds: due.map((row) => row.userId), keys: due.map((row) => row.streakKey) },
          initialLevel: levelFor(0, game.levels),
        });
        for (const [userId, keys] of keysByUser) {
          const state = states.get(userId)!;
          const { updates, nextChecks } = closeStreaksAt(state, game, memberZoneOf(state, this.options.timeZone), now, keys);
          await session.persistMember({
            ...noMemberEffects(state, now),
            streaks: nextChecks,
            notifications: streakNotifications(userId, `streak-sweep:${now.toISOString()}`, updates, now),
          });
        }
        return due.length;
      });
    } catch (error) {
      throw classifyError(error);
    }
  }
}
