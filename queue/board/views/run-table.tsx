/** A table of runs with their progress bars; the bars of runs still in progress move live (`static/pages.js`). */
import type { RunSummary } from '../data/dashboard.js';
import { CountsLine, RunBar, Time } from './components.js';
import { href } from './format.js';

export function RunTable(props: { rows: RunSummary[]; tz: string; outcomes?: boolean }) {
  const live = props.rows.filter((r) => !r.complete).map((r) => r.runId);
  return (
    <div data-sse-runs={live.length ? `/events/runs?ids=${encodeURIComponent(live.join(','))}` : undefined}>
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>Bot</th>
            <th>Started ({props.tz})</th>
            <th>Progress</th>
            {props.outcomes ? <th>Outcomes</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr data-run={r.runId}>
              <td>
                <a href={href.run(r.runId)}>{r.meta.label ?? r.runId}</a>
                {r.meta.label ? <div class="muted mono">{r.runId}</div> : null}
              </td>
              <td>{r.meta.bot ?? ''}</td>
              <td>
                <Time at={r.startedAt} tz={props.tz} />
              </td>
              <td>
                <RunBar counts={r.counts} finished={r.finished} />
              </td>
              {props.outcomes ? (
                <td>
                  <CountsLine counts={r.counts} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
