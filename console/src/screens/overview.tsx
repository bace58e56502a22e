import { useCallback } from 'react';
import type uPlot from 'uplot';
import { useQuery } from 'urql';
import { StatsDocument, type StatsQuery } from '../generated/graphql';
import { Empty, ErrorNote, Loading, Screen, formatTime } from '../ui';
import { useLastAnswer, useRefresh } from '../use-refresh';
import { useUplot } from '../use-uplot';

const WINDOW_MINUTES = 60;
const JOURNEY_COLOURS: Record<string, string> = { health: '#1b7f4b', care: '#1f5fbf', plan: '#a3521a', user: '#6b3fa0', manual: '#555' };

export function OverviewScreen() {
  const [result, reexecute] = useQuery({ query: StatsDocument, variables: { windowMinutes: WINDOW_MINUTES } });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  useRefresh(refresh, 5000);
  const stats = useLastAnswer(result.data?.stats);
  return (
    <Screen title="Overview">
      {result.error && <ErrorNote error={result.error} />}
      {!stats && result.fetching && <Loading what="the overview" />}
      {stats && (
        <div className="grid">
          <article className="card wide">
            <h2>Events per minute, last hour</h2>
            <EventsChart perMinute={stats.perMinute} />
          </article>
          <article className="card">
            <h2>Outcomes, last hour</h2>
            <dl className="figures">
              <div>
                <dt>Processed</dt>
                <dd data-testid="processed">{stats.outcomes.processed}</dd>
              </div>
              <div>
                <dt>Awarded points</dt>
                <dd>{stats.outcomes.awarded}</dd>
              </div>
              <div>
                <dt>Points awarded</dt>
                <dd>{stats.outcomes.pointsAwarded}</dd>
              </div>
              <div>
                <dt>Held for review</dt>
                <dd data-testid="held">{stats.outcomes.held}</dd>
              </div>
              <div>
                <dt>Duplicates</dt>
                <dd data-testid="duplicate">{stats.outcomes.duplicate}</dd>
              </div>
              <div>
                <dt>Rejected</dt>
                <dd data-testid="rejected">{stats.outcomes.rejected}</dd>
              </div>
              <div>
                <dt>Dropped (erased members)</dt>
                <dd>{stats.outcomes.dropped}</dd>
              </div>
              <div>
                <dt>Dead-lettered, pending</dt>
                <dd>{stats.outcomes.deadLetteredPending ?? 'no Kafka'}</dd>
              </div>
            </dl>
            <p className="hint">
              Held events (kept by a plausibility hold for review) count among the processed ones, whatever their review decided since. Duplicates, rejections and drops reach these
              figures within a few seconds (each node adds its counts every STATS_FLUSH_INTERVAL_MS).
            </p>
          </article>
          <article className="card">
            <h2>Unlocked today (top 10)</h2>
            {stats.topAchievementsToday.length === 0 ? (
              <Empty>No achievement unlocked today yet.</Empty>
            ) : (
              <ol className="ranked">
                {stats.topAchievementsToday.map((achievement) => (
                  <li key={achievement.key}>
                    {achievement.title} <span className="count">{achievement.unlocked}</span>
                  </li>
                ))}
              </ol>
            )}
          </article>
          <article className="card">
            <h2>Dead letters</h2>
            {stats.deadLetters === null ? (
              <Empty>No Kafka configured: events come through the API only and nothing is dead-lettered.</Empty>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Topic</th>
                    <th scope="col">Pending</th>
                    <th scope="col">Held</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.deadLetters.map((topic) => (
                    <tr key={topic.topic}>
                      <td>{topic.topic}</td>
                      <td>{topic.pending}</td>
                      <td>{topic.held}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
          <article className="card">
            <h2>Rules in force</h2>
            <p>
              Version <code className="hash">{stats.rulesVersion.id.slice(0, 12)}</code>
            </p>
            <p>Loaded {formatTime(stats.rulesVersion.loadedAt)}</p>
          </article>
        </div>
      )}
    </Screen>
  );
}

type PerMinute = StatsQuery['stats']['perMinute'];

/** Events per minute and journey as lines, the last hour to the current minute; refreshed in place. */
function EventsChart({ perMinute }: { perMinute: PerMinute }) {
  const journeys = [...new Set(perMinute.map((row) => row.journey))].sort();
  const total = perMinute.reduce((sum, row) => sum + row.events, 0);
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    series: [{}, ...journeys.map((journey) => ({ label: journey, stroke: JOURNEY_COLOURS[journey] ?? '#333', width: 2 }))],
    axes: [{}, { label: 'events / min' }],
    scales: { x: { time: true } },
  };
  const container = useUplot(options, journeys.join(','), chartData(perMinute, journeys), 220);

  return (
    <figure>
      <div ref={container} className="chart" role="img" aria-label={`Line chart: ${total} events in the last hour across ${journeys.length} journeys`} data-events={total} />
      <figcaption>{total === 0 ? 'No events in the last hour.' : `${total} events in the last hour: ${journeys.join(', ')}.`}</figcaption>
    </figure>
  );
}

function chartData(perMinute: PerMinute, journeys: string[]): uPlot.AlignedData {
  const now = Math.floor(Date.now() / 60_000) * 60;
  const minutes = Array.from({ length: WINDOW_MINUTES }, (_, index) => now - (WINDOW_MINUTES - 1 - index) * 60);
  const counts = new Map(perMinute.map((row) => [`${Math.floor(Date.parse(row.minute) / 1000)}|${row.journey}`, row.events]));
  return [minutes, ...journeys.map((journey) => minutes.map((minute) => counts.get(`${minute}|${journey}`) ?? 0))];
}
