import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { BoardDocument, type BoardQuery, type LeaderboardPeriod } from '../generated/graphql';
import { Empty, ErrorNote, Loading, Screen } from '../ui';

const PERIODS: { value: LeaderboardPeriod; label: string }[] = [
  { value: 'ALL_TIME', label: 'All time' },
  { value: 'DAY', label: 'Today' },
  { value: 'WEEK', label: 'This week' },
  { value: 'MONTH', label: 'This month' },
];
const JOURNEYS = ['', 'health', 'care', 'plan', 'user'];

export function LeaderboardsScreen() {
  const [period, setPeriod] = useState<LeaderboardPeriod>('ALL_TIME');
  const [journey, setJourney] = useState('');
  const [limit, setLimit] = useState(10);
  const [aroundInput, setAroundInput] = useState('');
  const [around, setAround] = useState<string | undefined>(undefined);
  const [result] = useQuery({ query: BoardDocument, variables: { period, journey: journey || null, limit, around: around ?? null } });
  const ids = { period: useId(), journey: useId(), limit: useId(), around: useId() };
  const board = result.data?.leaderboard;
  return (
    <Screen title="Leaderboards" actions={board && board.entries.length > 0 ? <CsvDownload board={board} /> : undefined}>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setAround(aroundInput.trim() || undefined);
        }}
      >
        <div>
          <label htmlFor={ids.period}>Period</label>
          <select id={ids.period} value={period} onChange={(event) => setPeriod(event.target.value as LeaderboardPeriod)}>
            {PERIODS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.journey}>Journey</label>
          <select id={ids.journey} value={journey} onChange={(event) => setJourney(event.target.value)}>
            {JOURNEYS.map((value) => (
              <option key={value} value={value}>
                {value || 'All journeys'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.limit}>Top</label>
          <input id={ids.limit} type="number" min={1} max={100} value={limit} onChange={(event) => setLimit(Math.min(100, Math.max(1, Number(event.target.value) || 1)))} />
        </div>
        <div>
          <label htmlFor={ids.around}>Around member (id)</label>
          <input id={ids.around} value={aroundInput} onChange={(event) => setAroundInput(event.target.value)} placeholder="member id" />
        </div>
        <button type="submit">Jump to member</button>
      </form>
      {result.error && <ErrorNote error={result.error} />}
      {!board && result.fetching && <Loading what="the board" />}
      {board && board.entries.length === 0 && <Empty>Nobody on this board yet.</Empty>}
      {board && board.entries.length > 0 && (
        <table className="board">
          <caption>
            {board.journey ?? 'All journeys'}, {board.period.toLowerCase().replace('_', ' ')} {board.periodKey ? `(${board.periodKey})` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Member</th>
              <th scope="col">Points</th>
              <th scope="col">Level</th>
            </tr>
          </thead>
          <tbody>
            {board.entries.map((entry) => (
              <tr key={entry.userId} className={entry.userId === around ? 'highlight' : undefined}>
                <td>{entry.rank}</td>
                <td>
                  <Link href={`/members/${entry.userId}`}>{entry.userId}</Link>
                </td>
                <td>{entry.points}</td>
                <td>{entry.level ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Screen>
  );
}

function CsvDownload({ board }: { board: BoardQuery['leaderboard'] }) {
  const download = () => {
    const lines = ['rank,userId,points,level', ...board.entries.map((entry) => [entry.rank, entry.userId, entry.points, entry.level ?? ''].join(','))];
    const url = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `leaderboard-${board.journey ?? 'all'}-${board.period.toLowerCase()}${board.periodKey ? `-${board.periodKey}` : ''}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <button type="button" onClick={download}>
      Download CSV
    </button>
  );
}
