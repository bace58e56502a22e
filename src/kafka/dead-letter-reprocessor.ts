import type { Kafka } from '../platform/kafka';
import type { BatchIngestor } from './batch-ingestor';
import { deadLetterBacklog } from './dead-letter-backlog';
import { incomingFromDeadLetter } from './dead-letter';
import type { IncomingEvent } from './incoming-event';
import { readRanges, type PartitionRange } from './topic-range-reader';

export interface ReprocessSummary {
  /** Dead letters read. */
  processed: number;
  /** Committed by the engine (or found already committed). */
  succeeded: number;
  /** Dead-lettered again, with their retry count increased. */
  failed: number;
  /** Skipped: their member was erased since (dropped, never re-created). */
  skipped: number;
}

/** Re-processing for real, or a dry run that only tells which dead letters would pass validation now. */
export type ReprocessMode = { dryRun: false; ingestor: BatchIngestor } | { dryRun: true; isValid: (raw: unknown) => boolean };

export interface ReprocessOptions {
  topics: readonly string[];
  batchSize: number;
  /** Consumer group whose committed offsets mark how far re-processing has got. */
  reprocessGroup: string;
  /** Throwaway group a dry run or a selection reads with (nothing committed). */
  readerGroup: string;
  /** Only these offsets (a selection): read without moving the re-processing position. */
  ranges?: readonly PartitionRange[];
}

/**
 * One pass over the dead letters not yet re-processed, up to the end of each topic as it was
 * when the pass started (so letters that fail again, appended to the same topics, wait for the
 * next pass). Each batch goes through the engine like worker batches; its offsets are committed
 * to the re-processing group once every letter in it is committed or dead-lettered again.
 */
export async function reprocessDeadLetters(kafka: Kafka, options: ReprocessOptions, mode: ReprocessMode): Promise<ReprocessSummary> {
  const ranges =
    options.ranges ??
    (await deadLetterBacklog(kafka, options.topics, options.reprocessGroup)).map(({ topic, partition, next, high }) => ({ topic, partition, from: next, to: high }));
  const movesPosition = !mode.dryRun && options.ranges === undefined;
  const summary: ReprocessSummary = { processed: 0, succeeded: 0, failed: 0, skipped: 0 };
  await readRanges(
    kafka,
    ranges,
    { groupId: movesPosition ? options.reprocessGroup : options.readerGroup, commit: movesPosition, sliceSize: options.batchSize },
    async (range, messages, keepAlive) => {
      const events = messages.map((message) => incomingFromDeadLetter({ topic: range.topic, partition: range.partition, offset: message.offset }, message.key, message.value));
      if (mode.dryRun) {
        const valid = events.filter((event) => isValidEvent(event, mode.isValid)).length;
        add(summary, { processed: events.length, succeeded: valid, failed: events.length - valid, skipped: 0 });
        return 'handled';
      }
      const result = await mode.ingestor.ingest(events, keepAlive);
      if (result.status === 'stopped') return 'stopped';
      add(summary, { processed: events.length, succeeded: result.processed + result.duplicates, failed: result.deadLettered, skipped: result.dropped });
      return 'handled';
    },
  );
  return summary;
}

function isValidEvent(event: IncomingEvent, isValid: (raw: unknown) => boolean): boolean {
  return event.body.kind === 'json' && isValid(event.body.event);
}

function add(summary: ReprocessSummary, delta: ReprocessSummary): void {
  summary.processed += delta.processed;
  summary.succeeded += delta.succeeded;
  summary.failed += delta.failed;
  summary.skipped += delta.skipped;
}
