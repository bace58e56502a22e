import { useCallback, useId, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useLocation } from 'wouter';
import {
  AwardPointsDocument, ExcuseStreakDocument, GrantAchievementDocument, MemberCorrectionsDocument, MemberDetailDocument, MemberPointsDocument, RetractEventDocument,
  type MemberDetailQuery,
} from '../generated/graphql';
import { ConfirmDialog, Empty, ErrorNote, Loading, Screen, formatTime, signed } from '../ui';

export function MemberScreen({ userId }: { userId?: string }) {
  const [, navigate] = useLocation();
  const [lookup, setLookup] = useState(userId ?? '');
  const fieldId = useId();
  return (
    <Screen title="Member">
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (lookup.trim()) navigate(`/members/${lookup.trim()}`);
        }}
      >
        <div>
          <label htmlFor={fieldId}>Member id</label>
          <input id={fieldId} value={lookup} onChange={(event) => setLookup(event.target.value)} placeholder="e.g. 6f1c3b2a-…" size={40} />
        </div>
        <button type="submit">Look up</button>
      </form>
      {userId ? <MemberDetail key={userId} userId={userId} /> : <Empty>Enter a member id to see their game.</Empty>}
    </Screen>
  );
}

function MemberDetail({ userId }: { userId: string }) {
  const [result, reexecute] = useQuery({ query: MemberDetailDocument, variables: { userId } });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  // A retracted event's lines leave the ledger (and the dialog with them): what happened is said here.
  const [retracted, setRetracted] = useState<string | null>(null);
  const onRetracted = useCallback(
    (outcome: string) => {
      setRetracted(outcome);
      refresh();
    },
    [refresh],
  );
  // Points awarded to this member by anyone (events, other admins) refresh the page as they commit.
  useSubscription({ query: MemberPointsDocument, variables: { userId } }, (_previous, _next) => {
    refresh();
    return _next;
  });
  // So do corrections (a retraction here, in another tab, or by the rules).
  useSubscription({ query: MemberCorrectionsDocument, variables: { userId } }, (_previous, _next) => {
    refresh();
    return _next;
  });
  if (result.error) return <ErrorNote error={result.error} />;
  const member = result.data;
  if (!member) return <Loading what="the member" />;
  if (!member.profile) return <Empty>No member {userId} has any game yet (nothing recorded for this id).</Empty>;
  const retractedEvents = new Set(member.corrections.flatMap((correction) => (correction.eventId ? [correction.eventId] : [])));
  return (
    <div className="member">
      <article className="card">
        <h2>Profile</h2>
        <dl className="figures">
          <div>
            <dt>Points</dt>
            <dd data-testid="total-points">{member.profile.totalPoints}</dd>
          </div>
          <div>
            <dt>Level</dt>
            <dd>
              {member.profile.level}
              {member.profile.nextLevelAt !== null && <small> (next at {member.profile.nextLevelAt})</small>}
            </dd>
          </div>
          <div>
            <dt>Time zone</dt>
            <dd>{member.profile.timeZone ?? 'server default'}</dd>
          </div>
          <div>
            <dt>Member since</dt>
            <dd>{formatTime(member.profile.createdAt)}</dd>
          </div>
        </dl>
        <MemberActions userId={userId} member={member} onChanged={refresh} />
      </article>
      <Streaks member={member} />
      <article className="card">
        <h2>Achievements</h2>
        {member.achievements.length === 0 ? (
          <Empty>No achievements in the rules.</Empty>
        ) : (
          <ul className="progress-list">
            {member.achievements.map((entry) => (
              <li key={entry.achievement.key}>
                <span className="progress-title">
                  {entry.achievement.title}
                  {entry.tier && <span className="tier">{entry.tier}</span>}
                  {entry.unlocked && <span className="badge">unlocked{entry.timesEarned > 1 ? ` ×${entry.timesEarned}` : ''}</span>}
                </span>
                <progress max={entry.target} value={Math.min(entry.progress, entry.target)} aria-label={`${entry.achievement.title}: ${entry.progress} of ${entry.target}`} />
                <small>
                  {entry.progress} / {entry.target}
                  {entry.nextTier && ` · next tier: ${entry.nextTier}`}
                </small>
              </li>
            ))}
          </ul>
        )}
      </article>
      <article className="card">
        <h2>Quests</h2>
        {member.quests.length === 0 ? (
          <Empty>No quests in the rules.</Empty>
        ) : (
          <ul className="progress-list">
            {member.quests.map((entry) => (
              <li key={entry.quest.key}>
                <span className="progress-title">
                  {entry.quest.title} {entry.completed && <span className="badge">completed</span>}
                </span>
                <ol className="steps">
                  {entry.steps.map((step, index) => (
                    <li key={index} className={step.done ? 'done' : undefined}>
                      {step.done ? '✓' : '○'} {step.event} × {step.count}
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ul>
        )}
      </article>
      <article className="card wide">
        <h2>Points ledger (newest first)</h2>
        {retracted && (
          <p className="state ok" role="status">
            {retracted}
          </p>
        )}
        {member.pointsHistory.length === 0 ? (
          <Empty>No points yet.</Empty>
        ) : (
          <table className="ledger">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Points</th>
                <th scope="col">Why</th>
                <th scope="col">Event</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {member.pointsHistory.map((line, index) => (
                <tr key={line.id}>
                  <td>{formatTime(line.occurredAt)}</td>
                  <td className={line.points < 0 ? 'negative' : undefined}>{signed(line.points)}</td>
                  <td>
                    {reasonOf(line)}
                    {line.sourceType !== 'correction' && retractedEvents.has(line.eventId) && <span className="badge">retracted</span>}
                  </td>
                  <td>
                    <code>{line.eventType}</code>
                  </td>
                  <td>{retractableHere(member.pointsHistory, index, retractedEvents) && <RetractEvent line={line} onRetracted={onRetracted} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </article>
      <Corrections corrections={member.corrections} />
      <article className="card">
        <h2>Notifications</h2>
        {member.notifications.length === 0 ? (
          <Empty>No notifications kept.</Empty>
        ) : (
          <ul className="plain">
            {member.notifications.map((notification) => (
              <li key={notification.id}>
                {formatTime(notification.createdAt)} · {notification.kind.toLowerCase().replace(/_/g, ' ')}
              </li>
            ))}
          </ul>
        )}
      </article>
    </div>
  );
}

type LedgerLine = MemberDetailQuery['pointsHistory'][number];

/** Why a line exists, in words: the rule, achievement, quest or manual award, and what changed its points. */
function reasonOf(line: LedgerLine): string {
  const source: Record<string, string> = { rule: 'rule', achievement: 'achievement', quest: 'quest', manual: 'manual award', correction: 'correction of' };
  const parts = [`${source[line.sourceType] ?? line.sourceType} “${line.sourceKey}”`];
  if (line.basePoints !== null && line.basePoints !== line.points) parts.push(`base ${line.basePoints}`);
  if (line.boosts.length > 0) parts.push(`boosts: ${line.boosts.join(', ')}`);
  return parts.join(' · ');
}

/**
 * Events earn several lines (a rule each, an unlock...): the retract action goes on the newest line
 * of an event not retracted yet. Manual and correction lines have no event of their own to retract.
 */
function retractableHere(lines: LedgerLine[], index: number, retracted: ReadonlySet<string>): boolean {
  const line = lines[index];
  return line.sourceType !== 'manual' && line.sourceType !== 'correction' && !retracted.has(line.eventId) && lines.findIndex((other) => other.eventId === line.eventId) === index;
}

function RetractEvent({ line, onRetracted }: { line: LedgerLine; onRetracted: (outcome: string) => void }) {
  const [, retract] = useMutation(RetractEventDocument);
  return (
    <ConfirmDialog
      label="Retract"
      accessibleLabel={`Retract event ${line.eventType} of ${formatTime(line.occurredAt)}`}
      title={`Retract the ${line.eventType} event`}
      description={`Event ${line.eventId} stays stored, marked retracted, and the member is recomputed without it: every line it earned, and what followed from it (achievements, quests, rewards, level), is taken back. The member reads the reason.`}
      onConfirm={async (reason) => {
        const result = await retract({ input: { eventId: line.eventId, reason, idempotencyKey: crypto.randomUUID() } });
        if (result.error || !result.data) throw new Error(result.error?.message ?? 'no answer');
        const correction = result.data.retractEvent;
        const said = `Retracted the ${line.eventType} event: ${signed(correction.pointsDelta)} points, total now ${correction.totalPoints}.`;
        onRetracted(said);
        return said;
      }}
    />
  );
}


function Corrections({ corrections }: { corrections: Member['corrections'] }) {
  return (
    <article className="card">
      <h2>Corrections</h2>
      {corrections.length === 0 ? (
        <Empty>No corrections.</Empty>
      ) : (
        <ul className="plain corrections">
          {corrections.map((correction) => (
            <li key={correction.id}>
              <strong className={correction.pointsDelta < 0 ? 'negative' : undefined}>{signed(correction.pointsDelta)} points</strong> (total {correction.totalPoints}, level {correction.level}) · “
              {correction.reason}” · {correction.principal} · {formatTime(correction.createdAt)}
              {correction.eventId && (
                <small>
                  {' '}
                  event <code>{correction.eventId}</code>
                </small>
              )}
              {(
                [
                  ['achievements taken back', correction.achievementsRevoked],
                  ['achievements gained', correction.achievementsGained],
                  ['quests taken back', correction.questsRevoked],
                  ['rewards taken back', correction.rewardsRevoked],
                ] as const
              ).map(([label, keys]) =>
                keys.length > 0 ? (
                  <small key={label}>
                    {' '}
                    · {label}: {keys.join(', ')}
                  </small>
                ) : null,
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

type Member = MemberDetailQuery;

function Streaks({ member }: { member: Member }) {
  return (
    <article className="card">
      <h2>Streaks</h2>
      {member.streaks.length === 0 ? (
        <Empty>No streaks in the rules.</Empty>
      ) : (
        member.streaks.map((standing) => (
          <div key={standing.streak.key} className="streak">
            <h3>
              {standing.streak.title} <small>({standing.current} now, best {standing.longest}, {standing.freezesHeld} freezes{standing.atRisk ? ', at risk' : ''})</small>
            </h3>
            {standing.streak.per === 'day' ? <StreakCalendar standing={standing} /> : <p>Per {standing.streak.per}; last active {standing.lastActivePeriod ?? 'never'}.</p>}
          </div>
        ))
      )}
      {member.streakExcuses.length > 0 && (
        <>
          <h3>Excused</h3>
          <ul className="plain">
            {member.streakExcuses.map((excuse) => (
              <li key={excuse.id}>
                {excuse.streakKey}: {excuse.from} to {excuse.to}, “{excuse.reason}” by {excuse.excusedBy}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

const CALENDAR_DAYS = 28;

/** The last four weeks, a day a cell: active (the current run), frozen, excused or missed. */
function StreakCalendar({ standing }: { standing: Member['streaks'][number] }) {
  const frozen = new Set(standing.frozenPeriods);
  const excused = new Set(standing.excusedPeriods);
  const last = standing.lastActivePeriod;
  const runStart = last ? addDays(last, -(standing.current - 1)) : null;
  const today = new Date().toISOString().slice(0, 10);
  const days = Array.from({ length: CALENDAR_DAYS }, (_, index) => addDays(today, index - CALENDAR_DAYS + 1));
  const stateOf = (day: string) =>
    excused.has(day) ? 'excused' : frozen.has(day) ? 'frozen' : last && runStart && day >= runStart && day <= last ? 'active' : day > today ? 'future' : 'missed';
  return (
    <ol className="calendar" aria-label={`${standing.streak.title}, last ${CALENDAR_DAYS} days`}>
      {days.map((day) => (
        <li key={day} className={`day ${stateOf(day)}`} title={`${day}: ${stateOf(day)}`}>
          <span className="visually-hidden">
            {day}: {stateOf(day)}
          </span>
        </li>
      ))}
    </ol>
  );
}

function addDays(day: string, delta: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
}

function MemberActions({ userId, member, onChanged }: { userId: string; member: Member; onChanged: () => void }) {
  const [, award] = useMutation(AwardPointsDocument);
  const [, grant] = useMutation(GrantAchievementDocument);
  const [, excuse] = useMutation(ExcuseStreakDocument);
  const [points, setPoints] = useState(10);
  const [achievementKey, setAchievementKey] = useState(member.achievements.find((entry) => !entry.unlocked)?.achievement.key ?? '');
  const [streakKey, setStreakKey] = useState(member.streaks[0]?.streak.key ?? '');
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const [from, setFrom] = useState(yesterday);
  const [to, setTo] = useState(yesterday);
  const ids = { points: useId(), achievement: useId(), streak: useId(), from: useId(), to: useId() };
  const fail = (message: string | undefined) => {
    throw new Error(message ?? 'failed');
  };
  return (
    <div className="actions">
      <ConfirmDialog
        label="Award or deduct points"
        title="Award or deduct points"
        description={`Adds a manual line to ${userId}'s ledger. A negative number deducts.`}
        onConfirm={async (reason) => {
          const result = await award({ input: { userId, points, reason, idempotencyKey: crypto.randomUUID() } });
          if (result.error || !result.data) return fail(result.error?.message);
          onChanged();
          return `Done: ${result.data.awardPoints.pointsApplied} points applied, total now ${result.data.awardPoints.totalPoints}.`;
        }}
      >
        <label htmlFor={ids.points}>Points</label>
        <input id={ids.points} type="number" value={points} onChange={(event) => setPoints(Number(event.target.value))} />
      </ConfirmDialog>
      {member.achievements.length > 0 && (
        <ConfirmDialog
          label="Grant an achievement"
          title="Grant an achievement"
          description="Unlocks it as if earned, with its points and rewards."
          onConfirm={async (reason) => {
            const result = await grant({ input: { userId, key: achievementKey, reason, idempotencyKey: crypto.randomUUID() } });
            if (result.error || !result.data) return fail(result.error?.message);
            onChanged();
            return `Granted “${result.data.grantAchievement.achievement.title}”.`;
          }}
        >
          <label htmlFor={ids.achievement}>Achievement</label>
          <select id={ids.achievement} value={achievementKey} onChange={(event) => setAchievementKey(event.target.value)}>
            {member.achievements.map((entry) => (
              <option key={entry.achievement.key} value={entry.achievement.key}>
                {entry.achievement.title}
              </option>
            ))}
          </select>
        </ConfirmDialog>
      )}
      {member.streaks.length > 0 && (
        <ConfirmDialog
          label="Excuse streak days"
          title="Excuse streak days"
          description="Excused days neither extend nor break the streak (up to 60 days back)."
          onConfirm={async (reason) => {
            const result = await excuse({ userId, streakKey, from, to, reason });
            if (result.error || !result.data) return fail(result.error?.message);
            onChanged();
            return `Excused ${from} to ${to}; the streak is at ${result.data.excuseStreak.current}.`;
          }}
        >
          <label htmlFor={ids.streak}>Streak</label>
          <select id={ids.streak} value={streakKey} onChange={(event) => setStreakKey(event.target.value)}>
            {member.streaks.map((standing) => (
              <option key={standing.streak.key} value={standing.streak.key}>
                {standing.streak.title}
              </option>
            ))}
          </select>
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </ConfirmDialog>
      )}
    </div>
  );
}
