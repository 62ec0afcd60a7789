/**
 * bull-board (raw queue operations: jobs by state, retry, clean, promote) for admins, mounted
 * by `app.ts` at `/queues` behind the board's sign-in and role check. Its UI and assets are
 * served from the installed @bull-board/ui package, and nothing is fetched from the network: its
 * page template names a web font on fonts.googleapis.com, so the page is served from a copy of the
 * installed template without any external link (the browser would try it, and the
 * Content-Security-Policy would block it; the UI falls back to the system's sans-serif font).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
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
  adapter.setViewsPath(localViews(path.join(rt.config.dataDir, 'bull-board-views')));
  return adapter.registerPlugin() as unknown as Hono;
}

/** The installed bull-board page template without links to other sites, written to `dir`; returns `dir`. */
export function localViews(dir: string): string {
  const ui = path.dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json'));
  const template = readFileSync(path.join(ui, 'dist', 'index.ejs'), 'utf8');
  // Any <link> or <script> that loads from another site (http:, https: or protocol-relative).
  const local = template.replace(/<(link|script)\b[^>]*\b(?:href|src)=["'](?:https?:)?\/\/[^"']*["'][^>]*>(?:\s*<\/script>)?/gi, '');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.ejs'), local);
  return dir;
}
