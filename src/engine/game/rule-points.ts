import { memberPeriodKey, type MemberZone } from '../calendar/member-calendar';
import type { CompiledGame, CompiledPointsRule } from '../rules/compiled-game';
import type { CoinAward, IdentifiedEvent, PointsAward } from './evaluation';
import { ruleUsageKey, type UserGameState } from './user-state';

/**
 * Points from every matching rule: the rule's points (fixed, or by formula), multiplied by the
 * boosts whose window holds the event's time (stacked boosts multiply; rounded down), then
 * clipped to what the rule's caps leave in the period (a count cap refuses the award, a points
 * cap clips it). A rule's coins come whenever the caps let it apply (boosts leave them alone).
 * Returns the capped-rule counters it touched.
 */
export function awardRulePoints(state: UserGameState, event: IdentifiedEvent, game: CompiledGame, zone: MemberZone, awards: PointsAward[], coinAwards: CoinAward[]): string[] {
  const touched: string[] = [];
  for (const rule of game.rulesByEvent.get(event.type) ?? []) {
    if (!rule.matches(event)) continue;
    const base = basePoints(rule, event);
    const boosted = applyBoosts(rule, event, base);
    let points = boosted.points;
    if (rule.limit) {
      const usageKey = ruleUsageKey(rule.id, memberPeriodKey(zone, event.timestamp, rule.limit.per));
      const usage = state.ruleUsage.get(usageKey) ?? { uses: 0, points: 0 };
      if (rule.limit.count !== undefined && usage.uses >= rule.limit.count) continue;
      if (rule.limit.points !== undefined) {
        const left = rule.limit.points - usage.points;
        if (left <= 0) continue;
        points = Math.min(points, left);
      }
      state.ruleUsage.set(usageKey, { uses: usage.uses + 1, points: usage.points + points });
      touched.push(usageKey);
    }
    if (points > 0) {
      awards.push(
        boosted.boosts.length > 0
          ? { sourceType: 'rule', sourceKey: rule.id, points, basePoints: base, boosts: boosted.boosts }
          : { sourceType: 'rule', sourceKey: rule.id, points },
      );
    }
    if (rule.coins > 0) coinAwards.push({ sourceType: 'rule', sourceKey: rule.id, coins: rule.coins, expiresAt: null });
  }
  return touched;
}

/** Fixed points, or `floor(field / per)` at most `max` (0 when the field is not a number). */
export function basePoints(rule: CompiledPointsRule, event: IdentifiedEvent): number {
  if (typeof rule.points === 'number') return rule.points;
  const value = rule.points.field(event);
  if (value === undefined || value <= 0) return 0;
  const points = Math.floor(value / rule.points.per);
  return rule.points.max === undefined ? points : Math.min(points, rule.points.max);
}

function applyBoosts(rule: CompiledPointsRule, event: IdentifiedEvent, base: number): { points: number; boosts: string[] } {
  if (rule.boosts.length === 0 || base === 0) return { points: base, boosts: [] };
  let multiplier = 1;
  const applied: string[] = [];
  for (const boost of rule.boosts) {
    if (event.timestamp < boost.from || event.timestamp >= boost.until) continue;
    multiplier *= boost.multiplier;
    applied.push(boost.key);
  }
  // The epsilon keeps 10 × 1.15 at 11 rather than 11.499… rounding to 11 by luck of the float.
  return { points: Math.floor(base * multiplier + 1e-9), boosts: applied };
}
