/**
 * bull-board (raw queue operations: jobs by state, retry, clean, promote) for admins, mounted
 * by `app.ts` at `/queues` behind the board's sign-in and role check. Its UI and assets are
 * served from the installed @bull-board/ui package: nothing is fetched from the network (its
 * page names a web font, which the Content-Security-Policy keeps the browser from loading).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { Runtime } from '../runtime.js';

export const BULL_BOARD_PATH = '/queues';

/** The bull-board app for every registered bot's queue, to be mounted at `basePath`. */
export function bullBoardApp(rt: Runtime, basePath = BULL_BOARD_PATH): Hono {
  const adapter = new HonoAdapter(serveStatic).setBasePath(basePath);
  createBullBoard({
    queues: [...rt.bots.keys()].map((name) => new BullMQAdapter(rt.queue(name))),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'rpa queues' } },
  });
  return adapter.registerPlugin() as unknown as Hono;
}
