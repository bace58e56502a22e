import type { EventResult } from '../contract';
import { classifyError, CorrectionRefusedError, ValidationError } from '../errors';
import { levelFor } from '../engine/game/levels';
import type { RulesInForce } from '../engine/gamification-engine';
import type { MemberRecompute } from '../engine/member-recompute';
import type { MemberCorrection } from '../engine/recompute/member-correction';
import type { CompiledGame } from '../engine/rules/compiled-game';
import { lockOnlyRequest, type EngineStore } from '../engine/store/engine-store';

export interface ReviewEventInput {
  eventId: string;
  /** true: release (the event counts, placed in its own period); false: reject (kept, no effect). */
  approve: boolean;
  note?: string | null;
}

/**
 * An admin's review of an event a plausibility hold kept: released, it counts as if it had
 * arrived in order (its member recomputed with it, in one transaction under the member's lock:
 * a correction of cause RELEASE, and the member hears what it earned); rejected, it stays stored
 * with no effect. An event that is not held: FAILED_PRECONDITION; an unknown id: NOT_FOUND.
 */
export class EventReview {
  constructor(
    private readonly store: EngineStore,
    private readonly rules: RulesInForce,
    private readonly recompute: MemberRecompute,
  ) {}

  async review(principal: string, input: ReviewEventInput): Promise<EventResult> {
    if (input.eventId.length === 0 || input.eventId.length > 200) throw new ValidationError('eventId', '1 to 200 characters');
    const note = input.note?.trim() ? input.note.trim() : null;
    if (note !== null && note.length > 500) throw new ValidationError('note', 'at most 500 characters');
    try {
      return await this.store.transaction(async (session) => {
        const game = await this.rules.forTransaction(session);
        const [found, ...others] = await session.findStoredEvents(input.eventId);
        if (!found) throw new CorrectionRefusedError('NOT_FOUND', `no stored event has the id "${input.eventId}"`);
        if (others.length > 0) throw new ValidationError('eventId', `names events of ${others.length + 1} members`);
        const { states } = await session.load(lockOnlyRequest([found.userId], levelFor(0, game.levels)));
        const [event] = await session.findStoredEvents(input.eventId);
        if (event.status !== 'HELD') throw new CorrectionRefusedError('FAILED_PRECONDITION', `event "${input.eventId}" is not held (it is ${event.status})`);
        const now = new Date();
        const review = { status: input.approve ? 'ACCEPTED' : 'REJECTED', by: principal, note, at: now } as const;
        await session.markReviewed(found.userId, input.eventId, review);
        const member = states.get(found.userId)!;
        if (!input.approve) return nothingChanged(input.eventId, member.totalPoints, member.level);
        const { correction } = await this.recompute.recomputeIn(
          session,
          found.userId,
          game,
          { cause: 'RELEASE', eventId: input.eventId, reason: note ?? 'released after review', principal, idempotencyKey: `release:${input.eventId}` },
          { write: true },
        );
        return releasedResult(input.eventId, correction, game);
      });
    } catch (error) {
      throw classifyError(error);
    }
  }
}

function nothingChanged(eventId: string, totalPoints: number, level: number): EventResult {
  return { eventId, duplicate: false, held: false, pointsAwarded: 0, totalPoints, level, coinsAwarded: 0, unlockedAchievements: [], completedQuests: [], rewardsGranted: [] };
}

/** What releasing the event changed, as an event's result reads. */
function releasedResult(eventId: string, correction: MemberCorrection, game: CompiledGame): EventResult {
  return {
    ...nothingChanged(eventId, correction.state.totalPoints, correction.state.level),
    pointsAwarded: correction.pointsDelta,
    coinsAwarded: correction.coinsDelta,
    unlockedAchievements: correction.achievements.gained.flatMap((key) => {
      const achievement = game.achievementByKey.get(key);
      return achievement ? [{ key, title: achievement.title, description: achievement.description ?? null, points: achievement.points, tier: null }] : [];
    }),
    completedQuests: correction.quests.completed.flatMap((key) => {
      const quest = game.questByKey.get(key);
      return quest ? [{ key, title: quest.title, points: quest.points }] : [];
    }),
    rewardsGranted: correction.rewards.granted.map(({ grant }) => ({ key: grant.reward.key, title: grant.reward.title })),
  };
}
