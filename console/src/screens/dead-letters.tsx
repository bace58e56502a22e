import { useCallback, useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { DeadLettersDocument, ReprocessDeadLettersDocument, type DeadLettersQuery, type ReprocessDeadLettersInput } from '../generated/graphql';
import { Empty, ErrorNote, Loading, Screen, formatTime } from '../ui';

type Letter = DeadLettersQuery['deadLetters']['letters'][number];
type Plan = { label: string; input: Omit<ReprocessDeadLettersInput, 'dryRun'> };

const keyOf = (letter: Letter) => `${letter.topic}|${letter.partition}|${letter.offset}`;

export function DeadLettersScreen() {
  const [topic, setTopic] = useState('');
  const [result, reexecute] = useQuery({ query: DeadLettersDocument, variables: { topic: topic || null, limit: 50, after: null } });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [plan, setPlan] = useState<Plan | null>(null);
  const topicId = useId();
  const page = result.data?.deadLetters;
  const letters = page?.letters ?? [];
  const toggle = (letter: Letter) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(keyOf(letter))) next.delete(keyOf(letter));
      else next.add(keyOf(letter));
      return next;
    });
  const refs = (chosen: Letter[]) => chosen.map(({ topic: letterTopic, partition, offset }) => ({ topic: letterTopic, partition, offset }));
  return (
    <Screen title="Dead letters">
      {result.error && <ErrorNote error={result.error} />}
      {!page && result.fetching && <Loading what="dead letters" />}
      {page && !page.kafka && <Empty>No Kafka is configured (KAFKA_BROKERS): events come through the API only, and nothing is dead-lettered.</Empty>}
      {page?.kafka && (
        <>
          <div className="filters">
            <div>
              <label htmlFor={topicId}>Topic</label>
              <select id={topicId} value={topic} onChange={(event) => { setTopic(event.target.value); setSelected(new Set()); }}>
                <option value="">All topics</option>
                {page.topics.map((count) => (
                  <option key={count.topic} value={count.topic}>
                    {count.topic} ({count.pending} pending)
                  </option>
                ))}
              </select>
            </div>
            <button type="button" onClick={refresh}>
              Refresh
            </button>
            <button type="button" disabled={selected.size === 0} onClick={() => setPlan({ label: `${selected.size} selected`, input: { letters: refs(letters.filter((letter) => selected.has(keyOf(letter)))) } })}>
              Re-process selected ({selected.size})
            </button>
            <button type="button" disabled={letters.length === 0} onClick={() => setPlan({ label: `all pending in ${topic || 'every topic'}`, input: { topics: topic ? [topic] : undefined } })}>
              Re-process all
            </button>
          </div>
          {plan && <ReprocessPanel key={plan.label} plan={plan} onDone={() => { setSelected(new Set()); refresh(); }} onCancel={() => setPlan(null)} />}
          {letters.length === 0 ? (
            <Empty>No pending dead letters.</Empty>
          ) : (
            <ul className="letters">
              {letters.map((letter) => (
                <li key={keyOf(letter)} className="card">
                  <label className="select-letter">
                    <input type="checkbox" checked={selected.has(keyOf(letter))} onChange={() => toggle(letter)} />
                    <span>
                      {letter.topic} [{letter.partition}]@{letter.offset}
                    </span>
                  </label>
                  <p>
                    <span className="badge">{letter.errorCategory ?? 'NOT A DEAD LETTER'}</span> {letter.errorMessage}
                  </p>
                  <p className="hint">
                    retries {letter.retryCount ?? '–'} · from {letter.source ?? '–'} · {letter.deadLetteredAt ? formatTime(letter.deadLetteredAt) : ''}
                  </p>
                  <details>
                    <summary>Original event</summary>
                    <pre>{letter.originalBytes !== null ? `${letter.originalBytes} bytes, not JSON` : JSON.stringify(letter.originalEvent, null, 2)}</pre>
                  </details>
                  <button type="button" onClick={() => setPlan({ label: `${letter.topic}@${letter.offset}`, input: { letters: refs([letter]) } })}>
                    Re-process this one
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Screen>
  );
}

/** Dry run first; the real run only after it, and only on request. */
function ReprocessPanel({ plan, onDone, onCancel }: { plan: Plan; onDone: () => void; onCancel: () => void }) {
  const [dryRun, runDry] = useMutation(ReprocessDeadLettersDocument);
  const [realRun, runReal] = useMutation(ReprocessDeadLettersDocument);
  const dry = dryRun.data?.reprocessDeadLetters;
  const real = realRun.data?.reprocessDeadLetters;
  return (
    <section className="card reprocess" aria-label="Re-process dead letters">
      <h2>Re-process {plan.label}</h2>
      {!dry && (
        <button type="button" className="primary" disabled={dryRun.fetching} onClick={() => void runDry({ input: { ...plan.input, dryRun: true } })}>
          Dry run
        </button>
      )}
      {dryRun.error && <ErrorNote error={dryRun.error} />}
      {dry && (
        <p role="status">
          Dry run: {dry.processed} read, {dry.succeeded} would pass validation, {dry.failed} would fail again.
        </p>
      )}
      {dry && !real && (
        <button
          type="button"
          className="primary"
          disabled={realRun.fetching}
          onClick={async () => {
            const outcome = await runReal({ input: { ...plan.input, dryRun: false } });
            if (!outcome.error) onDone();
          }}
        >
          Re-process for real
        </button>
      )}
      {realRun.error && <ErrorNote error={realRun.error} />}
      {real && (
        <p role="status">
          Re-processed: {real.processed} read, {real.succeeded} committed, {real.failed} dead-lettered again, {real.skipped} skipped (member erased).
        </p>
      )}
      <button type="button" onClick={onCancel}>
        Close
      </button>
    </section>
  );
}
