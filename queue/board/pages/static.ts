/** The pages' own stylesheet and script (`static/pages.css`, `static/pages.js`), read once, behind sign-in like every page. */
import { readFileSync } from 'node:fs';
import type { RouteSpec } from '../routes.js';
import { PAGES_CSS, PAGES_JS } from '../views/components.js';
import { EVERYONE } from './common.js';

function asset(route: string, file: string, type: string): RouteSpec {
  let body: string | undefined;
  return {
    method: 'GET',
    path: route,
    roles: EVERYONE,
    handler: (c) => {
      body ??= readFileSync(new URL(`../static/${file}`, import.meta.url), 'utf8');
      return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'private, max-age=300' });
    },
  };
}

export const staticRoutes: RouteSpec[] = [asset(PAGES_CSS, 'pages.css', 'text/css; charset=utf-8'), asset(PAGES_JS, 'pages.js', 'text/javascript; charset=utf-8')];
