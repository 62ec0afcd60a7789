/** Pausing and resuming a bot's queue (audited). */
import type { Context } from 'hono';
import type { BoardEnv, RouteSpec } from '../routes.js';
import { Notice } from '../views/components.js';
import { OPERATORS, page } from './common.js';

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
];
