import { z } from 'zod';
import { EventType } from '../contract';

/** Calendar periods a points rule can be capped per. */
export const LIMIT_PERIODS = ['day', 'week', 'month'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

const key = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":" or "-"');
const eventType = z.enum(EventType, {
  error: (issue) => `unknown event type ${JSON.stringify(issue.input)} (see the event contract for the 36 types)`,
});
const condition = z.record(z.string(), z.unknown());
const points = z.number().int().min(0).max(1_000_000);
const instant = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `not a date: "${String(value)}"` });
    return z.NEVER;
  }
  return date;
});

const pointsRule = z.strictObject({
  id: key,
  event: eventType,
  when: condition.optional(),
  points,
  limit: z.strictObject({ count: z.number().int().min(1), per: z.enum(LIMIT_PERIODS) }).optional(),
});

const achievement = z.strictObject({
  key,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  event: eventType,
  when: condition.optional(),
  count: z.number().int().min(1).optional(),
  streak: z.strictObject({ days: z.number().int().min(1).max(3660) }).optional(),
  points: points.optional(),
  prerequisites: z.array(key).optional(),
  activeFrom: instant.optional(),
  activeUntil: instant.optional(),
});

const questStep = z.strictObject({
  event: eventType,
  when: condition.optional(),
  count: z.number().int().min(1).optional(),
});

const quest = z.strictObject({
  key,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  steps: z.array(questStep).min(1),
  startsAt: instant.optional(),
  endsAt: instant.optional(),
  points: points.optional(),
});

const reward = z.strictObject({
  key,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  achievement: key.optional(),
  quest: key.optional(),
});

/** The rules file: what product people edit to change the game without a deploy. */
export const rulesDocumentSchema = z.strictObject({
  levels: z.array(z.number().int().min(0)).min(1),
  rules: z.array(pointsRule).default([]),
  achievements: z.array(achievement).default([]),
  quests: z.array(quest).default([]),
  rewards: z.array(reward).default([]),
});

export type RulesDocument = z.infer<typeof rulesDocumentSchema>;
export type PointsRuleDefinition = RulesDocument['rules'][number];
export type AchievementDefinition = RulesDocument['achievements'][number];
export type QuestDefinition = RulesDocument['quests'][number];
export type RewardDefinition = RulesDocument['rewards'][number];
