/** The sign-in page: user name, password, and the form's one-off CSRF token. It never says which of the two was wrong, nor whether the user exists. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Layout, sendHtml } from '../views/layout.js';

export const SIGNIN_FAILED = 'Sign-in failed. Check the user name and password; after repeated failures, sign-in is refused for a while.';

export function signInPage(c: Context, props: { token: string; next: string; error?: string; username?: string }, status: ContentfulStatusCode = 200) {
  return sendHtml(
    c,
    <Layout title="Sign in">
      <div class="signin panel">
        {props.error ? <p class="notice bad">{props.error}</p> : null}
        <form method="post" action="/signin">
          <input type="hidden" name="_csrf" value={props.token} />
          <input type="hidden" name="next" value={props.next} />
          <label>
            User name
            <input type="text" name="username" autocomplete="username" required maxlength={64} value={props.username ?? ''} autofocus />
          </label>
          <label>
            Password
            <input type="password" name="password" autocomplete="current-password" required maxlength={1024} />
          </label>
          <button type="submit">Sign in</button>
        </form>
      </div>
    </Layout>,
    status,
  );
}
