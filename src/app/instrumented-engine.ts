import type { GamificationEngine, ProcessBatch, ProcessOutcome } from '../engine/gamification-engine';
import { isEventType, journeyOfType, rawUserId } from '../contract';
import { classifyError, type GamificationError } from '../errors';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { OutcomeTally } from '../stats/outcome-tally';

/** Which door a batch came through: the API (GraphQL and REST share group commit), Kafka, or DLQ re-processing. */
export type EventSource = 'api' | 'kafka' | 'dlq';

/**
 * Wraps the engine's entry point with the event-processing log line, the metrics and the tally
 * of events that committed nothing (the console's overview), so that
 * neither the engine nor the doors carry that code. Payload values (health data) are never logged.
 */
export function instrumentEngine(engine: Pick<GamificationEngine, 'process'>, metrics: Metrics, logger: Logger, source: EventSource, tally: OutcomeTally): ProcessBatch {
  return async (inputs) => {
    const started = process.hrtime.bigint();
    metrics.batchSize.observe({ source }, inputs.length);
    let outcomes: ProcessOutcome[];
    try {
      outcomes = await engine.process(inputs);
    } catch (error) {
      const classified = classifyError(error);
      for (const input of inputs) {
        const { type, journey, userId } = describeRaw(input.raw);
        metrics.errors.inc({ source, category: classified.category, journey, type });
        if (userId) metrics.failedMembers.add(userId);
      }
      logger.warn(failureFields(classified, { batchSize: inputs.length }), 'event batch failed');
      throw classified;
    }
    const processingTime = Number(process.hrtime.bigint() - started) / 1e6;
    metrics.processingSeconds.observe({ source }, processingTime / 1000);
    const logEach = logger.isLevelEnabled('info');
    outcomes.forEach((outcome, index) => {
      if (outcome.status !== 'processed') tally.add(outcome.status);
      if (outcome.status === 'rejected') {
        const { type, journey, userId, id } = describeRaw(inputs[index].raw);
        metrics.eventsReceived.inc({ source, journey, type });
        metrics.eventsProcessed.inc({ source, journey, type, outcome: 'rejected' });
        metrics.errors.inc({ source, category: outcome.error.category, journey, type });
        if (userId) metrics.failedMembers.add(userId);
        if (logEach) logger.info({ ...failureFields(outcome.error, {}), eventId: id, eventType: type, userId, source }, 'event rejected');
        return;
      }
      if (outcome.status === 'dropped') {
        // No member id in the line: the member was erased.
        const { event } = outcome;
        metrics.eventsReceived.inc({ source, journey: event.journey, type: event.type });
        metrics.eventsProcessed.inc({ source, journey: event.journey, type: event.type, outcome: 'dropped' });
        logger.warn({ eventId: event.id, eventType: event.type, journey: event.journey, source, reason: outcome.reason }, 'event dropped: its member was erased');
        return;
      }
      const { event, result } = outcome;
      metrics.eventsReceived.inc({ source, journey: event.journey, type: event.type });
      metrics.eventsProcessed.inc({ source, journey: event.journey, type: event.type, outcome: outcome.status });
      if (!logEach) return;
      logger.info(
        {
          eventId: event.id,
          eventType: event.type,
          userId: event.userId,
          journey: event.journey,
          source,
          duplicate: result.duplicate,
          processingTime,
          pointsAwarded: result.pointsAwarded,
          achievementsUnlocked: result.unlockedAchievements.map((a) => a.key),
          questsCompleted: result.completedQuests.map((q) => q.key),
        },
        'event processed',
      );
    });
    return outcomes;
  };
}

function failureFields(error: GamificationError, extra: Record<string, unknown>): Record<string, unknown> {
  return { ...extra, errorMessage: error.message, errorCategory: error.category, errorCode: error.code, stack: error.stack };
}

/**
 * Safe identifying fields of an event that may be invalid (never its payload). `type` is a
 * known event type or "invalid" and `journey` the type's journey or "unknown", so metric label
 * values stay a bounded set.
 */
function describeRaw(raw: unknown): { type: string; journey: string; userId?: string; id?: string } {
  if (raw === null || typeof raw !== 'object') return { type: 'invalid', journey: 'unknown' };
  const record = raw as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 100) : undefined);
  const type = record['type'];
  const known = typeof type === 'string' && isEventType(type) ? type : undefined;
  return { type: known ?? 'invalid', journey: known ? journeyOfType(known) : 'unknown', userId: text(rawUserId(raw)), id: text(record['id']) };
}
