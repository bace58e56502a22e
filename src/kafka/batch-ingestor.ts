import type { ProcessBatch } from '../engine/gamification-engine';
import { isInputFault } from '../errors';
import type { KafkaTopics } from './kafka-topics';
import type { DatabaseGate, KeepAlive } from './database-gate';
import { deadLetterOf, type DeadLetter } from './dead-letter';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { fallbackIdOf, isReplay, type IncomingEvent } from './incoming-event';

/** What became of a batch: every event is committed (processed or duplicate), dropped (its member was erased) or dead-lettered. */
/** The path from Kafka messages to the engine: the ingestor and the publisher of its dead letters. */
export interface Ingestion {
  ingestor: BatchIngestor;
  /** Connect before ingesting, disconnect after. */
  deadLetters: DeadLetterPublisher;
}

export interface IngestSummary {
  processed: number;
  duplicates: number;
  dropped: number;
  deadLettered: number;
}

export type IngestResult = ({ status: 'settled' } & IngestSummary) | { status: 'stopped' };

type JsonEvent = IncomingEvent & { body: { kind: 'json' } };

/**
 * Settles a batch of events read from Kafka, in order: one engine call for the batch (through
 * the database gate), invalid events straight to their dead-letter topic, and, when the batch
 * fails, halves tried in turn until only the events that fail on their own are left. Such an
 * event is dead-lettered at once when its error is the input's fault (PostgreSQL refused its
 * values: a data exception or an integrity violation), else only if other events were committed
 * after the batch first failed (so the fault is the event's); when nothing commits, the fault is
 * the system's (an outage the breaker has not caught yet, a full disk, a broken schema) and the
 * event is held and tried again: a failure of the system never floods the DLQ. Resolves once every event is committed
 * or dead-lettered, so the caller may commit the offsets; `stopped` means nothing may be
 * committed (shutdown or rebalance while holding).
 */
export class BatchIngestor {
  constructor(
    private readonly process: ProcessBatch,
    private readonly gate: DatabaseGate,
    private readonly deadLetters: Pick<DeadLetterPublisher, 'publish'>,
    private readonly topics: KafkaTopics,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async ingest(events: readonly IncomingEvent[], keepAlive: KeepAlive): Promise<IngestResult> {
    const settling: Settling = { keepAlive, committed: { processed: 0, duplicates: 0, dropped: 0 }, letters: [] };
    const json: JsonEvent[] = [];
    for (const event of events) {
      if (event.body.kind === 'json') json.push(event as JsonEvent);
      else settling.letters.push(deadLetterOf(this.topics, event, event.body.error, 0, this.now()));
    }
    if (json.length > 0 && !(await this.settle(json, settling))) return { status: 'stopped' };
    await this.deadLetters.publish(settling.letters);
    return { status: 'settled', ...settling.committed, deadLettered: settling.letters.length };
  }

  /** False when stopped before the events were settled. */
  private async settle(events: JsonEvent[], settling: Settling): Promise<boolean> {
    // Kafka producers are back ends: services, whose age limit dead-letter re-processing lifts.
    const inputs = events.map((event) => ({
      raw: event.body.event,
      fallbackId: fallbackIdOf(event.source),
      producer: 'service' as const,
      replay: isReplay(event),
    }));
    for (;;) {
      const result = await this.gate.run(() => this.process(inputs), settling.keepAlive);
      if (result.status === 'stopped') return false;
      if (result.status === 'done') {
        result.value.forEach((outcome, index) => {
          if (outcome.status === 'rejected') settling.letters.push(deadLetterOf(this.topics, events[index], outcome.error, 0, this.now()));
          else settling.committed[outcome.status === 'duplicate' ? 'duplicates' : outcome.status]++;
        });
        return true;
      }
      settling.successesAtFailure ??= this.gate.successes;
      if (events.length > 1) {
        const middle = Math.ceil(events.length / 2);
        return (await this.settle(events.slice(0, middle), settling)) && (await this.settle(events.slice(middle), settling));
      }
      if (isInputFault(result.error) || this.gate.successes > settling.successesAtFailure) {
        settling.letters.push(deadLetterOf(this.topics, events[0], result.error, result.retries, this.now()));
        return true;
      }
      if (!(await this.gate.pause(settling.keepAlive))) return false;
    }
  }
}

interface Settling {
  keepAlive: KeepAlive;
  /** The gate's success count when the batch first failed: more since means the database works. */
  successesAtFailure?: number;
  committed: Omit<IngestSummary, 'deadLettered'>;
  letters: DeadLetter[];
}
