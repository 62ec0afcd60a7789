/**
 * The page chrome of every board page: title, navigation by role, the signed-in user and the
 * sign-out form. One stylesheet and one script, both served by the board itself (`/static/...`):
 * no inline script or style, so the Content-Security-Policy can forbid them.
 *
 * For pages: `renderPage(c, { title, children })` takes the user and the CSRF token from the
 * context; `<CsrfField token={c.var.csrfToken} />` goes in every form that POSTs.
 * Live parts: an element with `data-sse="/some/events"` follows that server-sent-event stream
 * (see `../sse.ts` for the events and `../static/board.js` for what they change on the page).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { BoardEnv, BoardUser, Role } from '../routes.js';

export const BOARD_CSS = '/static/board.css';
export const BOARD_JS = '/static/board.js';

interface NavLink {
  href: string;
  label: string;
  /** Shown only to these roles (admin always); none: to everyone signed in. Keep in step with the routes' own roles (pages/common.tsx). */
  roles?: readonly Role[];
}

const NAV: NavLink[] = [
  { href: '/', label: 'Dashboard' },
  { href: '/dispatch', label: 'Dispatch', roles: ['operator'] },
  { href: '/runs', label: 'Runs' },
  { href: '/search', label: 'Search' },
  { href: '/schedules', label: 'Schedules' },
  { href: '/nights', label: 'Nights' },
  { href: '/inbox', label: 'Inbox', roles: ['operator', 'handler', 'approver'] },
  { href: '/audit', label: 'Audit', roles: ['approver'] },
  { href: '/queues', label: 'Queues', roles: ['admin'] },
];

/** May a user with these roles use something open to `allowed`? Admin may do everything. */
export function hasRole(user: Pick<BoardUser, 'roles'> | undefined, allowed: readonly Role[] | undefined): boolean {
  if (!user) return false;
  if (user.roles.includes('admin') || allowed === undefined) return true;
  return user.roles.some((r) => allowed.includes(r));
}

/** The hidden field that carries the session's CSRF token in a form. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function Layout(props: { title: string; user?: BoardUser; csrfToken?: string; children?: Child }) {
  const { user } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · rpa board</title>
        <link rel="stylesheet" href={BOARD_CSS} />
        <script src={BOARD_JS} defer></script>
      </head>
      <body>
        <header class="topbar">
          <a class="brand" href="/">
            rpa board
          </a>
          {user ? (
            <nav>
              {NAV.filter((l) => hasRole(user, l.roles)).map((l) => (
                <a href={l.href}>{l.label}</a>
              ))}
            </nav>
          ) : null}
          {user ? (
            <div class="who">
              <span title={user.roles.join(', ')}>{user.username}</span>
              {props.csrfToken ? (
                <form method="post" action="/signout" class="inline">
                  <CsrfField token={props.csrfToken} />
                  <button type="submit">Sign out</button>
                </form>
              ) : null}
            </div>
          ) : null}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** Sends a page in the chrome, for the user signed in on this request. */
export async function renderPage(
  c: Context<BoardEnv>,
  page: { title: string; children?: Child },
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  return sendHtml(
    c,
    <Layout title={page.title} user={c.get('user')} csrfToken={c.get('csrfToken')}>
      {page.children}
    </Layout>,
    status,
  );
}

/** Sends rendered JSX as an HTML5 document (the JSX escapes all data). */
export async function sendHtml(c: Context, page: unknown, status: ContentfulStatusCode = 200): Promise<Response> {
  const body = String(await (page as string | Promise<string>));
  return c.html(`<!DOCTYPE html>\n${body}`, status);
}
