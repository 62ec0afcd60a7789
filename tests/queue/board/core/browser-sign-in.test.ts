/** In real Chromium: sign in through the form, the cookie's flags as the browser keeps them, no CSP violation, bull-board renders offline, sign out. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../../bots/kit/browser.js';
import { SESSION_COOKIE } from '../../../../queue/board/auth/cookies.js';
import { startBoard, type BoardHandle } from '../../../../queue/board/server.js';
import { passwordOf, SESSION_KEY, useBoard } from './board-fixture.js';

const board = useBoard();
let browser: Browser | undefined;
let server: BoardHandle | undefined;

beforeAll(async () => {
  [browser, server] = await Promise.all([
    launchBrowser(),
    startBoard({ rt: board.rt, config: board.rt.config, log: board.rt.log, audit: board.audit }, { sessionKey: SESSION_KEY, port: 0, host: '127.0.0.1' }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('signing in with a browser', () => {
  it('keeps the session cookie HttpOnly and SameSite=Strict, runs no inline script, and serves bull-board without the network', async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const offsite: string[] = [];
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
      offsite.push(route.request().url());
      return route.abort();
    });

    await page.goto(`${server!.url}/audit?action=sign-in`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', passwordOf('admin'));
    await Promise.all([page.waitForURL(/\/audit\?action=sign-in$/), page.click('button[type=submit]')]);
    await expect.poll(() => page.textContent('h1')).toBe('Audit trail');
    expect(await page.textContent('table')).toContain('admin');

    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);

    // Text from elsewhere stays text, and the policy stops any inline script.
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await board.audit.append({ actor: '<img src=x onerror="alert(1)">', action: 'comment', target: '<script>alert(2)</script>' });
    await page.goto(`${server!.url}/audit?action=comment`);
    expect(await page.textContent('table')).toContain('<img src=x onerror="alert(1)">');
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.inlineRan = true';
      document.body.append(s);
      return (window as unknown as { inlineRan?: boolean }).inlineRan ?? false;
    });
    expect(ran).toBe(false);
    expect(dialogs).toEqual([]);
    problems.splice(0); // the inline script just refused is expected

    await page.goto(`${server!.url}/queues/`);
    await expect.poll(() => page.locator('text=payment-entry').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await page.goto(`${server!.url}/audit`);
    await Promise.all([page.waitForURL(/\/signin$/), page.click('text=Sign out')]);
    await page.goto(`${server!.url}/audit`);
    expect(new URL(page.url()).pathname).toBe('/signin');

    // No page asks for anything from another site (bull-board's web font link is taken out of its page), so the policy stops nothing.
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    expect(offsite).toEqual([]);
    await context.close();
  });
});
