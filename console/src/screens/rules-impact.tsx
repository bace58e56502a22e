import { useEffect, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { EstimateRulesImpactDocument, RecomputeJobDocument, type RecomputeJobFieldsFragment } from '../generated/graphql';
import { ErrorNote, signed } from '../ui';
import { PointsDeltaHistogram } from './points-delta-histogram';

/** How often a running estimate is asked for its progress. */
const POLL_MS = 1000;

/**
 * The dry run's impact on members: every member with retained events recomputed under the draft in
 * a background job that writes nothing (publishRules with recompute ALL_MEMBERS). On request only:
 * it reads every member's history, unlike the check as you type.
 */
export function ImpactEstimate({ draft, disabled }: { draft: string; disabled: boolean }) {
  const client = useClient();
  const [estimate, setEstimate] = useState<{ draft: string; jobId: number } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [job, reexecute] = useQuery({ query: RecomputeJobDocument, variables: { id: estimate?.jobId ?? 0 }, pause: !estimate, requestPolicy: 'network-only' });
  const current = estimate && job.data?.recomputeJob.id === estimate.jobId ? job.data.recomputeJob : null;
  const running = estimate !== null && (!current || current.status === 'PENDING' || current.status === 'RUNNING');
  useEffect(() => {
    if (!running || job.fetching) return;
    const timer = setTimeout(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, job.fetching, reexecute]);
  const start = async () => {
    setError(null);
    const result = await client.mutation(EstimateRulesImpactDocument, { document: draft }).toPromise();
    const started = result.data?.publishRules.job;
    if (result.error || !started) {
      setError(result.error ?? new Error(result.data?.publishRules.errors.map((problem) => problem.message).join('; ') || 'no estimate started'));
      return;
    }
    setEstimate({ draft, jobId: started.id });
  };
  return (
    <section className="impact" aria-labelledby="impact-title">
      <h3 id="impact-title">Impact on members</h3>
      <button type="button" disabled={disabled || running} onClick={() => void start()}>
        Estimate the impact on members
      </button>
      {error && <ErrorNote error={error} />}
      {job.error && <ErrorNote error={job.error} />}
      {estimate && running && (
        <p role="status">
          Recomputing every member under the draft, writing nothing: {current?.processed ?? 0} of {current?.total ?? '…'} members…
        </p>
      )}
      {current && !running && <ImpactFigures job={current} stale={estimate?.draft !== draft} />}
    </section>
  );
}

function ImpactFigures({ job, stale }: { job: RecomputeJobFieldsFragment; stale: boolean }) {
  const { impact } = job;
  return (
    <div role="status">
      {job.status === 'SUPERSEDED' && <p className="note">Stopped early: a new rule version was published meanwhile. The figures cover the members done.</p>}
      {stale && <p className="note">The draft changed since this estimate; estimate again to see the impact of the edit.</p>}
      <dl className="figures" aria-label="Impact of the draft">
        <div>
          <dt>Members affected</dt>
          <dd data-testid="members-affected">
            {impact.membersAffected} <small>of {job.processed}</small>
          </dd>
        </div>
        <div>
          <dt>Points moved</dt>
          <dd>{signed(impact.pointsDeltaSum)}</dd>
        </div>
        <div>
          <dt>Change per member</dt>
          <dd>
            {impact.pointsDeltaMin === null
              ? '–'
              : impact.pointsDeltaMin === impact.pointsDeltaMax
                ? signed(impact.pointsDeltaMin)
                : `${signed(impact.pointsDeltaMin)} to ${signed(impact.pointsDeltaMax!)}`}
          </dd>
        </div>
      </dl>
      {impact.pointsDeltaHistogram && impact.membersAffected > 0 && <PointsDeltaHistogram buckets={impact.pointsDeltaHistogram} />}
      {(job.skipped > 0 || job.errorCount > 0) && (
        <p className="hint">
          {job.skipped} members left out (history not replayable whole), {job.errorCount} failed.
        </p>
      )}
      <AchievementCounts title="Achievements gained" counts={impact.achievementsGained} />
      <AchievementCounts title="Achievements lost" counts={impact.achievementsLost} />
    </div>
  );
}

function AchievementCounts({ title, counts }: { title: string; counts: RecomputeJobFieldsFragment['impact']['achievementsGained'] }) {
  return (
    <p>
      <strong>{title}:</strong> {counts.length === 0 ? 'none' : counts.map((count) => `${count.key} (${count.members} member${count.members === 1 ? '' : 's'})`).join(', ')}
    </p>
  );
}
