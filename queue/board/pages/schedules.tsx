/**
 * The schedules: each configured schedule and plan start with its calendar rule, next and last start,
 * missed starts and whether it is paused; operators pause, resume or start one now (audited, as
 * `rpa schedules` does). Below, the BullMQ job schedulers of the bot queues.
 */
import type { Context } from 'hono';
import { pauseSchedule, resumeSchedule, scheduleStatuses, triggerSchedule, UnknownSchedule } from '../../schedules/index.js';
import { hasRole } from '../../actor.js';
import { schedules as jobSchedulers } from '../data/schedules.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Badge, Notice, Time } from '../views/components.js';
import { formatAge } from '../views/format.js';
import { CsrfField } from '../views/layout.js';
import { actorOf, EVERYONE, OPERATORS, page, refusal, timeZone } from './common.js';

const DONE: Record<string, string> = { paused: 'The schedule is paused: its starts are not made until it is resumed.', resumed: 'The schedule runs again from now.', started: 'Started now.', 'already-started': 'It was started this minute already: nothing more was started.' };

function action(kind: 'pause' | 'resume' | 'trigger'): RouteSpec {
  return {
    method: 'POST',
    path: `/schedules/:name/${kind}`,
    roles: OPERATORS,
    handler: async (c: Context<BoardEnv>) => {
      const { rt } = c.var.services;
      const name = c.req.param('name') ?? '';
      try {
        if (kind === 'pause') await pauseSchedule(rt, name, actorOf(c));
        else if (kind === 'resume') await resumeSchedule(rt, name, actorOf(c));
        else {
          const t = await triggerSchedule(rt, name, actorOf(c));
          return c.redirect(`/schedules?done=${t.created ? 'started' : 'already-started'}`, 303);
        }
        return c.redirect(`/schedules?done=${kind === 'pause' ? 'paused' : 'resumed'}`, 303);
      } catch (err) {
        if (err instanceof UnknownSchedule) return page(c, 'No such schedule', <Notice kind="bad">{err.message}. {err.whatNext}</Notice>, 404);
        return refusal(c, err, '/schedules');
      }
    },
  };
}

export const scheduleRoutes: RouteSpec[] = [
  action('pause'),
  action('resume'),
  action('trigger'),
  {
    method: 'GET',
    path: '/schedules',
    roles: EVERYONE,
    handler: async (c) => {
      const { rt } = c.var.services;
      const [list, jobs] = await Promise.all([scheduleStatuses(rt), jobSchedulers(rt)]);
      const tz = timeZone(c);
      const now = Date.now();
      const operator = hasRole(actorOf(c), 'operator');
      const done = DONE[c.req.query('done') ?? ''];
      return page(
        c,
        'Schedules',
        <>
          {done ? <Notice kind="ok">{done}</Notice> : null}
          {list.length === 0 ? (
            <p class="muted">No schedule or plan is configured (schedules, plans in the configuration).</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Schedule</th>
                  <th>Starts</th>
                  <th>When</th>
                  <th>Next start ({tz})</th>
                  <th>Last start</th>
                  <th class="num">Missed</th>
                  {operator ? <th>Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr>
                    <td>
                      <strong>{s.name}</strong> {s.paused ? <Badge text="paused" kind="warn" /> : null}
                      {s.paused ? (
                        <div class="muted">
                          by {s.paused.by}, <Time at={s.paused.at} tz={tz} />
                        </div>
                      ) : null}
                    </td>
                    <td>{s.kind === 'plan' ? <>the night of plan {s.starts}</> : <>run {s.starts}</>}</td>
                    <td>
                      {s.when}
                      <div class="muted">{s.timeZone}</div>
                    </td>
                    <td>
                      {s.nextStart ? (
                        <>
                          <Time at={s.nextStart} tz={tz} /> <span class="muted">in {formatAge(s.nextStart - now)}</span>
                        </>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td>
                      {s.lastStart ? (
                        <>
                          <Time at={s.lastStart.plannedAt} tz={tz} /> <span class="muted">({s.lastStart.via})</span>
                          <div>{s.kind === 'plan' ? <a href={`/nights/${encodeURIComponent(s.lastStart.runId)}`}>the night</a> : <a href={`/runs/${encodeURIComponent(s.lastStart.runId)}`}>the run</a>}</div>
                        </>
                      ) : (
                        <span class="muted">never</span>
                      )}
                    </td>
                    <td class="num">{s.missed ? <Badge text={String(s.missed)} kind="bad" /> : '0'}</td>
                    {operator ? (
                      <td>
                        <form method="post" action={`/schedules/${encodeURIComponent(s.name)}/${s.paused ? 'resume' : 'pause'}`} class="inline">
                          <CsrfField token={c.var.csrfToken} />
                          <button type="submit">{s.paused ? 'Resume' : 'Pause'}</button>
                        </form>{' '}
                        <form method="post" action={`/schedules/${encodeURIComponent(s.name)}/trigger`} class="inline">
                          <CsrfField token={c.var.csrfToken} />
                          <button type="submit">Start now</button>
                        </form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Queue job schedulers</h2>
          {jobs.length === 0 ? (
            <p class="muted">No bot queue has a job scheduler of its own.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>Schedule</th>
                  <th>Repeats</th>
                  <th>Next run ({tz})</th>
                  <th>In</th>
                  <th class="num">Runs so far</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((s) => (
                  <tr>
                    <td>{s.queue}</td>
                    <td>
                      <span class="mono">{s.id}</span>
                      {s.name !== s.id ? <div class="muted">{s.name}</div> : null}
                    </td>
                    <td class="mono">{s.pattern ? `cron ${s.pattern}${s.tz ? ` (${s.tz})` : ''}` : s.everyMs ? `every ${s.everyMs < 60_000 ? `${Math.round(s.everyMs / 1000)} s` : formatAge(s.everyMs)}` : '—'}</td>
                    <td>
                      <Time at={s.next} tz={tz} />
                    </td>
                    <td>{s.next ? formatAge(s.next - now) : '—'}</td>
                    <td class="num">
                      {s.iterations ?? 0}
                      {s.limit ? ` of ${s.limit}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>,
      );
    },
  },
];
