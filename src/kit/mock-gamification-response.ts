import { randomUUID } from 'node:crypto';
import type { EventResult } from '../contract';

/**
 * A well-formed {@link EventResult} for tests and stubs of the engine: a fresh `eventId`,
 * not a duplicate, 10 points awarded, level 1 and nothing unlocked, with `overrides` applied.
 * `totalPoints` defaults to the (possibly overridden) `pointsAwarded`; `undefined` overrides are ignored.
 */
export function mockGamificationResponse(overrides: Partial<EventResult> = {}): EventResult {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as Partial<EventResult>;
  const pointsAwarded = defined.pointsAwarded ?? 10;
  return {
    eventId: randomUUID(),
    duplicate: false,
    pointsAwarded,
    totalPoints: pointsAwarded,
    level: 1,
    unlockedAchievements: [],
    completedQuests: [],
    rewardsGranted: [],
    ...defined,
  };
}
