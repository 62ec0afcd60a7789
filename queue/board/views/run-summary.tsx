/** A run's report at a glance (lines and small tables its parent wrote), every value shown as text. */
import type { RunSummary } from '../data/runs.js';

export function RunSummaryView(props: { summary: RunSummary }) {
  const s = props.summary;
  return (
    <div class="panel run-summary">
      {s.lines.map((l) => (
        <p>{l}</p>
      ))}
      {s.tables.map((t) => (
        <table>
          <caption>{t.caption}</caption>
          <thead>
            <tr>
              {t.columns.map((col) => (
                <th>{col}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t.rows.map((r) => (
              <tr>
                {r.map((cell) => (
                  <td>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
          {t.more ? (
            <tfoot>
              <tr>
                <td colspan={t.columns.length} class="muted">
                  {t.more}
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      ))}
    </div>
  );
}
