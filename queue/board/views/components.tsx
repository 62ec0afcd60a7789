/**
 * Pieces the board's pages share. Everything from data is rendered as text (hono/jsx escapes it);
 * links are built only by `href` in `format.ts`, to our own routes.
 */
import type { Child } from 'hono/jsx';
import type { RunCounts } from '../../item-index.js';
import { formatAge, withQuery } from './format.js';
import { formatZoned } from '../data/zoned-time.js';

/** The pages' own stylesheet and script (besides the layout's): served by `pages/static.ts`. */
export const PAGES_CSS = '/static/pages.css';
export const PAGES_JS = '/static/pages.js';

export function PageAssets() {
  return (
    <>
      <link rel="stylesheet" href={PAGES_CSS} />
      <script src={PAGES_JS} defer></script>
    </>
  );
}

const STATUS_CLASS: Record<string, string> = {
  done: 'ok',
  completed: 'ok',
  approved: 'ok',
  resumed: 'ok',
  closed: 'ok',
  exception: 'bad',
  failed: 'bad',
  rejected: 'bad',
  open: 'warn',
  retrying: 'warn',
  'waiting-target': 'warn',
  'half-open': 'warn',
  paused: 'warn',
  delayed: 'warn',
  cancelled: '',
};

export function Badge(props: { text: string; kind?: string }) {
  const kind = props.kind ?? STATUS_CLASS[props.text] ?? '';
  return <span class={kind ? `badge ${kind}` : 'badge'}>{props.text}</span>;
}

export function Time(props: { at: number | string | undefined; tz: string }) {
  if (props.at === undefined || props.at === '') return <span class="muted">—</span>;
  const ms = typeof props.at === 'number' ? props.at : Date.parse(props.at);
  if (!Number.isFinite(ms)) return <span class="muted">—</span>;
  return <time datetime={new Date(ms).toISOString()}>{formatZoned(ms, props.tz)}</time>;
}

/** An age, coloured against the SLA: fine up to half of it, a warning up to it, overdue past it. */
export function Age(props: { since: string | number; now: number; slaMs: number }) {
  const ms = props.now - (typeof props.since === 'number' ? props.since : Date.parse(props.since));
  const kind = ms > props.slaMs ? 'bad' : ms > props.slaMs / 2 ? 'warn' : 'ok';
  return (
    <span class={`badge ${kind}`} title={`SLA ${formatAge(props.slaMs)}`}>
      {formatAge(ms)}
      {ms > props.slaMs ? ' · overdue' : ''}
    </span>
  );
}

export function Notice(props: { kind?: 'ok' | 'bad'; children?: Child }) {
  return <div class={props.kind ? `notice ${props.kind}` : 'notice'} role={props.kind === 'bad' ? 'alert' : 'status'}>{props.children}</div>;
}

/** Previous / next links for a page of `total` rows; keeps the other query parameters. */
export function Pager(props: { path: string; params: Record<string, string | number | undefined>; total: number; offset: number; limit: number }) {
  const { total, offset, limit } = props;
  if (total <= limit && offset === 0) return <p class="muted">{total} in all</p>;
  const to = (o: number) => withQuery(props.path, { ...props.params, offset: o || undefined, limit: limit === 50 ? undefined : limit });
  return (
    <div class="pager">
      {offset > 0 ? <a href={to(Math.max(0, offset - limit))}>← Previous</a> : null}
      <span>
        {total === 0 ? 0 : offset + 1}–{Math.min(total, offset + limit)} of {total}
      </span>
      {offset + limit < total ? <a href={to(offset + limit)}>Next →</a> : null}
    </div>
  );
}

/** A run's progress bar: the value is what the server knows now; `static/pages.js` or `board.js` moves it live. */
export function RunBar(props: { counts: RunCounts; finished: number }) {
  const total = Math.max(1, props.counts.total);
  const exc = props.counts.exception ?? 0;
  return (
    <span class="runbar">
      <progress data-progress="" data-run-progress="" max={total} value={Math.min(total, props.finished)}></progress>{' '}
      <span data-progress-text="" data-run-label="">
        {props.finished} / {props.counts.total}
        {exc ? ` · ${exc} exception${exc === 1 ? '' : 's'}` : ''}
      </span>
    </span>
  );
}

export function CountsLine(props: { counts: RunCounts }) {
  const entries = Object.entries(props.counts).filter(([k, v]) => k !== 'total' && v);
  return (
    <span>
      {entries.map(([k, v]) => (
        <>
          <Badge text={k} /> {String(v)}{' '}
        </>
      ))}
    </span>
  );
}

const MAX_DEPTH = 6;
const MAX_ENTRIES = 100;
const MAX_TEXT = 10_000;

/** Any structured data (an error's details, an item's input or result) as nested lists of text. Never HTML. */
export function DataTree(props: { value: unknown; depth?: number }): Child {
  const { value } = props;
  const depth = props.depth ?? 0;
  if (value === null || value === undefined) return <span class="muted">—</span>;
  if (typeof value === 'string') {
    const text = value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)} … (${value.length - MAX_TEXT} more characters)` : value;
    return text.includes('\n') ? <pre class="data">{text}</pre> : <span class="mono">{text}</span>;
  }
  if (typeof value !== 'object') return <span class="mono">{String(value)}</span>;
  if (depth >= MAX_DEPTH) return <span class="mono">{JSON.stringify(value).slice(0, 500)}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="muted">(none)</span>;
    return (
      <ol class="data">
        {value.slice(0, MAX_ENTRIES).map((v) => (
          <li>
            <DataTree value={v} depth={depth + 1} />
          </li>
        ))}
        {value.length > MAX_ENTRIES ? <li class="muted">… {value.length - MAX_ENTRIES} more</li> : null}
      </ol>
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <span class="muted">(empty)</span>;
  return (
    <dl class="data">
      {entries.slice(0, MAX_ENTRIES).map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>
            <DataTree value={v} depth={depth + 1} />
          </dd>
        </>
      ))}
      {entries.length > MAX_ENTRIES ? (
        <>
          <dt class="muted">…</dt>
          <dd class="muted">{entries.length - MAX_ENTRIES} more</dd>
        </>
      ) : null}
    </dl>
  );
}
