/** Signing in and out: the form's token, generic failures, the lock-out, cookie flags, session ends, and the audit trail of it all. */
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, SIGNIN_COOKIE } from '../../../../queue/board/auth/cookies.js';
import { SIGNIN_FAILED } from '../../../../queue/board/core-pages/signin.js';
import { UNKNOWN_USER } from '../../../../queue/board/auth/sign-in-routes.js';
import { isSignInRedirect, passwordOf, setCookies, signIn, useBoard } from './board-fixture.js';

let clock = Date.now();
const board = useBoard({
  board: { signInThrottle: { freeFailures: 3, addressFreeFailures: 20, baseDelaySeconds: 1.5, maxDelayMinutes: 1, windowMinutes: 5 }, session: { idleMinutes: 10, maxAgeHours: 1 } },
  app: { now: () => clock },
});
const secureBoard = useBoard({ app: { secureCookies: true } });

const sessionCookie = (res: Response) => `${SESSION_COOKIE}=${setCookies(res).get(SESSION_COOKIE)}`;

describe('signing in', () => {
  it('starts a session with an HttpOnly, SameSite=Strict, signed cookie and goes where the user was going', async () => {
    const res = await signIn(board.app, 'approver', passwordOf('approver'), '/audit?actor=x');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/audit?actor=x');
    const header = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\//);
    expect(header).not.toMatch(/Secure/);
    expect(setCookies(res).get(SESSION_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9%_-]+/);
    const page = await board.app.request('/audit', { headers: { cookie: sessionCookie(res) } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('>approver</span>');
  });

  it('marks the cookie Secure with the __Host- prefix when the board is served over HTTPS', async () => {
    const res = await signIn(secureBoard.app, 'admin', passwordOf('admin'));
    const header = res.headers.getSetCookie().find((c) => c.startsWith(`__Host-${SESSION_COOKIE}=`));
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    const page = await secureBoard.app.request('/audit', { headers: { cookie: header!.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('never goes to another site after sign-in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await signIn(board.app, 'viewer', passwordOf('viewer'), next);
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('refuses a sign-in form without its token (or with one from another browser)', async () => {
    const form = await board.app.request('/signin');
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const body = new URLSearchParams({ _csrf: token, username: 'admin', password: passwordOf('admin') }).toString();
    const res = await board.app.request('/signin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(res.status).toBe(403);
    expect(setCookies(res).has(SESSION_COOKIE)).toBe(false);
    expect(setCookies(form).has(SIGNIN_COOKIE)).toBe(true);
  });

  it('a second look at the sign-in page (the browser fetching /favicon.ico is sent there too) does not expire the form on screen; a failed attempt gets a new token', async () => {
    const form = await board.app.request('/signin');
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const cookie = [...setCookies(form)].map(([k, v]) => `${k}=${v}`).join('; ');
    const favicon = await board.app.request('/favicon.ico', { headers: { cookie } });
    expect(favicon.status).toBe(303);
    const again = await board.app.request(favicon.headers.get('location')!, { headers: { cookie } });
    expect(/name="_csrf" value="([^"]+)"/.exec(await again.text())![1]).toBe(token);
    const post = (password: string, tokenValue: string, cookieValue: string) =>
      board.app.request('/signin', {
        method: 'POST',
        headers: { cookie: cookieValue, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: tokenValue, username: 'admin', password }).toString(),
      });
    const wrong = await post('not-the-password', token, cookie);
    expect(wrong.status).toBe(401);
    const fresh = /name="_csrf" value="([^"]+)"/.exec(await wrong.text())![1]!;
    expect(fresh).not.toBe(token);
    const freshCookie = [...setCookies(wrong)].map(([k, v]) => `${k}=${v}`).join('; ');
    const ok = await post(passwordOf('admin'), fresh, freshCookie);
    expect(ok.status).toBe(303);
    expect(setCookies(ok).has(SESSION_COOKIE)).toBe(true);
  });

  it('says the same whether the user does not exist or the password is wrong, and audits both without the typed name of a stranger', async () => {
    const wrong = await signIn(board.app, 'operator', 'not-the-password-at-all');
    const nobody = await signIn(board.app, 'no-such-user', 'not-the-password-at-all');
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    const texts = [await wrong.text(), await nobody.text()].map((t) => t.replace(/value="[^"]*"/g, ''));
    expect(texts[0]).toContain(SIGNIN_FAILED);
    expect(texts[0]).toBe(texts[1]);
    const failed = (await board.audit.list({ action: 'sign-in-failed' })).entries;
    expect(failed.map((e) => e.actor)).toEqual(expect.arrayContaining(['operator', UNKNOWN_USER]));
    expect(JSON.stringify(failed)).not.toContain('no-such-user');
  });

  it('slows down the name and address that failed, with a growing wait, and never locks the user out from another address', async () => {
    const attacker = '203.0.113.66';
    const own = '198.51.100.7';
    for (let i = 0; i < 3; i++) expect((await signIn(board.app, 'handler', `wrong-${i}-password`, '/audit', attacker)).status).toBe(401);
    // From the attacker's address: a wait, even with the right password (the password is not even checked).
    const refused = await signIn(board.app, 'handler', passwordOf('handler'), '/audit', attacker);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.text()).toContain('Too many failed sign-ins for this name from your address. Try again in');
    expect(setCookies(refused).has(SESSION_COOKIE)).toBe(false);
    // The user, from their own address, is let in at once.
    const mine = await signIn(board.app, 'handler', passwordOf('handler'), '/audit', own);
    expect(mine.status).toBe(303);
    expect(setCookies(mine).has(SESSION_COOKIE)).toBe(true);
    const actions = (await board.audit.list({ actor: 'handler' })).entries.map((e) => `${e.action} ${JSON.stringify(e.details)}`);
    expect(actions).toEqual(expect.arrayContaining([expect.stringMatching(/^sign-in-refused .*"reason":"throttled"/), expect.stringMatching(/^sign-in-failed .*"failures":3,.*"waitSeconds":2/)]));
    // The wait doubles with each further failure: after the first wait (1.5 s), one more failure asks 3 s
    // (waits long enough that a loaded machine, a sign-in's scrypt taking its time, keeps their order).
    await new Promise((r) => setTimeout(r, 1_600));
    expect((await signIn(board.app, 'handler', 'wrong-again-password', '/audit', attacker)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1_600));
    expect((await signIn(board.app, 'handler', passwordOf('handler'), '/audit', attacker)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1_600));
    const later = await signIn(board.app, 'handler', passwordOf('handler'), '/audit', attacker);
    expect(later.status).toBe(303);
  });

  it('counts names that are no user the same way (throttling tells nothing about who exists)', async () => {
    const from = '192.0.2.44';
    for (let i = 0; i < 3; i++) await signIn(board.app, 'ghost', 'whatever-password', '/audit', from);
    const ghost = await signIn(board.app, 'ghost', 'whatever-password', '/audit', from);
    for (let i = 0; i < 3; i++) await signIn(board.app, 'operator', 'whatever-password', '/audit', from);
    const real = await signIn(board.app, 'operator', 'whatever-password', '/audit', from);
    expect([ghost.status, real.status]).toEqual([429, 429]);
    const strip = (t: string) => t.replace(/value="[^"]*"/g, '').replace(/\d+ seconds?/g, 'N seconds');
    expect(strip(await ghost.text())).toBe(strip(await real.text()).replace('value=""', ''));
  });

  it('an address failing with many names waits too (password spraying)', async () => {
    const from = '192.0.2.99';
    const limits = { addressFreeFailures: 20 };
    for (let i = 0; i < limits.addressFreeFailures; i++) await signIn(board.app, `spray-${i}`, 'Winter2026!', '/audit', from);
    expect((await signIn(board.app, 'approver', passwordOf('approver'), '/audit', from)).status).toBe(429);
    expect((await signIn(board.app, 'approver', passwordOf('approver'), '/audit', '192.0.2.100')).status).toBe(303);
  });
});

describe('a session', () => {
  it('ends at sign-out: the cookie no longer works, and the sign-out is audited', async () => {
    const res = await signIn(board.app, 'approver', passwordOf('approver'));
    const cookie = sessionCookie(res);
    const page = await board.app.request('/audit', { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const out = await board.app.request('/signout', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(csrf)}` });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/);
    expect(isSignInRedirect(await board.app.request('/audit', { headers: { cookie } }))).toBe(true);
    const last = (await board.audit.list({ actor: 'approver', action: 'sign-out' })).entries[0];
    expect(last?.action).toBe('sign-out');
  });

  it('ends after the idle timeout, and after the maximum age however busy', async () => {
    const cookie = sessionCookie(await signIn(board.app, 'viewer', passwordOf('viewer')));
    const started = clock;
    try {
      clock += 9 * 60_000;
      expect((await board.app.request('/no-page', { headers: { cookie } })).status).toBe(404); // still signed in: used within 10 minutes
      clock += 11 * 60_000;
      expect(isSignInRedirect(await board.app.request('/no-page', { headers: { cookie } }))).toBe(true);

      const busy = sessionCookie(await signIn(board.app, 'viewer', passwordOf('viewer')));
      for (let i = 0; i < 7; i++) {
        clock += 9 * 60_000; // used every 9 minutes, 63 minutes in all
        const res = await board.app.request('/no-page', { headers: { cookie: busy } });
        expect(res.status, `after ${(i + 1) * 9} minutes`).toBe(i < 6 ? 404 : 303);
      }
    } finally {
      clock = started;
    }
  });

  it('a signed-in user who opens the sign-in page goes on to the page', async () => {
    const cookie = sessionCookie(await signIn(board.app, 'viewer', passwordOf('viewer')));
    const res = await board.app.request('/signin?next=/runs', { headers: { cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/runs');
  });
});
