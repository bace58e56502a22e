import { rawUserId } from '../contract';
import type { EventInput, ProcessOutcome } from './gamification-engine';

/** Something that commits submissions of events, in submission order per member. */
export interface Submitter {
  submitAll(inputs: readonly EventInput[]): Promise<ProcessOutcome[]>;
}

/**
 * Spreads a submission's events over lanes by member, so that each lane's transactions touch
 * members no other lane touches: the lanes commit side by side without waiting on each other's
 * row locks, and while PostgreSQL writes one lane's batch, Node evaluates another's. A member's
 * events all go to one lane, in submission order, so a member's effects stay all or nothing and
 * in order; a submission as a whole is no longer one transaction (a failed lane rejects it, and
 * what other lanes committed comes back as duplicates when it is submitted again).
 */
export class MemberLanes implements Submitter {
  constructor(private readonly lanes: readonly Submitter[]) {
    if (lanes.length === 0) throw new Error('MemberLanes needs at least one lane');
  }

  async submitAll(inputs: readonly EventInput[]): Promise<ProcessOutcome[]> {
    if (this.lanes.length === 1) return this.lanes[0].submitAll(inputs);
    const positions: number[][] = this.lanes.map(() => []);
    const parts: EventInput[][] = this.lanes.map(() => []);
    inputs.forEach((input, index) => {
      const lane = laneOf(input.raw, this.lanes.length);
      positions[lane].push(index);
      parts[lane].push(input);
    });
    const laneOutcomes = await Promise.all(parts.map((part, lane) => (part.length > 0 ? this.lanes[lane].submitAll(part) : Promise.resolve([]))));
    const outcomes = new Array<ProcessOutcome>(inputs.length);
    laneOutcomes.forEach((decided, lane) => decided.forEach((outcome, position) => (outcomes[positions[lane][position]] = outcome)));
    return outcomes;
  }
}

/** The lane of an event's member (FNV-1a of its userId); an event without one is invalid and goes to lane 0. */
export function laneOf(raw: unknown, laneCount: number): number {
  const userId = rawUserId(raw);
  if (userId === undefined) return 0;
  let hash = 0x811c9dc5;
  for (let index = 0; index < userId.length; index++) hash = Math.imul(hash ^ userId.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % laneCount;
}
