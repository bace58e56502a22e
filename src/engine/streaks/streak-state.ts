/**
 * One member's named streak, kept small and bounded whatever its age: a summary of every period
 * before `origin` (`base`), then one mark per period from `origin` on. Late events and excuses
 * rewrite marks inside the window and the summary is folded again, so the result depends on
 * which periods were active, never on the order events arrived in.
 */
export interface StreakState {
  base: StreakRun;
  /** Period ordinal of `marks[0]`. */
  origin: number;
  /** One character per period: `a` active, `x` excused, `.` nothing recorded. */
  marks: string;
  /** The last period known to be over: a period up to it without a mark is missed. */
  closedThrough: number | null;
  /** Milestone length → the period in which it was last reached (once per run). */
  milestones: Record<string, number>;
  /** `foldStreak` of this state, kept so an update folds once. */
  run: StreakRun;
}

/** A streak folded up to some period. */
export interface StreakRun {
  current: number;
  longest: number;
  freezesHeld: number;
  /** The first period of the current run (null when there is none). */
  runStart: number | null;
  lastActive: number | null;
  /** Frozen and excused periods of the current run (most recent last, at most RUN_PERIODS_SHOWN). */
  frozen: number[];
  excused: number[];
  /** Totals over the streak's life, so a fold can tell what changed. */
  breaks: number;
  freezesUsed: number;
  /** The missed period that last broke the streak. */
  lastBreak: number | null;
}

export const ACTIVE = 'a';
export const EXCUSED = 'x';
export const NOTHING = '.';

/** Periods the marks keep before older ones are folded into `base`: covers excuses backdated 60 days and the late-event grace. */
export const STREAK_WINDOW = 70;
/** Folding happens in steps of this many periods, so it is not paid on every event. */
export const STREAK_COMPACT_STEP = 30;
export const RUN_PERIODS_SHOWN = 30;

export function newStreakState(origin: number, initialFreezes: number): StreakState {
  const base = (): StreakRun => ({
    current: 0,
    longest: 0,
    freezesHeld: initialFreezes,
    runStart: null,
    lastActive: null,
    frozen: [],
    excused: [],
    breaks: 0,
    freezesUsed: 0,
    lastBreak: null,
  });
  return { base: base(), origin, marks: '', closedThrough: null, milestones: {}, run: base() };
}
