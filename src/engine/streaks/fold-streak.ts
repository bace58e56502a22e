import type { CompiledStreak } from '../rules/compiled-game';
import { ACTIVE, EXCUSED, NOTHING, RUN_PERIODS_SHOWN, STREAK_COMPACT_STEP, STREAK_WINDOW, type StreakRun, type StreakState } from './streak-state';

type FreezeRules = CompiledStreak['freezes'];

/**
 * The streak as of its last known period: from `base`, period by period up to the later of the
 * last active period and `closedThrough`. An active period adds one (and earns a freeze every
 * `earnEvery` periods of the run, up to `max` held); an excused one keeps the run alive without
 * adding; a missed one uses a held freeze, or breaks the run. Periods after the last active one
 * that are not closed yet (today) are not missed.
 */
export function foldStreak(state: StreakState, freezes: FreezeRules): StreakRun {
  const run = copyRun(state.base);
  const end = lastFoldedPeriod(state);
  for (let ordinal = state.origin; ordinal <= end; ordinal += 1) {
    step(run, state.marks[ordinal - state.origin] ?? NOTHING, ordinal, freezes);
  }
  return run;
}

function lastFoldedPeriod(state: StreakState): number {
  const lastActive = state.marks.lastIndexOf(ACTIVE);
  const lastActivePeriod = lastActive < 0 ? state.origin - 1 : state.origin + lastActive;
  return state.closedThrough === null ? lastActivePeriod : Math.max(lastActivePeriod, state.closedThrough);
}

function step(run: StreakRun, mark: string, ordinal: number, freezes: FreezeRules): void {
  if (mark === ACTIVE) {
    run.current += 1;
    run.runStart ??= ordinal;
    run.lastActive = ordinal;
    if (run.current > run.longest) run.longest = run.current;
    if (freezes.earnEvery !== undefined && run.current % freezes.earnEvery === 0 && run.freezesHeld < freezes.max) run.freezesHeld += 1;
    return;
  }
  if (run.current === 0) return;
  if (mark === EXCUSED) {
    pushShown(run.excused, ordinal);
  } else if (run.freezesHeld > 0) {
    run.freezesHeld -= 1;
    run.freezesUsed += 1;
    pushShown(run.frozen, ordinal);
  } else {
    run.breaks += 1;
    run.lastBreak = ordinal;
    run.current = 0;
    run.runStart = null;
    run.frozen = [];
    run.excused = [];
  }
}

function pushShown(periods: number[], ordinal: number): void {
  periods.push(ordinal);
  if (periods.length > RUN_PERIODS_SHOWN) periods.shift();
}

function copyRun(run: StreakRun): StreakRun {
  return { ...run, frozen: [...run.frozen], excused: [...run.excused] };
}

/**
 * Sets the mark of one period (an active mark is never overwritten). The window grows forward,
 * and backward only while nothing has been folded into `base` yet (a late event older than the
 * member's first one); before that, periods are folded history.
 */
export function markPeriod(state: StreakState, ordinal: number, mark: typeof ACTIVE | typeof EXCUSED): boolean {
  const index = ordinal - state.origin;
  if (index < 0) {
    if (state.base.lastActive !== null || state.base.breaks > 0) return false;
    state.marks = mark + NOTHING.repeat(-index - 1) + state.marks;
    state.origin = ordinal;
    return true;
  }
  const current = state.marks[index] ?? NOTHING;
  if (current === ACTIVE || current === mark) return false;
  const marks = index >= state.marks.length ? state.marks + NOTHING.repeat(index - state.marks.length) + mark : state.marks.slice(0, index) + mark + state.marks.slice(index + 1);
  state.marks = marks;
  return true;
}

/**
 * Folds the oldest periods into `base` once the window is a step longer than STREAK_WINDOW, so
 * the state (and the work per event) stays bounded. Only periods already over are folded.
 */
export function compactStreak(state: StreakState, freezes: FreezeRules): void {
  const end = lastFoldedPeriod(state);
  const excess = Math.min(state.marks.length, end - state.origin + 1) - STREAK_WINDOW;
  if (excess < STREAK_COMPACT_STEP) return;
  for (let index = 0; index < excess; index += 1) step(state.base, state.marks[index] ?? NOTHING, state.origin + index, freezes);
  state.origin += excess;
  state.marks = state.marks.slice(excess);
}
