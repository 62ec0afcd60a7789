/**
 * An item's page (status and history, log lines, live progress, evidence with screenshots inline and
 * the trace to download, its exceptions; retry and cancel, audited), the evidence route (only files
 * under `<dataDir>/evidence/`), and search by business key across all queues.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';
import { cancelItem, itemDetail, jobView, retryItem, type ItemDetail } from '../data/items.js';
import { contentTypeOf, resolveEvidence } from '../data/evidence-files.js';
import { searchItems } from '../data/search.js';
import { followSse } from '../sse.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Badge, DataTree, Notice, Time } from '../views/components.js';
import { formatBytes, href } from '../views/format.js';
import { CsrfField, hasRole } from '../views/layout.js';
import { actorOf, doneNotice, EVERYONE, OPERATORS, page, refusal, shownTo, timeZone } from './common.js';
import { ItemTable } from '../views/item-table.js';

const FINISHED_STATES = ['completed', 'failed', 'unknown'];

function Evidence(props: { d: ItemDetail; tz: string }) {
  if (props.d.evidence.length === 0) return <p class="muted">No evidence saved.</p>;
  return (
    <div class="grid">
      {props.d.evidence.map((e) => (
        <figure class="panel evidence">
          {e.kind === 'image' ? (
            <a href={href.evidence(e.rel)} target="_blank" rel="noopener" title="Open full size">
              <img class="evidence" src={href.evidence(e.rel)} alt={`${e.name}, attempt ${e.attempt ?? '?'}`} loading="lazy" />
            </a>
          ) : null}
          <figcaption>
            {e.name} · attempt {e.attempt ?? '?'} · {formatBytes(e.bytes)} · <Time at={e.savedAt.getTime()} tz={props.tz} /> ·{' '}
            {e.kind === 'image' ? (
              <>
                <a href={href.evidence(e.rel)} target="_blank" rel="noopener">
                  open full size
                </a>{' '}
                ·{' '}
              </>
            ) : null}
            <a href={href.evidence(e.rel, true)}>{e.kind === 'trace' ? 'download the trace' : 'download'}</a>
            {e.kind === 'trace' ? <span class="muted"> (open with npx playwright show-trace)</span> : null}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

function ItemPage(props: { c: Context<BoardEnv>; d: ItemDetail }) {
  const { c, d } = props;
  const tz = timeZone(c);
  const { item, job } = d;
  const live = job && !FINISHED_STATES.includes(job.state);
  const isOperator = hasRole(c.var.user, OPERATORS);
  const mayRetry = job && (job.state === 'failed' || (job.state === 'delayed' && isOperator)) && hasRole(c.var.user, ['operator', 'handler', 'approver']);
  const mayCancel = isOperator && job && ['waiting', 'delayed', 'prioritized', 'paused', 'waiting-children'].includes(job.state);
  return (
    <>
      {doneNotice(c)}
      <div class="panel">
        <p>
          <Badge text={item.status} /> {job ? <Badge text={`job ${job.state}`} kind={job.state === 'failed' ? 'bad' : job.state === 'completed' ? 'ok' : ''} /> : null} · bot {item.bot} · run{' '}
          <a href={href.run(item.runId)}>{item.runId}</a>
        </p>
        <p>
          Business key <span class="mono">{item.businessKey}</span> · item <span class="mono">{item.itemId}</span>
        </p>
        {item.note ? <p>{item.note}</p> : null}
        <div data-sse={live ? `/items/${encodeURIComponent(item.itemId)}/events` : undefined} data-reload-on-end="">
          Progress: <progress data-progress="" max={100} value={job?.progress?.pct ?? (job?.state === 'completed' ? 100 : 0)}></progress>{' '}
          <span data-progress-text="">{job?.progress ? `${job.progress.pct}%${job.progress.note ? ` · ${job.progress.note}` : ''}` : job?.state === 'completed' ? 'done' : '—'}</span>
        </div>
        {job ? (
          <p class="muted">
            Attempts {job.attemptsMade} of {job.attempts} · queued <Time at={job.createdAt} tz={tz} /> · started <Time at={job.processedAt} tz={tz} /> · finished{' '}
            <Time at={job.finishedAt} tz={tz} />
            {job.runAt ? (
              <>
                {' '}
                · runs at <Time at={job.runAt} tz={tz} />
              </>
            ) : null}
            {job.priority ? ` · priority ${job.priority}` : ''}
          </p>
        ) : (
          <p class="muted">Its job is no longer in the queue.</p>
        )}
        {mayRetry ? (
          <form method="post" action={`/items/${encodeURIComponent(item.itemId)}/retry`} class="inline">
            <CsrfField token={c.var.csrfToken} />
            <button type="submit">{job?.state === 'delayed' ? 'Run now' : 'Retry'}</button>
          </form>
        ) : null}{' '}
        {mayCancel ? (
          <form method="post" action={`/items/${encodeURIComponent(item.itemId)}/cancel`} class="inline" data-confirm="Cancel this item? It will not run.">
            <CsrfField token={c.var.csrfToken} />
            <input type="text" name="reason" placeholder="why" maxlength={300} />
            <button type="submit" class="danger">
              Cancel
            </button>
          </form>
        ) : null}
      </div>
      <h2>Exceptions</h2>
      {d.exceptions.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Opened</th>
              <th>Type</th>
              <th>Status</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {d.exceptions.map((e) => (
              <tr>
                <td>
                  <a href={href.exception(e.id)}>
                    <Time at={e.openedAt} tz={tz} />
                  </a>
                </td>
                <td>{e.type}</td>
                <td>
                  <Badge text={e.status} />
                </td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>History</h2>
      {d.history.length === 0 ? (
        <p class="muted">No status change recorded.</p>
      ) : (
        <table>
          <tbody>
            {d.history.map((h) => (
              <tr>
                <td>
                  <Time at={h.at} tz={tz} />
                </td>
                <td>
                  <Badge text={h.status} />
                </td>
                <td>{h.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Evidence</h2>
      <Evidence d={d} tz={tz} />
      <h2>Log</h2>
      {d.logs.length === 0 ? (
        <p class="muted">No log lines kept for this item.</p>
      ) : (
        <table class="log">
          <tbody>
            {d.logs.map((l) => {
              const { time, level, msg, attempt, ...rest } = l;
              return (
                <tr class={`level-${level}`}>
                  <td>
                    <Time at={time} tz={tz} />
                  </td>
                  <td>{level}</td>
                  <td>{attempt === undefined ? '' : `#${String(attempt)}`}</td>
                  <td>
                    {msg ?? ''}
                    {Object.keys(rest).length ? <span class="mono muted"> {JSON.stringify(rest)}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>Data</h2>
      <details open={item.status === 'exception' ? undefined : true}>
        <summary>Input</summary>
        <DataTree value={job?.input} />
      </details>
      {job?.result !== undefined ? (
        <details>
          <summary>Result</summary>
          <DataTree value={job.result} />
        </details>
      ) : null}
      {job?.failedReason ? <p class="muted">Failed reason: {job.failedReason}</p> : null}
    </>
  );
}

export const itemRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: '/items/:id',
    roles: EVERYONE,
    handler: async (c) => {
      const found = await itemDetail(c.var.services.rt, c.req.param('id') ?? '');
      const d = found && shownTo(c, found);
      if (!d) return page(c, 'Item not found', <Notice kind="bad">There is no item with this id.</Notice>, 404);
      return page(c, `Item ${d.item.businessKey}`, <ItemPage c={c} d={d} />);
    },
  },
  {
    method: 'GET',
    path: '/items/:id/events',
    roles: EVERYONE,
    handler: async (c) => {
      const rt = c.var.services.rt;
      const item = await rt.items.get(c.req.param('id') ?? '');
      return followSse(c, {
        event: 'progress',
        read: async () => {
          const v = item ? await jobView(await rt.queue(item.bot).getJob(item.itemId)) : undefined;
          const pct = v?.progress?.pct ?? (v?.state === 'completed' ? 100 : 0);
          return { done: pct, total: 100, label: `${pct}%${v?.progress?.note ? ` · ${v.progress.note}` : ''}`, state: v?.state ?? 'unknown' };
        },
        done: (s) => FINISHED_STATES.includes(s.state),
      });
    },
  },
  {
    method: 'POST',
    path: '/items/:id/retry',
    roles: ['operator', 'handler', 'approver'],
    handler: async (c) => {
      const id = c.req.param('id') ?? '';
      try {
        const what = await retryItem(c.var.services.rt, id, actorOf(c));
        await c.var.services.audit.append({ actor: c.var.user.username, action: 'retry', target: `item:${id}`, details: { outcome: what } });
        return c.redirect(`${href.item(id)}?done=retried`, 303);
      } catch (err) {
        return refusal(c, err, href.item(id));
      }
    },
  },
  {
    method: 'POST',
    path: '/items/:id/cancel',
    roles: OPERATORS,
    handler: async (c) => {
      const id = c.req.param('id') ?? '';
      const body = await c.req.parseBody();
      const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 300) : '';
      try {
        await cancelItem(c.var.services.rt, id, actorOf(c), reason);
        await c.var.services.audit.append({ actor: c.var.user.username, action: 'cancel', target: `item:${id}`, details: { reason } });
        return c.redirect(`${href.item(id)}?done=cancelled`, 303);
      } catch (err) {
        return refusal(c, err, href.item(id));
      }
    },
  },
  {
    // Evidence files by their path under <dataDir>/evidence/ (see data/evidence-files.ts for what is refused).
    method: 'GET',
    path: '/evidence',
    roles: EVERYONE,
    handler: async (c) => {
      try {
        const file = await resolveEvidence(c.var.services.config.dataDir, c.req.query('file') ?? '');
        const type = contentTypeOf(file);
        const inline = type.startsWith('image/') && c.req.query('download') !== '1';
        const name = path.basename(file).replace(/[^A-Za-z0-9._-]/g, '_');
        return c.body(await readFile(file), 200, {
          'Content-Type': type,
          'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${name}"`,
          'Cache-Control': 'no-store',
        });
      } catch (err) {
        return refusal(c, err);
      }
    },
  },
  {
    method: 'GET',
    path: '/search',
    roles: EVERYONE,
    handler: async (c) => {
      const found = await searchItems(c.var.services.rt, c.req.query('q') ?? '');
      const r = { ...found, exact: shownTo(c, found.exact), prefix: shownTo(c, found.prefix), openExceptions: new Map([...found.openExceptions].map(([k, e]) => [k, shownTo(c, e)])) };
      const tz = timeZone(c);
      return page(
        c,
        'Search',
        <>
          <form method="get" action="/search" class="filters">
            <label>
              Business key (payment reference, mandate reference, account), or the start of one; or an item, run or exception id
              <input type="search" name="q" value={r.query} autofocus size={50} maxlength={200} />
            </label>
            <button type="submit">Search</button>
          </form>
          {r.direct ? (
            <Notice>
              This is {r.direct.kind === 'exception' ? 'an' : 'a'} {r.direct.kind} id:{' '}
              <a href={r.direct.kind === 'item' ? href.item(r.direct.id) : r.direct.kind === 'run' ? href.run(r.direct.id) : href.exception(r.direct.id)}>open it</a>
            </Notice>
          ) : null}
          {r.query ? (
            <>
              <h2>Business key {r.query}</h2>
              {r.exact.length ? <ItemTable items={r.exact} tz={tz} showRun openExceptions={r.openExceptions} /> : <p class="muted">No item has exactly this business key.</p>}
              {r.prefix.length ? (
                <>
                  <h2>Keys that start with it</h2>
                  <ItemTable items={r.prefix} tz={tz} showRun openExceptions={r.openExceptions} />
                </>
              ) : null}
            </>
          ) : null}
        </>,
      );
    },
  },
];
