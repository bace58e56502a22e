import { periodEnd, type MemberZone } from '../calendar/member-calendar';
import type { CompiledStreak, CompiledStreakMilestone } from '../rules/compiled-game';
import { compactStreak, foldStreak } from './fold-streak';
import type { StreakRun, StreakState } from './streak-state';

export type StreakChangeKind = 'freeze-used' | 'broken' | 'extended';

/** What one update did to a member's streak. */
export interface StreakUpdate {
  streak: CompiledStreak;
  before: StreakRun;
  after: StreakRun;
  /** In the order a member should hear them. */
  changes: StreakChangeKind[];
  milestones: CompiledStreakMilestone[];
  /** When a missed period can next become known (the end of the current one), or null without a run to lose. */
  nextCheckAt: Date | null;
}

/**
 * Applies `change` (marks, or what is known to be over) to a streak and folds it again; null when
 * nothing changed. A milestone is reached once per run: a merged run (a late event mending a
 * gap) keeps the milestones either part reached.
 */
export function updateStreak(streak: CompiledStreak, state: StreakState, zone: MemberZone, change: (state: StreakState) => boolean): StreakUpdate | null {
  const before = state.run;
  if (!change(state)) return null;
  compactStreak(state, streak.freezes);
  const after = foldStreak(state, streak.freezes);
  state.run = after;
  const milestones: CompiledStreakMilestone[] = [];
  for (const milestone of streak.milestones) {
    if (milestone.length > after.current) break;
    const reachedIn = state.milestones[milestone.length];
    if (reachedIn !== undefined && after.runStart !== null && reachedIn >= after.runStart) continue;
    state.milestones[milestone.length] = after.lastActive!;
    milestones.push(milestone);
  }
  const changes: StreakChangeKind[] = [];
  if (after.freezesUsed > before.freezesUsed) changes.push('freeze-used');
  if (after.breaks > before.breaks) changes.push('broken');
  if (after.current > 0 && (after.current > before.current || after.lastActive !== before.lastActive)) changes.push('extended');
  return { streak, before, after, changes, milestones, nextCheckAt: nextCheckAt(streak, state, after, zone) };
}

function nextCheckAt(streak: CompiledStreak, state: StreakState, run: StreakRun, zone: MemberZone): Date | null {
  if (run.current === 0 || run.lastActive === null) return null;
  const lastKnown = Math.max(run.lastActive, state.closedThrough ?? run.lastActive);
  return periodEnd(lastKnown + 1, streak.per, zone.timeZone);
}

/** Closes every period before `ordinal` (time has reached it). */
export function closeBefore(state: StreakState, ordinal: number): boolean {
  if (state.closedThrough !== null && state.closedThrough >= ordinal - 1) return false;
  state.closedThrough = ordinal - 1;
  return true;
}
