/**
 * SO01 sign-on: GET /login shows the form, POST /login checks the user ID and password,
 * starts a session (ending the user's previous one) and redirects to the frameset.
 * Wrong credentials re-display the form with a red error (HTTP 200). GET /logout ends the session.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE, type BankEnv } from '../app-env.js';
import { field } from '../guard.js';
import { sendPage } from '../render.js';
import { STATE_TOKEN_FIELD } from '../state-token.js';
import { ErrorLine, Layout } from './layout.js';
import type { Screen } from './registry.js';
import { expiredPage } from './system-pages.js';

export const TEXT_LOGIN_REJECTED = 'INVALID USER ID OR PASSWORD';

function loginForm(c: Context<BankEnv>, error?: string, username = '') {
  const bank = c.var.bank;
  const now = bank.now();
  const token = bank.loginTokens.issue(now.getTime());
  return sendPage(
    c,
    <Layout title="SIGN ON" code="SO01" now={now}>
      <center>
        <br />
        <h3>SIGN ON</h3>
        <ErrorLine message={error} />
        <form method="post" action="/login" name="frmLogin" target="_top">
          <input type="hidden" name={STATE_TOKEN_FIELD} value={token} />
          <table border={1} cellpadding={4} cellspacing={0} bgcolor="#E0E0E0">
            <tr>
              <td>User ID:</td>
              <td>
                <input type="text" name="txtUser" size={20} maxlength={20} value={username} />
              </td>
            </tr>
            <tr>
              <td>Password:</td>
              <td>
                <input type="password" name="txtPassword" size={20} maxlength={64} />
              </td>
            </tr>
            <tr>
              <td colspan={2} align="center">
                <input type="submit" name="btnLogin" value="Sign On" />
              </td>
            </tr>
          </table>
        </form>
        <p>
          <font size={1}>Authorised users only. All activity is logged.</font>
        </p>
      </center>
    </Layout>,
  );
}

export const loginScreen: Screen = {
  code: 'SO01',
  title: 'SIGN ON',
  menu: { label: 'Logout', href: '/logout', target: '_top', order: 1000 },
  register(app) {
    app.get('/', (c) => c.redirect('/login', 302));
    app.get('/login', (c) => loginForm(c));
    app.post('/login', async (c) => {
      const bank = c.var.bank;
      const now = bank.nowMs();
      const body = await c.req.parseBody();
      if (!bank.loginTokens.consume(field(body, STATE_TOKEN_FIELD), now)) {
        bank.logger.info({ path: '/login' }, 'legacy-bank: login form with a missing or stale state token');
        return expiredPage(c, bank.now());
      }
      const username = field(body, 'txtUser').trim();
      const password = field(body, 'txtPassword');
      if (!username || !bank.checkPassword(username, password)) {
        bank.logger.warn({ username }, 'legacy-bank: login rejected');
        return loginForm(c, TEXT_LOGIN_REJECTED, username);
      }
      const { session, replaced } = bank.sessions.login(username, now);
      if (replaced) bank.logger.warn({ username }, 'legacy-bank: new login ended the previous session of this user');
      bank.logger.info({ username }, 'legacy-bank: login');
      setCookie(c, SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'Lax' });
      return c.redirect('/main', 302);
    });
    app.get('/logout', (c) => {
      const bank = c.var.bank;
      const id = getCookie(c, SESSION_COOKIE);
      if (id) {
        const found = bank.sessions.lookup(id, bank.nowMs());
        if (found.kind === 'active') {
          bank.sessions.end(id, 'logout', bank.nowMs());
          bank.logger.info({ username: found.session.username }, 'legacy-bank: logout');
        }
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/login', 302);
    });
  },
};
