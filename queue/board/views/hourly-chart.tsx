/** Items finished per hour over the last 24 hours, as an SVG bar chart drawn on the server (done stacked under exceptions). */
import type { HourCount } from '../../item-index.js';
import { formatZoned } from '../data/zoned-time.js';

const W = 720;
const H = 180;
const PAD = { left: 40, right: 8, top: 10, bottom: 28 };

/** A round axis maximum at or above `n`: 1, 2, 5, 10, 20, 50... */
export function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= n) ?? 10 * p;
}

export function HourlyChart(props: { hours: HourCount[]; tz: string }) {
  const { hours, tz } = props;
  const totals = hours.map((h) => h.done + h.exception + h.rejected + h.cancelled);
  const max = niceMax(Math.max(0, ...totals));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, hours.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const sum = totals.reduce((a, b) => a + b, 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Items finished per hour over the last ${hours.length} hours: ${sum} in all`}>
        <line class="axis" x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} />
        {(max >= 2 ? [0, max / 2, max] : [0, max]).map((v) => (
          <>
            <line class="grid" x1={PAD.left} y1={y(v)} x2={W - PAD.right} y2={y(v)} />
            <text class="tick" x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
              {Number.isInteger(v) ? String(v) : v.toFixed(1)}
            </text>
          </>
        ))}
        {hours.map((h, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          const okH = (h.done / max) * plotH;
          const badN = h.exception + h.rejected + h.cancelled;
          const badH = (badN / max) * plotH;
          const label = formatZoned(h.hour * 3_600_000, tz).slice(11, 13);
          return (
            <g>
              <title>{`${formatZoned(h.hour * 3_600_000, tz).slice(0, 13)}h: ${h.done} done, ${h.exception} exceptions, ${h.rejected} rejected, ${h.cancelled} cancelled`}</title>
              {okH > 0 ? <rect class="done" x={x} y={y(h.done)} width={barW} height={okH} /> : null}
              {badH > 0 ? <rect class="exc" x={x} y={y(h.done + badN)} width={barW} height={badH} /> : null}
              {i % 3 === 0 ? (
                <text class="tick" x={x + barW / 2} y={H - PAD.bottom + 16} text-anchor="middle">
                  {label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">
        Items with an outcome per hour ({tz}), last {hours.length} hours: {sum} in all. <span class="key done">■</span> done <span class="key exc">■</span> exception, rejected or
        cancelled
      </figcaption>
    </figure>
  );
}
