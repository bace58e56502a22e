import { EventResult } from '../../../src/contract';
import { mockGamificationResponse } from '../../../src/kit';

describe(mockGamificationResponse.name, () => {
  it('should return a well-formed result by default', () => {
    expect(mockGamificationResponse()).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      duplicate: false,
      pointsAwarded: 10,
      totalPoints: 10,
      level: 1,
      unlockedAchievements: [],
      completedQuests: [],
      rewardsGranted: [],
    });
  });

  it('should use a new eventId each time', () => {
    expect(mockGamificationResponse().eventId).not.toBe(mockGamificationResponse().eventId);
  });

  it.each<[string, Partial<EventResult>]>([
    ['eventId', { eventId: 'evt-42' }],
    ['duplicate', { duplicate: true }],
    ['pointsAwarded and totalPoints', { pointsAwarded: 0, totalPoints: 1234 }],
    ['level', { level: 7 }],
    ['unlockedAchievements', { unlockedAchievements: [{ key: 'first-steps', title: 'First steps', description: null, points: 50 }] }],
    ['completedQuests', { completedQuests: [{ key: 'week-of-walks', title: 'A week of walks', points: 100 }] }],
    ['rewardsGranted', { rewardsGranted: [{ key: 'pharmacy-discount-10', title: '10% off at the pharmacy' }] }],
  ])('should apply the %s override', (_label, overrides) => {
    expect(mockGamificationResponse(overrides)).toMatchObject(overrides);
  });

  it('should default totalPoints to the overridden pointsAwarded', () => {
    expect(mockGamificationResponse({ pointsAwarded: 25 })).toMatchObject({ pointsAwarded: 25, totalPoints: 25 });
  });

  it('should ignore undefined overrides', () => {
    expect(mockGamificationResponse({ level: undefined, eventId: undefined })).toMatchObject({
      level: 1,
      eventId: expect.any(String),
    });
  });

  it('should not share arrays between results', () => {
    const a = mockGamificationResponse();
    a.unlockedAchievements.push({ key: 'k', title: 't', points: 1 });
    expect(mockGamificationResponse().unlockedAchievements).toEqual([]);
  });
});
