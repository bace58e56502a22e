import { isKnownTimeZone, memberPeriodOrdinal, periodKeyOf, periodOrdinal } from '../calendar/member-calendar';
import { classifyError, ValidationError } from '../../contract';
import { parseUserId } from '../../contract/validation/envelope';
import { grantRewards } from '../game/evaluate-event';
import type { PointsAward } from '../game/evaluation';
import { levelFor } from '../game/levels';
import { applyManualPoints, changeTimeZone, excuseStreakPeriods, grantAchievementTo } from '../game/member-inputs';
import { memberZoneOf, type UserGameState } from '../game/user-state';
import type { GameSource } from '../gamification-engine';
import { achievementUnlockedNotification, levelUpNotification, pointsAwardedNotification } from '../notifications/notifications-for';
import type { PendingNotification } from '../notifications/notification';
import { streakNotifications } from '../notifications/streak-notifications';
import type { StreakUpdate } from '../streaks/update-streak';
import { earnedCoins, noMemberEffects, type EngineSession, type EngineStore, type MemberEffects } from '../store/engine-store';

/** The pseudo-event type of ledger lines and notifications that no event caused. */
export const MANUAL_EVENT_TYPE = 'MANUAL_ADJUSTMENT';
/** How far back an excuse may reach. */
export const EXCUSE_MAX_DAYS_BACK = 60;

export interface AwardPointsInput {
  userId: string;
  points: number;
  reason: string;
  idempotencyKey: string;
}

export interface ManualAwardResult {
  id: string;
  userId: string;
  pointsRequested: number;
  /** What the total actually moved by: a deduction stops at 0. */
  pointsApplied: number;
  totalPoints: number;
  level: number;
  duplicate: boolean;
}

export interface GrantAchievementInput {
  userId: string;
  key: string;
  reason: string;
  idempotencyKey: string;
}

export interface ExcuseStreakInput {
  userId: string;
  streakKey: string;
  /** Calendar days (`YYYY-MM-DD`) in the member's zone, both included. */
  from: string;
  to: string;
  reason: string;
}

export interface AdjustmentOptions {
  timeZone: string;
  now?: () => Date;
}

/**
 * Changes to a member's game that are not events: manual awards and deductions, granted
 * achievements, excused streak periods and time-zone changes. Each runs in one transaction under
 * the member's lock, is stored as a replayable input (who, when, why), writes ledger lines and
 * notifications like an event would, and is decided by the pure functions the evaluator uses.
 */
export class MemberAdjustments {
  constructor(
    private readonly store: EngineStore,
    private readonly game: GameSource,
    private readonly options: AdjustmentOptions,
  ) {}

  /** Adds (or, with negative points, deducts) points; a total never goes below 0. Idempotent by key. */
  async awardPoints(principal: string, input: AwardPointsInput): Promise<ManualAwardResult> {
    const userId = parseUserId(input.userId);
    if (!Number.isInteger(input.points) || input.points === 0 || Math.abs(input.points) > 1_000_000) {
      throw new ValidationError('points', 'a whole number of points other than 0, at most 1,000,000 either way');
    }
    checkReasonAndKey(input.reason, input.idempotencyKey);
    return this.inTransaction(async (session) => {
      const state = await this.lock(session, userId, [], []);
      const previous = await session.findAdjustment(userId, input.idempotencyKey);
      if (previous) return { ...(previous.result as unknown as ManualAwardResult), duplicate: true };
      const now = this.now();
      const previousLevel = state.level;
      const applied = applyManualPoints(state, input.points, now, this.game());
      const eventId = manualEventId(input.idempotencyKey);
      const result: ManualAwardResult = {
        id: eventId,
        userId,
        pointsRequested: input.points,
        pointsApplied: applied,
        totalPoints: state.totalPoints,
        level: state.level,
        duplicate: false,
      };
      const notifications = this.totalsNotifications(state, eventId, applied, previousLevel, now);
      await session.persistMember({
        ...noMemberEffects(state, now),
        ledger: ledgerOf(eventId, [{ sourceType: 'manual', sourceKey: principal, points: applied }], now),
        totals: true,
        notifications,
        adjustment: {
          userId,
          idempotencyKey: input.idempotencyKey,
          kind: 'points',
          pointsRequested: input.points,
          pointsApplied: applied,
          achievementKey: null,
          reason: input.reason,
          principal,
          result: { ...result },
        },
      });
      return result;
    });
  }

  /** Unlocks an achievement (with its bonus points and rewards) unless the member has it. Idempotent by key. */
  async grantAchievement(principal: string, input: GrantAchievementInput): Promise<{ key: string; duplicate: boolean }> {
    const userId = parseUserId(input.userId);
    const achievement = this.game().achievementByKey.get(input.key);
    if (!achievement) throw new ValidationError('key', `unknown achievement "${input.key}"`);
    checkReasonAndKey(input.reason, input.idempotencyKey);
    return this.inTransaction(async (session) => {
      const state = await this.lock(session, userId, [achievement.key], []);
      if (await session.findAdjustment(userId, input.idempotencyKey)) return { key: achievement.key, duplicate: true };
      const now = this.now();
      const previousLevel = state.level;
      const { unlocked, touched, points, coinAwards } = grantAchievementTo(state, achievement, now, this.game());
      const granted = unlocked.length > 0;
      const eventId = manualEventId(input.idempotencyKey);
      const notifications = [
        ...unlocked.map((unlock) => achievementUnlockedNotification(userId, eventId, unlock, now)),
        ...this.totalsNotifications(state, eventId, points, previousLevel, now),
      ];
      await session.persistMember({
        ...noMemberEffects(state, now),
        ledger: ledgerOf(eventId, granted ? [{ sourceType: 'manual', sourceKey: principal, points }] : [], now),
        totals: points !== 0 || coinAwards.length > 0,
        coins: coinAwards.map((award) => earnedCoins(eventId, award)),
        achievements: touched,
        rewards: grantRewards(this.game(), unlocked, []),
        notifications,
        adjustment: {
          userId,
          idempotencyKey: input.idempotencyKey,
          kind: 'achievement',
          pointsRequested: points,
          pointsApplied: points,
          achievementKey: achievement.key,
          reason: input.reason,
          principal,
          result: { granted },
        },
      });
      return { key: achievement.key, duplicate: false };
    });
  }

  /** Sets the member's IANA zone for events processed from now on. */
  async setTimeZone(principal: string, userIdInput: string, timeZone: string): Promise<void> {
    const userId = parseUserId(userIdInput);
    if (!isKnownTimeZone(timeZone)) throw new ValidationError('timeZone', `unknown IANA time zone "${timeZone}" (e.g. America/Sao_Paulo)`);
    await this.inTransaction(async (session) => {
      const game = this.game();
      const state = await this.lock(
        session,
        userId,
        [],
        game.streaks.map((streak) => streak.key),
      );
      const now = this.now();
      if (state.timeZone === timeZone) return;
      const updates = changeTimeZone(state, timeZone, now, game, this.options.timeZone);
      await session.persistMember({ ...this.streakEffects(state, `zone:${now.toISOString()}`, updates, now), zone: { changedBy: principal } });
    });
  }

  /** Excuses calendar days of a member's streak (backdated at most 60 days); a streak broken inside them is restored. */
  async excuseStreak(principal: string, input: ExcuseStreakInput): Promise<{ from: string; to: string }> {
    const userId = parseUserId(input.userId);
    const streak = this.game().streakByKey.get(input.streakKey);
    if (!streak) throw new ValidationError('streakKey', `unknown streak "${input.streakKey}"`);
    if (input.reason.trim().length === 0 || input.reason.length > 500) throw new ValidationError('reason', 'a reason of 1 to 500 characters');
    const fromDay = parseDay('from', input.from);
    const toDay = parseDay('to', input.to);
    if (toDay < fromDay) throw new ValidationError('to', 'must not be before from');
    return this.inTransaction(async (session) => {
      const state = await this.lock(session, userId, [], [streak.key]);
      const now = this.now();
      const zone = memberZoneOf(state, this.options.timeZone);
      const today = memberPeriodOrdinal(zone, now, 'day');
      if (fromDay < today - EXCUSE_MAX_DAYS_BACK) throw new ValidationError('from', `an excuse reaches back at most ${EXCUSE_MAX_DAYS_BACK} days`);
      if (toDay > today) throw new ValidationError('to', 'must not be in the future');
      const dayInstant = (day: number) => new Date(day * 86_400_000 + 43_200_000);
      const from = periodOrdinal(dayInstant(fromDay), streak.per, 'UTC');
      const to = periodOrdinal(dayInstant(toDay), streak.per, 'UTC');
      const update = excuseStreakPeriods(state, streak, from, to, now, this.options.timeZone);
      const excused = { from: periodKeyOf(from, streak.per), to: periodKeyOf(to, streak.per) };
      await session.persistMember({
        ...this.streakEffects(state, `excuse:${streak.key}:${excused.from}:${excused.to}`, update ? [update] : [], now),
        excuse: { streakKey: streak.key, ...excused, reason: input.reason, excusedBy: principal },
      });
      return excused;
    });
  }

  private streakEffects(state: UserGameState, eventId: string, updates: StreakUpdate[], now: Date): MemberEffects {
    return {
      ...noMemberEffects(state, now),
      streaks: updates.map((update) => ({ key: update.streak.key, nextCheckAt: update.nextCheckAt })),
      notifications: streakNotifications(state.userId, eventId, updates, now),
    };
  }

  private async lock(session: EngineSession, userId: string, achievementKeys: string[], streakKeys: string[]): Promise<UserGameState> {
    const game = this.game();
    const none = { userIds: [], keys: [] };
    const { states } = await session.load({
      userIds: [userId],
      eventKeys: [],
      ruleUsageKeys: () => none,
      achievementKeys: { userIds: achievementKeys.map(() => userId), keys: achievementKeys },
      questKeys: none,
      streakKeys: { userIds: streakKeys.map(() => userId), keys: streakKeys },
      initialLevel: levelFor(0, game.levels),
    });
    return states.get(userId)!;
  }

  private totalsNotifications(state: UserGameState, eventId: string, points: number, previousLevel: number, now: Date): PendingNotification[] {
    const totals = { totalPoints: state.totalPoints, level: state.level, previousLevel };
    const notifications: PendingNotification[] = [];
    if (points !== 0) notifications.push(pointsAwardedNotification(state.userId, eventId, points, totals, MANUAL_EVENT_TYPE, 'user', now, now));
    if (state.level > previousLevel) notifications.push(levelUpNotification(state.userId, eventId, totals));
    return notifications;
  }

  private async inTransaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T> {
    try {
      return await this.store.transaction(work);
    } catch (error) {
      throw classifyError(error);
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** The pseudo-event id of a manual award or grant: its ledger lines and notifications carry it. */
export function manualEventId(idempotencyKey: string): string {
  return `manual:${idempotencyKey}`;
}

function ledgerOf(eventId: string, awards: PointsAward[], at: Date): MemberEffects['ledger'] {
  return { eventId, eventType: MANUAL_EVENT_TYPE, journey: 'user', awards, occurredAt: at };
}

/** A change's reason (1–500 characters) and idempotency key (1–200 printable characters), as every manual change takes them. */
export function checkReasonAndKey(reason: string, idempotencyKey: string): void {
  if (reason.trim().length === 0 || reason.length > 500) throw new ValidationError('reason', 'a reason of 1 to 500 characters');
  if (!/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) throw new ValidationError('idempotencyKey', '1 to 200 printable characters without spaces');
}

/** A `YYYY-MM-DD` calendar day as a day ordinal. */
function parseDay(field: string, value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) throw new ValidationError(field, `not a calendar day (YYYY-MM-DD): "${value}"`);
  return ms / 86_400_000;
}
