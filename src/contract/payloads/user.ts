import { z } from 'zod';
import { count, durationWithinDay, idField, isoDateField, journeyField, percentage, rating, textField } from './fields';

/** `USER_REGISTERED`: a new account was created. */
export const userRegisteredSchema = z.looseObject({
  /** How the user signed up, e.g. `EMAIL`, `PHONE`, `GOOGLE`. */
  method: textField().optional(),
  referralCode: textField().optional(),
});

/** `PROFILE_COMPLETED`: the user filled in (part of) their profile. */
export const profileCompletedSchema = z.looseObject({
  completionPercentage: percentage(),
  completedSections: z.array(textField()).optional(),
});

/** `DAILY_LOGIN`: the user's first sign-in of the day. */
export const dailyLoginSchema = z.looseObject({
  loginDate: isoDateField().optional(),
  platform: textField().optional(),
});

/** `WEEKLY_ACTIVE`: the user was active during a week. */
export const weeklyActiveSchema = z.looseObject({
  weekStart: isoDateField().optional(),
  activeDays: count().max(7),
});

/** `FEEDBACK_PROVIDED`: the user rated the app. */
export const feedbackProvidedSchema = z.looseObject({
  rating: rating(),
  category: textField().optional(),
  comment: z.string().optional(),
});

/** `FEATURE_USED`: the user used a named feature. */
export const featureUsedSchema = z.looseObject({
  featureName: textField(),
  journey: journeyField().optional(),
  durationSeconds: durationWithinDay(24 * 60 * 60).optional(),
});

/** `JOURNEY_SWITCHED`: the user moved from one journey to another. */
export const journeySwitchedSchema = z
  .looseObject({
    from: journeyField(),
    to: journeyField(),
  })
  .refine((data) => data.from !== data.to, { path: ['to'], message: 'must differ from "from"' });

/** `REWARD_REDEEMED`: the user redeemed a reward. */
export const rewardRedeemedSchema = z.looseObject({
  rewardKey: textField(),
  rewardId: idField().optional(),
  pointsSpent: count().optional(),
});
