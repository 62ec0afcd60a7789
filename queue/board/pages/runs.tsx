/**
 * Runs: the list (newest first, or those in progress), and a run's page: its live progress bar,
 * its items with their outcomes (paged, by status), its report to download, and "retry all failed
 * items of this run", optionally only those with a given error class or message (audited).
 */
import { readFile } from 'node:fs/promises';
import type { Context } from 'hono';
import { ITEM_STATUSES, type ItemStatus } from '../../item-index.js';
import { completeOf, finishedOf, progressOf, runSummaries } from '../data/dashboard.js';
import { readRunSummary, reportFiles, retryFailedItems, RUN_ID, runDetail } from '../data/runs.js';
import { followSse } from '../sse.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { CountsLine, Notice, Pager, RunBar, Time } from '../views/components.js';
import { ItemTable } from '../views/item-table.js';
import { RunTable } from '../views/run-table.js';
import { RunSummaryView } from '../views/run-summary.js';
import { href, paging, withQuery } from '../views/format.js';
import { CsrfField, hasRole } from '../views/layout.js';
import { actorOf, doneNotice, EVERYONE, OPERATORS, page, shownTo, timeZone } from './common.js';

const runIdOf = (c: Context<BoardEnv>) => {
  const id = c.req.param('id');
  return id && RUN_ID.test(id) ? id : undefined;
};

async function runsList(c: Context<BoardEnv>): Promise<Response> {
  const active = c.req.query('active') === '1';
  const { offset, limit } = paging((k) => c.req.query(k));
  const { rows, total } = await runSummaries(c.var.services.rt, { active, offset, limit });
  const tz = timeZone(c);
  return page(
    c,
    active ? 'Runs in progress' : 'Runs',
    <>
      <p>
        {active ? <a href="/runs">All runs</a> : <a href="/runs?active=1">Only runs in progress</a>}
      </p>
      <RunTable rows={rows} tz={tz} outcomes />
      <Pager path="/runs" params={{ active: active ? '1' : undefined }} total={total} offset={offset} limit={limit} />
    </>,
  );
}

async function runPage(c: Context<BoardEnv>): Promise<Response> {
  const runId = runIdOf(c);
  const rt = c.var.services.rt;
  const statusQ = c.req.query('status');
  const status = ITEM_STATUSES.includes(statusQ as ItemStatus) ? (statusQ as ItemStatus) : undefined;
  const { offset, limit } = paging((k) => c.req.query(k));
  const d = runId ? shownTo(c, await runDetail(rt, runId, { status, offset, limit })) : undefined;
  if (!d || !d.exists) return page(c, 'Run not found', <Notice kind="bad">There is no run with this id.</Notice>, 404);
  const tz = timeZone(c);
  const finished = finishedOf(d.counts);
  const complete = completeOf(d.counts);
  const mayRetry = hasRole(c.var.user, OPERATORS) || hasRole(c.var.user, ['handler', 'approver']);
  return page(
    c,
    `Run ${d.meta.label ?? d.runId}`,
    <>
      {doneNotice(c)}
      <div class="panel">
        <p>
          <span class="mono">{d.runId}</span> · {d.meta.bot ?? ''} · started <Time at={d.startedAt} tz={tz} />
          {d.meta.notBefore && d.meta.notBefore > Date.now() ? (
            <>
              {' '}
              · runs from <Time at={d.meta.notBefore} tz={tz} />
            </>
          ) : null}
        </p>
        <div data-sse={complete ? undefined : `/runs/${encodeURIComponent(d.runId)}/events`} data-reload-on-end="" class="run-progress">
          <RunBar counts={d.counts} finished={finished} />
        </div>
        <p>
          <CountsLine counts={d.counts} />
        </p>
        <p>
          {d.report.xlsx ? <a href={`/runs/${encodeURIComponent(d.runId)}/report.xlsx`}>Report (XLSX)</a> : null}
          {d.report.json ? (
            <>
              {' '}
              · <a href={`/runs/${encodeURIComponent(d.runId)}/report.json`}>Report (JSON)</a>
            </>
          ) : null}
          {d.report.pdf ? (
            <>
              {' '}
              · <a href={`/runs/${encodeURIComponent(d.runId)}/report.pdf`}>Report (PDF)</a>
            </>
          ) : null}
          {!d.report.xlsx && !d.report.json ? <span class="muted">No report yet: it is written when every item has an outcome.</span> : null}
        </p>
      </div>
      {d.summary ? <RunSummaryView summary={d.summary} pageHref={(id) => `/runs/${encodeURIComponent(d.runId)}/pages/${encodeURIComponent(id)}`} /> : null}
      {d.errors.length && mayRetry ? (
        <form method="post" action={`/runs/${encodeURIComponent(d.runId)}/retry-failed`} class="panel filters" data-confirm="Retry the failed items of this run that match?">
          <CsrfField token={c.var.csrfToken} />
          <label>
            Error
            <select name="errorName">
              <option value="">any ({d.errors.reduce((n, e) => n + e.count, 0)} open)</option>
              {d.errors.map((e) => (
                <option value={e.name}>
                  {e.name} ({e.count})
                </option>
              ))}
            </select>
          </label>
          <label>
            Message contains
            <input type="text" name="messageContains" maxlength={200} />
          </label>
          <button type="submit">Retry all failed items</button>
          <span class="muted">Operators retry system failures; business exceptions and compliance holds need a handler's decision.</span>
        </form>
      ) : null}
      <h2>Items</h2>
      <form method="get" action={href.run(d.runId)} class="filters">
        <label>
          Status
          <select name="status" data-autosubmit="">
            <option value="">all ({d.counts.total})</option>
            {ITEM_STATUSES.filter((s) => d.counts[s]).map((s) => (
              <option value={s} selected={s === status}>
                {s} ({d.counts[s]})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      <ItemTable items={d.items.rows} tz={tz} />
      <Pager path={href.run(d.runId)} params={{ status }} total={d.items.total} offset={offset} limit={limit} />
    </>,
  );
}

const REPORT_TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', json: 'application/json', pdf: 'application/pdf' } as const;

function reportRoute(kind: keyof typeof REPORT_TYPES): RouteSpec {
  return {
    method: 'GET',
    path: `/runs/:id/report.${kind}`,
    roles: EVERYONE,
    handler: async (c) => {
      const runId = runIdOf(c);
      const file = runId ? reportFiles(c.var.services.config.dataDir, runId)[kind] : undefined;
      if (!runId || !file) return page(c, 'No report', <Notice kind="bad">This run has no report yet.</Notice>, 404);
      return c.body(await readFile(file), 200, { 'Content-Type': REPORT_TYPES[kind], 'Content-Disposition': `attachment; filename="${runId}.${kind}"` });
    },
  };
}

export const runRoutes: RouteSpec[] = [
  { method: 'GET', path: '/runs', roles: EVERYONE, handler: runsList },
  { method: 'GET', path: '/runs/:id', roles: EVERYONE, handler: runPage },
  {
    method: 'GET',
    path: '/runs/:id/events',
    roles: EVERYONE,
    handler: (c) => {
      const runId = runIdOf(c) ?? '';
      const rt = c.var.services.rt;
      return followSse(c, {
        event: 'progress',
        read: async () => progressOf({ counts: await rt.runIndex.runCounts(runId) }),
        done: (p) => p.complete,
        intervalMs: 500,
      });
    },
  },
  reportRoute('xlsx'),
  reportRoute('json'),
  reportRoute('pdf'),
  {
    // A page of a run's report (a reconciliation's account), as its parent wrote it.
    method: 'GET',
    path: '/runs/:id/pages/:page',
    roles: EVERYONE,
    handler: async (c) => {
      const runId = runIdOf(c);
      const summary = runId ? await readRunSummary(reportFiles(c.var.services.config.dataDir, runId).summary) : undefined;
      const found = summary?.pages?.find((p) => p.id === c.req.param('page'));
      if (!runId || !found) return page(c, 'No such page', <Notice kind="bad">This run's report has no such page.</Notice>, 404);
      return page(
        c,
        found.title,
        <>
          <p>
            <a href={href.run(runId)}>Back to the run</a> · <a href={`/runs/${encodeURIComponent(runId)}/report.pdf`}>Report (PDF)</a> · <a href={`/runs/${encodeURIComponent(runId)}/report.xlsx`}>Report (XLSX)</a>
          </p>
          <RunSummaryView summary={found} />
        </>,
      );
    },
  },
  {
    method: 'POST',
    path: '/runs/:id/retry-failed',
    // Operators retry system failures; handlers and approvers may retry what the store lets them (see exception-permissions.ts).
    roles: ['operator', 'handler', 'approver'],
    handler: async (c) => {
      const runId = runIdOf(c);
      if (!runId) return page(c, 'Run not found', <Notice kind="bad">There is no run with this id.</Notice>, 404);
      const body = await c.req.parseBody();
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 200) : '');
      const filter = { errorName: text('errorName') || undefined, messageContains: text('messageContains') || undefined };
      const out = await retryFailedItems(c.var.services.rt, runId, actorOf(c), filter);
      await c.var.services.audit.append({
        actor: c.var.user.username,
        action: 'retry',
        target: `run:${runId}`,
        details: { ...filter, retried: out.retried.length, refused: out.refused.length, exceptions: out.retried },
      });
      return c.redirect(withQuery(href.run(runId), { done: 'retried', n: out.retried.length, refused: out.refused.length || undefined }), 303);
    },
  },
];
