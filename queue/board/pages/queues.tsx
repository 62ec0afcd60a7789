/** Pausing and resuming a bot's queue (audited), and the schedules of every queue with their next run times. */
import type { Context } from 'hono';
import { schedules } from '../data/schedules.js';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Notice, Time } from '../views/components.js';
import { formatAge } from '../views/format.js';
import { EVERYONE, OPERATORS, page, timeZone } from './common.js';

function pauseRoute(action: 'pause' | 'resume'): RouteSpec {
  return {
    method: 'POST',
    path: `/queue/:name/${action}`,
    roles: OPERATORS,
    handler: async (c: Context<BoardEnv>) => {
      const { rt, audit } = c.var.services;
      const name = c.req.param('name');
      if (!name || !rt.bots.has(name)) return page(c, 'No such queue', <Notice kind="bad">There is no queue with this name.</Notice>, 404);
      const q = rt.queue(name);
      if (action === 'pause') await q.pause();
      else await q.resume();
      await audit.append({ actor: c.var.user.username, action, target: `queue:${name}` });
      return c.redirect(`/?done=${action === 'pause' ? 'paused' : 'resumed'}`, 303);
    },
  };
}

export const queueRoutes: RouteSpec[] = [
  pauseRoute('pause'),
  pauseRoute('resume'),
  {
    method: 'GET',
    path: '/schedules',
    roles: EVERYONE,
    handler: async (c) => {
      const list = await schedules(c.var.services.rt);
      const tz = timeZone(c);
      const now = Date.now();
      return page(
        c,
        'Schedules',
        list.length === 0 ? (
          <p class="muted">No queue has a schedule (BullMQ job scheduler).</p>
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
              {list.map((s) => (
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
        ),
      );
    },
  },
];
