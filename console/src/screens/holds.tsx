import { useCallback, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { HeldEventsDocument, ReviewEventDocument, type HeldEventsQuery } from '../generated/graphql';
import { ConfirmDialog, Empty, ErrorNote, Loading, Screen, formatTime } from '../ui';

type HeldEvent = HeldEventsQuery['heldEvents'][number];
const PAGE = 50;

/** `/holds`: events the rules' plausibility holds kept for review, oldest first, a page at a time. */
export function HoldsScreen() {
  // Cursors of the pages before this one; the last is this page's `after`.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages.at(-1) ?? null;
  const [result, reexecute] = useQuery({ query: HeldEventsDocument, variables: { limit: PAGE, after } });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const held = result.data?.heldEvents;
  // The reviewed event leaves the list (and its dialog with it): what happened is said here.
  const [reviewed, setReviewed] = useState<string | null>(null);
  const onReviewed = useCallback(
    (outcome: string) => {
      setReviewed(outcome);
      refresh();
    },
    [refresh],
  );
  return (
    <Screen
      title="Holds"
      actions={
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      }
    >
      <p className="hint">Events a plausibility hold (the rules’ <code>holds:</code>) kept for review. They award nothing until released; a rejected one is kept with no effect.</p>
      {reviewed && (
        <p className="state ok" role="status">
          {reviewed}
        </p>
      )}
      {result.error && <ErrorNote error={result.error} />}
      {!held && !result.error && <Loading what="held events" />}
      {held?.length === 0 && <Empty>{pages.length > 1 ? 'No more held events.' : 'Nothing is held for review.'}</Empty>}
      {held && held.length > 0 && (
        <ul className="letters">
          {held.map((event) => (
            <HeldEventCard key={event.eventId} event={event} onReviewed={onReviewed} />
          ))}
        </ul>
      )}
      <div className="actions">
        {pages.length > 1 && (
          <button type="button" onClick={() => setPages(pages.slice(0, -1))}>
            Previous page
          </button>
        )}
        {held?.length === PAGE && (
          <button type="button" onClick={() => setPages([...pages, held[held.length - 1].cursor])}>
            Next page
          </button>
        )}
      </div>
    </Screen>
  );
}

function HeldEventCard({ event, onReviewed }: { event: HeldEvent; onReviewed: (outcome: string) => void }) {
  const [, review] = useMutation(ReviewEventDocument);
  const what = `${event.type} of ${formatTime(event.occurredAt)}`;
  const decide = (approve: boolean) => async (note: string) => {
    const result = await review({ input: { eventId: event.eventId, approve, note } });
    if (result.error || !result.data) throw new Error(result.error?.message ?? 'no answer');
    const outcome = result.data.reviewEvent;
    const unlocked = outcome.unlockedAchievements.map((achievement) => achievement.title);
    const said = approve
      ? `Released ${what}: +${outcome.pointsAwarded} points, total now ${outcome.totalPoints}${unlocked.length > 0 ? `; unlocked ${unlocked.join(', ')}` : ''}.`
      : `Rejected ${what}: kept, with no effect.`;
    onReviewed(said);
    return said;
  };
  return (
    <li className="card held-event">
      <h2>
        <code>{event.type}</code> <span className="badge">{event.holdKey}</span>
      </h2>
      <p>{event.reason}</p>
      <p className="hint">
        member <Link href={`/members/${event.userId}`}>{event.userId}</Link> · happened {formatTime(event.occurredAt)} · held {formatTime(event.heldAt)} · {event.journey}
      </p>
      <details>
        <summary>Event data</summary>
        <pre>{JSON.stringify(event.data, null, 2)}</pre>
      </details>
      <div className="actions">
        <ConfirmDialog
          label="Approve"
          accessibleLabel={`Approve ${what}`}
          title={`Release ${what}`}
          description="It counts as if it had arrived in order, in its own period; the member hears what it earned."
          reasonLabel="Note (the member reads it)"
          onConfirm={decide(true)}
        />
        <ConfirmDialog
          label="Reject"
          accessibleLabel={`Reject ${what}`}
          title={`Reject ${what}`}
          description="It stays stored, marked rejected, and never counts."
          reasonLabel="Note (kept with the event)"
          onConfirm={decide(false)}
        />
      </div>
    </li>
  );
}
