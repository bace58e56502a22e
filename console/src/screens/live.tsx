import { useState } from 'react';
import { useSubscription } from 'urql';
import { Link } from 'wouter';
import { GameActivityDocument, type GameActivitySubscription } from '../generated/graphql';
import { Empty, ErrorNote, Screen } from '../ui';

type Activity = GameActivitySubscription['gameActivity'];
const SHOWN = 100;

export function LiveScreen() {
  const [paused, setPaused] = useState(false);
  const [result] = useSubscription<GameActivitySubscription, { items: Activity[]; skipped: number }>(
    { query: GameActivityDocument, pause: paused },
    (previous = { items: [], skipped: 0 }, next) => ({
      items: [next.gameActivity, ...previous.items].slice(0, SHOWN),
      skipped: previous.skipped + next.gameActivity.skippedBefore,
    }),
  );
  const feed = result.data;
  return (
    <Screen
      title="Live"
      actions={
        <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      }
    >
      <p className="hint">Awards, unlocks, quests, levels and streaks of every member as they commit. Newest first, the last {SHOWN} kept.</p>
      {feed && feed.skipped > 0 && (
        <p className="note" role="status">
          Sampled: {feed.skipped} left out because they came faster than this page shows (the server’s GAME_ACTIVITY_MAX_PER_SECOND).
        </p>
      )}
      {result.error && <ErrorNote error={result.error} />}
      {!feed || feed.items.length === 0 ? (
        <Empty>{paused ? 'Paused.' : 'Listening… nothing has happened since this page opened.'}</Empty>
      ) : (
        <ol className="feed" aria-live="polite">
          {feed.items.map((item) => (
            <li key={item.notificationId}>
              <time dateTime={item.at}>{new Date(item.at).toLocaleTimeString()}</time> <Link href={`/members/${item.userId}`}>{item.userId.slice(0, 8)}</Link> {item.summary}
            </li>
          ))}
        </ol>
      )}
    </Screen>
  );
}
