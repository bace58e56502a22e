import uPlot from 'uplot';
import type { RecomputeJobFieldsFragment } from '../generated/graphql';
import { signed } from '../ui';
import { useUplot } from '../use-uplot';

type Bucket = NonNullable<RecomputeJobFieldsFragment['impact']['pointsDeltaHistogram']>[number];

const HEIGHT = 180;
/** Losses, no points moved (an achievement only), gains. */
const SIDES = [
  { label: 'members losing points', fill: '#a11d1d', holds: (bucket: Bucket) => bucket.to !== null && bucket.to < 0 },
  { label: 'members with no points moved', fill: '#6b7280', holds: (bucket: Bucket) => bucket.from === 0 && bucket.to === 0 },
  { label: 'members gaining points', fill: '#1b6e3c', holds: (bucket: Bucket) => bucket.from !== null && bucket.from > 0 },
];

/**
 * The dry run's points change per member as bars (uPlot), over the API's fixed buckets from the
 * first to the last that holds a member, always through the bucket of 0; the same figures as a
 * table for reading out.
 */
export function PointsDeltaHistogram({ buckets }: { buckets: Bucket[] }) {
  const zero = buckets.findIndex((bucket) => bucket.from === 0 && bucket.to === 0);
  const filled = buckets.flatMap((bucket, index) => (bucket.members > 0 ? [index] : []));
  const shown = buckets.slice(Math.min(zero, ...filled), Math.max(zero, ...filled) + 1);
  const axisLabels = shown.map((bucket) => bucketLabel(bucket, AXIS));
  const members = shown.reduce((sum, bucket) => sum + bucket.members, 0);
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    legend: { show: false },
    scales: { x: { time: false, range: (_chart, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_chart, _min, max) => [0, Math.max(1, max)] } },
    series: [{}, ...SIDES.map((side) => ({ label: side.label, fill: side.fill, stroke: side.fill, paths: uPlot.paths.bars!({ size: [0.8, 64] }), points: { show: false } }))],
    axes: [
      { values: (_chart, splits) => splits.map((split) => axisLabels[split] ?? ''), incrs: [1, 2, 3, 4, 5], label: 'points change per member' },
      { label: 'members', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000] },
    ],
  };
  const data: uPlot.AlignedData = [
    shown.map((_, index) => index),
    ...SIDES.map((side) => shown.map((bucket) => (side.holds(bucket) && bucket.members > 0 ? bucket.members : null))),
  ];
  const container = useUplot(options, axisLabels.join(','), data, HEIGHT);
  const counted = shown.filter((bucket) => bucket.members > 0);
  const summary = counted.map((bucket) => `${bucketLabel(bucket)}: ${bucket.members}`).join('; ');
  return (
    <figure className="histogram">
      <div ref={container} className="chart" role="img" aria-label={`Bar chart of the points change per member: ${summary}`} data-members={members} />
      <figcaption>Members by points change, {members} in all.</figcaption>
      <details>
        <summary>The figures</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Points change</th>
              <th scope="col">Members</th>
            </tr>
          </thead>
          <tbody>
            {counted.map((bucket) => (
              <tr key={bucketLabel(bucket)}>
                <td>{bucketLabel(bucket)}</td>
                <td>{bucket.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** How a bucket reads: in text ("+5 to +9", "-1", "0", "≥ +10000"), or on the narrow axis ("+5…+9", "≥+10000"). */
const TEXT = { bound: ' ', range: ' to ' };
const AXIS = { bound: '', range: '…' };

function bucketLabel({ from, to }: Bucket, style = TEXT): string {
  if (from === null) return `≤${style.bound}${signed(to!)}`;
  if (to === null) return `≥${style.bound}${signed(from)}`;
  return from === to ? signed(from) : `${signed(from)}${style.range}${signed(to)}`;
}
