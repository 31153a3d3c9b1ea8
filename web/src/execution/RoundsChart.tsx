/**
 * Bytes sent against bytes dirtied in each pre-copy round, as grouped bars
 * drawn in SVG: a handful of rounds, coloured by the theme's CSS variables,
 * and a text alternative that says the same in words. (A hand-drawn chart
 * rather than uPlot: uPlot draws time series on a canvas, which would need
 * its own sizing, theming and a text alternative for what is a few bars.)
 */
import type { Round } from '@vmmi/shared';
import { fmtBytes } from '../planner/format.ts';

const W = 300;
const H = 90;
const AXIS = 14;

export function RoundsChart({ rounds }: { rounds: readonly Round[] }) {
  if (rounds.length === 0)
    return (
      <p className="small muted rounds-empty" data-testid="rounds-chart-empty">
        No pre-copy round completed yet.
      </p>
    );
  const max = Math.max(1, ...rounds.flatMap((r) => [r.sentBytes, r.dirtiedBytes]));
  const slot = W / rounds.length;
  const bar = Math.min(18, (slot - 6) / 2);
  const y = (bytes: number) => (H - AXIS) * (1 - bytes / max);
  const summary = rounds
    .map(
      (r) =>
        `round ${r.round}: ${fmtBytes(r.sentBytes)} sent, ${fmtBytes(r.dirtiedBytes)} dirtied${r.throttle > 0 ? `, guest throttled ${Math.round(r.throttle * 100)} %` : ''}`,
    )
    .join('; ');
  return (
    <figure className="rounds-chart" data-testid="rounds-chart" data-rounds={rounds.length}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Pre-copy rounds: ${summary}`}>
        <line x1={0} x2={W} y1={H - AXIS} y2={H - AXIS} className="rounds-axis" />
        {rounds.map((r, i) => {
          const x = i * slot + slot / 2;
          return (
            <g key={r.round}>
              <rect
                className="rounds-sent"
                x={x - bar}
                y={y(r.sentBytes)}
                width={bar}
                height={H - AXIS - y(r.sentBytes)}
              >
                <title>{`round ${r.round}: ${fmtBytes(r.sentBytes)} sent in ${r.seconds.toFixed(1)} s`}</title>
              </rect>
              <rect
                className="rounds-dirtied"
                x={x}
                y={y(r.dirtiedBytes)}
                width={bar}
                height={H - AXIS - y(r.dirtiedBytes)}
              >
                <title>{`round ${r.round}: ${fmtBytes(r.dirtiedBytes)} dirtied meanwhile`}</title>
              </rect>
              <text x={x} y={H - 2} textAnchor="middle" className="rounds-label">
                {r.round}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small muted">
        <span className="swatch rounds-sent" aria-hidden="true" /> sent{' '}
        <span className="swatch rounds-dirtied" aria-hidden="true" /> dirtied, per pre-copy round
        (max {fmtBytes(max)})
      </figcaption>
    </figure>
  );
}
