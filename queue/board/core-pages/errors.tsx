/** The board's refusals and errors, in the page chrome; none says more than the user may know. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { BoardEnv } from '../routes.js';
import { Layout, sendHtml } from '../views/layout.js';

function errorPage(c: Context, status: ContentfulStatusCode, title: string, message: string, link?: { href: string; label: string }) {
  const { user, csrfToken } = (c as Context<BoardEnv>).var;
  return sendHtml(
    c,
    <Layout title={title} user={user} csrfToken={csrfToken}>
      <p class="notice bad">{message}</p>
      {link ? (
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      ) : null}
    </Layout>,
    status,
  );
}

export const forbiddenPage = (c: Context, message: string) => errorPage(c, 403, 'Not allowed', message, { href: '/', label: 'Back to the dashboard' });

export const notFoundPage = (c: Context) => errorPage(c, 404, 'Not found', 'There is no such page.', { href: '/', label: 'Back to the dashboard' });

export const signInFirstPage = (c: Context) => errorPage(c, 401, 'Sign in first', 'Your session has ended or you are not signed in.', { href: '/signin', label: 'Sign in' });

export const serverErrorPage = (c: Context) => errorPage(c, 500, 'Something went wrong', 'The board could not do this. It has been logged; try again, or ask an administrator.');
