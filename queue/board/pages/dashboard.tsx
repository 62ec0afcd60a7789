/**
 * The dashboard: each queue's counts by state (pause / resume for operators), the runs in progress
 * with live progress bars, items per hour over 24 hours, and each target's circuit breaker and
 * sessions in use. Live: `/events/runs?ids=...` streams the bars' values (`static/pages.js`).
 */
import type { Context } from 'hono';
import { followSse } from '../sse.js';
import { dashboard, progressOf, QUEUE_STATES, type Dashboard } from '../data/dashboard.js';
import { RUN_ID } from '../data/runs.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Badge } from '../views/components.js';
import { formatAge } from '../views/format.js';
import { HourlyChart } from '../views/hourly-chart.js';
import { RunTable } from '../views/run-table.js';
import { CsrfField, hasRole } from '../views/layout.js';
import { hasAnyRole } from '../../actor.js';
import { actorOf, doneNotice, EVERYONE, INBOX_READERS, OPERATORS, page, timeZone } from './common.js';

const openText = (n: number) => `${n} open exception${n === 1 ? '' : 's'}`;

function Queues(props: { d: Dashboard; c: Context<BoardEnv> }) {
  const mayPause = hasRole(props.c.var.user, OPERATORS);
  return (
    <table>
      <thead>
        <tr>
          <th>Queue</th>
          {QUEUE_STATES.map((s) => (
            <th class="num">{s}</th>
          ))}
          <th></th>
        </tr>
      </thead>
      <tbody>
        {props.d.queues.map((q) => (
          <tr>
            <td>
              {q.name} {q.paused ? <Badge text="paused" /> : null}
            </td>
            {QUEUE_STATES.map((s) => (
              <td class="num">{q.counts[s] ?? 0}</td>
            ))}
            <td>
              {mayPause ? (
                <form method="post" action={`/queue/${encodeURIComponent(q.name)}/${q.paused ? 'resume' : 'pause'}`} class="inline" data-confirm={q.paused ? undefined : `Pause ${q.name}? Its workers take no new items until it is resumed.`}>
                  <CsrfField token={props.c.var.csrfToken} />
                  <button type="submit" class="secondary">
                    {q.paused ? 'Resume' : 'Pause'}
                  </button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ActiveRuns(props: { d: Dashboard; tz: string }) {
  const { rows, total } = props.d.active;
  if (rows.length === 0) return <p class="muted">No run in progress.</p>;
  return (
    <>
      <RunTable rows={rows} tz={props.tz} />
      {total > rows.length ? (
        <p class="muted">
          more may be in progress: <a href="/runs?active=1">all runs in progress</a>
        </p>
      ) : null}
    </>
  );
}

function Targets(props: { d: Dashboard; now: number }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Target</th>
          <th>Circuit breaker</th>
          <th class="num">Consecutive failures</th>
          <th>Sessions in use</th>
        </tr>
      </thead>
      <tbody>
        {props.d.targets.map((t) => (
          <tr>
            <td>{t.target}</td>
            <td>
              <Badge text={t.breaker.state} kind={t.breaker.state === 'closed' ? 'ok' : t.breaker.state === 'open' ? 'bad' : 'warn'} />
              {t.breaker.state === 'open' && t.breaker.openUntil ? <span class="muted"> trial in {formatAge(t.breaker.openUntil - props.now + 60_000)}</span> : null}
            </td>
            <td class="num">{t.breaker.failures}</td>
            <td>
              <progress max={Math.max(1, t.accounts)} value={t.inUse}></progress> {t.inUse} of {t.accounts} bot accounts
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const dashboardRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: '/',
    roles: EVERYONE,
    handler: async (c) => {
      const now = Date.now();
      const d = await dashboard(c.var.services.rt, now);
      const tz = timeZone(c);
      return page(
        c,
        'Dashboard',
        <>
          {doneNotice(c)}
          <p>
            {/* Viewers may not open the inbox: they see the count without a link to it. */}
            {hasAnyRole(actorOf(c), INBOX_READERS) ? (
              <a href="/inbox">{openText(d.openExceptions)}</a>
            ) : (
              <span>{openText(d.openExceptions)}</span>
            )}{' '}
            · <a href="/runs">all runs</a> · <a href="/schedules">schedules</a>
          </p>
          <h2>Queues</h2>
          <Queues d={d} c={c} />
          <h2>Runs in progress</h2>
          <ActiveRuns d={d} tz={tz} />
          <h2>Items per hour</h2>
          <HourlyChart hours={d.hourly} tz={tz} />
          <h2>Targets</h2>
          <Targets d={d} now={now} />
        </>,
      );
    },
  },
  {
    // The live values of the dashboard's bars: `{ runs: { <runId>: { done, total, label } } }`.
    method: 'GET',
    path: '/events/runs',
    roles: EVERYONE,
    handler: (c) => {
      const ids = (c.req.query('ids') ?? '').split(',').filter((id) => RUN_ID.test(id)).slice(0, 50);
      const rt = c.var.services.rt;
      return followSse(c, {
        event: 'runs',
        read: async () => {
          const counts = await rt.runIndex.runCountsMany(ids);
          return { runs: Object.fromEntries(ids.map((id, i) => [id, progressOf({ counts: counts[i] ?? { total: 0 } })])) };
        },
        done: (s) => Object.values(s.runs).every((p) => p.complete),
      });
    },
  },
];
