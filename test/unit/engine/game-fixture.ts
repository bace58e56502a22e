import { createTestEvent, EventType, parseEvent, type TestEventOverrides } from '../../../src/kit';
import type { IdentifiedEvent } from '../../../src/engine/game/evaluation';
import { emptyUserState, type UserGameState } from '../../../src/engine/game/user-state';
import { compileGame } from '../../../src/engine/rules/compile-game';
import type { CompiledGame } from '../../../src/engine/rules/compiled-game';
import { parseRulesText } from '../../../src/engine/rules/parse-rules';
import { evaluateEvent } from '../../../src/engine/game/evaluate-event';

export const USER = '3f2b8c1e-5d4a-4e6f-8a9b-0c1d2e3f4a5b';

/** Compiles rules written inline (YAML) the way the engine compiles a rules file. */
export function gameFrom(yaml: string): CompiledGame {
  return compileGame(parseRulesText(yaml, 'test.yaml'), 'test.yaml');
}

let sequence = 0;

/** A validated event at `timestamp` (ISO), with a payload override. */
export function eventAt<T extends EventType>(type: T, timestamp: string, overrides: TestEventOverrides<T> = {}): IdentifiedEvent {
  sequence += 1;
  const parsed = parseEvent(createTestEvent(type, { userId: USER, timestamp, id: `e${sequence}`, ...overrides }), {
    now: new Date('2100-01-01T00:00:00Z'),
  });
  return { ...parsed, id: parsed.id ?? `e${sequence}` };
}

export function freshState(game: CompiledGame): UserGameState {
  return emptyUserState(USER, game.levels.filter((threshold) => threshold <= 0).length);
}

/** Runs events in order through one member's state and returns each evaluation. */
export function play(game: CompiledGame, events: IdentifiedEvent[], timeZone = 'UTC', state = freshState(game)) {
  const evaluations = events.map((event) => evaluateEvent(state, event, game, { timeZone }));
  return { state, evaluations, last: evaluations[evaluations.length - 1] };
}

export function steps(value: number) {
  return { metricType: 'STEPS', value, unit: 'steps' } as never;
}
