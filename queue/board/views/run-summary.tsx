/** A run's report at a glance (lines and small tables its parent wrote, links to its pages), every value shown as text. */
import type { RunSummary } from '../data/runs.js';
import { TextTable } from './text-table.js';

export function RunSummaryView(props: { summary: Pick<RunSummary, 'lines' | 'tables'> & { pages?: RunSummary['pages'] }; pageHref?: (id: string) => string }) {
  const s = props.summary;
  return (
    <div class="panel run-summary">
      {s.lines.map((l) => (
        <p>{l}</p>
      ))}
      {s.tables.map((t) => (
        <TextTable caption={t.caption} columns={t.columns} rows={t.rows} more={t.more} />
      ))}
      {s.pages?.length && props.pageHref ? (
        <ul class="summary-pages">
          {s.pages.map((p) => (
            <li>
              <a href={props.pageHref!(p.id)}>{p.title}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
