import type { ProcessBatch } from '../app/instrumented-engine';
import type { KafkaTopics } from '../platform/kafka-topics';
import type { DatabaseGate, KeepAlive } from './database-gate';
import { deadLetterOf, type DeadLetter } from './dead-letter';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { fallbackIdOf, type IncomingEvent } from './incoming-event';

/** What became of a batch: every event is either committed (processed or duplicate) or dead-lettered. */
export interface IngestSummary {
  processed: number;
  duplicates: number;
  deadLettered: number;
}

export type IngestResult = ({ status: 'settled' } & IngestSummary) | { status: 'stopped' };

type JsonEvent = IncomingEvent & { body: { kind: 'json' } };

/**
 * Settles a batch of events read from Kafka, in order: one engine call for the batch (through
 * the database gate), invalid events straight to their dead-letter topic, and, when the batch
 * fails while the database answers, halves re-tried until only the failing events are
 * dead-lettered. Resolves once every event is committed or dead-lettered, so the caller may
 * commit the offsets; `stopped` means nothing may be committed (shutdown or rebalance while
 * PostgreSQL was down).
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
    const summary: IngestSummary = { processed: 0, duplicates: 0, deadLettered: 0 };
    const letters: DeadLetter[] = [];
    const json: JsonEvent[] = [];
    for (const event of events) {
      if (event.body.kind === 'json') json.push(event as JsonEvent);
      else letters.push(deadLetterOf(this.topics, event, event.body.error, 0, this.now()));
    }
    if (json.length > 0 && !(await this.settle(json, keepAlive, summary, letters))) return { status: 'stopped' };
    await this.deadLetters.publish(letters);
    summary.deadLettered = letters.length;
    return { status: 'settled', ...summary };
  }

  /** False when stopped before the events were settled. */
  private async settle(events: JsonEvent[], keepAlive: KeepAlive, summary: IngestSummary, letters: DeadLetter[]): Promise<boolean> {
    const inputs = events.map((event) => ({ raw: event.body.event, fallbackId: fallbackIdOf(event.source) }));
    const result = await this.gate.run(() => this.process(inputs), keepAlive);
    if (result.status === 'stopped') return false;
    if (result.status === 'failed') {
      if (events.length === 1) {
        letters.push(deadLetterOf(this.topics, events[0], result.error, result.retries, this.now()));
        return true;
      }
      const middle = Math.ceil(events.length / 2);
      return (
        (await this.settle(events.slice(0, middle), keepAlive, summary, letters)) &&
        (await this.settle(events.slice(middle), keepAlive, summary, letters))
      );
    }
    result.value.forEach((outcome, index) => {
      if (outcome.status === 'rejected') letters.push(deadLetterOf(this.topics, events[index], outcome.error, 0, this.now()));
      else summary[outcome.status === 'processed' ? 'processed' : 'duplicates']++;
    });
    return true;
  }
}
