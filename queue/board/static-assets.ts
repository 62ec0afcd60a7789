/**
 * The board's stylesheet and its one script, read once from `static/` and served at
 * `/static/board.css` and `/static/board.js` — open without sign-in (the sign-in page uses
 * them; they hold nothing but layout and the live-update code).
 */
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { BOARD_CSS, BOARD_JS } from './views/layout.js';

const ASSETS: Record<string, { file: string; type: string }> = {
  [BOARD_CSS]: { file: 'board.css', type: 'text/css; charset=utf-8' },
  [BOARD_JS]: { file: 'board.js', type: 'text/javascript; charset=utf-8' },
};

/** The asset paths, which are the only routes besides `/signin` that answer without a session. */
export const STATIC_PATHS = Object.keys(ASSETS);

export function registerStaticAssets(app: Hono<any>): void {
  for (const [route, { file, type }] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(`./static/${file}`, import.meta.url), 'utf8');
    app.get(route, (c) => c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' }));
  }
}
