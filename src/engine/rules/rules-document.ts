import { z } from 'zod';
import { EventType, PRODUCERS } from '../../contract';

/** Calendar periods a points rule can be capped per, and a goal measured in. */
export const LIMIT_PERIODS = ['day', 'week', 'month'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

/** Periods a named streak counts in. */
export const STREAK_PERIODS = ['day', 'week'] as const;
export type StreakPeriod = (typeof STREAK_PERIODS)[number];

const key = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":" or "-"');
const eventType = z.enum(EventType, {
  error: (issue) => `unknown event type ${JSON.stringify(issue.input)} (see the event contract for the 36 types)`,
});
const condition = z.record(z.string(), z.unknown());
const points = z.number().int().min(0).max(1_000_000);
/** Spendable coins, a balance of their own beside points (docs/members.md). */
const coins = z.number().int().min(0).max(1_000_000);
const instant = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `not a date: "${String(value)}"` });
    return z.NEVER;
  }
  return date;
});

/** A dotted path into the event, e.g. `data.value`. */
const fieldPath = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a dotted field path such as data.value');

/** `floor(field / per)` points, at most `max`, for rules that pay by amount. */
const pointsFormula = z.strictObject({
  field: fieldPath,
  per: z.number().positive(),
  max: points.optional(),
});

const pointsRule = z.strictObject({
  id: key,
  event: eventType,
  when: condition.optional(),
  points: z.union([points, pointsFormula]),
  coins: coins.optional(),
  limit: z.strictObject({ count: z.number().int().min(1).optional(), points: z.number().int().min(1).optional(), per: z.enum(LIMIT_PERIODS) }).optional(),
});

const boost = z.strictObject({
  key,
  title: z.string().min(1).max(200),
  multiplier: z.number().positive().max(100),
  from: instant,
  until: instant,
  rules: z.array(key).min(1).optional(),
  journeys: z.array(z.string()).min(1).optional(),
});

const goal = z.strictObject({
  sum: fieldPath.optional(),
  atLeast: z.number().positive().optional(),
  days: z.number().int().min(1).optional(),
  per: z.enum(LIMIT_PERIODS).optional(),
});

const tier = z.strictObject({
  name: z.string().trim().min(1).max(100),
  count: z.number().int().min(1),
  points: points.optional(),
  coins: coins.optional(),
});

const streakMilestone = z.strictObject({
  length: z.number().int().min(1),
  points: points.optional(),
  coins: coins.optional(),
  achievement: key.optional(),
});

const namedStreak = z.strictObject({
  key,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  event: eventType,
  when: condition.optional(),
  per: z.enum(STREAK_PERIODS),
  freezes: z
    .strictObject({
      initial: z.number().int().min(0).default(0),
      max: z.number().int().min(0),
      earnEvery: z.number().int().min(1).optional(),
    })
    .optional(),
  milestones: z.array(streakMilestone).optional(),
});

const achievement = z.strictObject({
  key,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  event: eventType.optional(),
  when: condition.optional(),
  count: z.number().int().min(1).optional(),
  streak: z.strictObject({ days: z.number().int().min(1).max(3660).optional(), key: key.optional(), length: z.number().int().min(1).optional() }).optional(),
  goal: goal.optional(),
  repeat: z.boolean().optional(),
  tiers: z.array(tier).min(1).optional(),
  hidden: z.boolean().optional(),
  points: points.optional(),
  coins: coins.optional(),
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
  coins: coins.optional(),
});

const reward = z.strictObject({
  key,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  achievement: key.optional(),
  quest: key.optional(),
  /** A catalogue item: bought with this many coins (then neither achievement nor quest). */
  cost: z.number().int().min(1).max(10_000_000).optional(),
  /** How many can be redeemed in all (absent: unlimited). */
  stock: z.number().int().min(0).max(100_000_000).optional(),
  /** How many one member may hold (cancelled redemptions do not count). */
  perMember: z.number().int().min(1).optional(),
  availableFrom: instant.optional(),
  /** Exclusive. */
  availableUntil: instant.optional(),
});

/** An event that announces a correction retracts the member's latest earlier event of `retracts` with the same `match` fields (docs/corrections.md). */
const retraction = z.strictObject({
  event: eventType,
  retracts: eventType,
  match: z.array(fieldPath.regex(/^data\./, 'a field of the payload, such as data.appointmentId')).min(1),
});

/** A plausibility hold: a matching event is stored HELD and awards nothing until an admin reviews it (docs/corrections.md). */
const hold = z.strictObject({
  key,
  event: eventType,
  when: condition.optional(),
  reason: z.string().trim().min(1).max(500),
});

/** Coins as a whole: optional expiry of what is earned. */
const coinSettings = z.strictObject({
  expireAfterDays: z.number().int().min(1).max(36_500).optional(),
});

/** Who may send a type; services relay what apps observe, so they may send every type. */
const producerList = z
  .array(z.enum(PRODUCERS))
  .min(1)
  .refine((producers) => producers.includes('service'), { message: 'services may send every type: list service (e.g. [member, service])' });

/** The rules file: what product people edit to change the game without a deploy. */
export const rulesDocumentSchema = z.strictObject({
  levels: z.array(z.number().int().min(0)).min(1),
  /** Overrides of the contract's default producers per event type. */
  producers: z.partialRecord(eventType, producerList).default({}),
  rules: z.array(pointsRule).default([]),
  achievements: z.array(achievement).default([]),
  quests: z.array(quest).default([]),
  rewards: z.array(reward).default([]),
  // Optional rather than defaulted: a file without them keeps its content hash (the rule set id).
  boosts: z.array(boost).optional(),
  streaks: z.array(namedStreak).optional(),
  coins: coinSettings.optional(),
  retractions: z.array(retraction).optional(),
  holds: z.array(hold).optional(),
});

export type RulesDocument = z.infer<typeof rulesDocumentSchema>;
export type PointsRuleDefinition = RulesDocument['rules'][number];
export type AchievementDefinition = RulesDocument['achievements'][number];
export type QuestDefinition = RulesDocument['quests'][number];
export type RewardDefinition = RulesDocument['rewards'][number];
export type BoostDefinition = NonNullable<RulesDocument['boosts']>[number];
export type StreakDefinition = NonNullable<RulesDocument['streaks']>[number];
export type PointsFormula = z.infer<typeof pointsFormula>;
