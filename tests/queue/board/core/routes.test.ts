/**
 * Every route the router holds (enumerated from `app.routes`, not from a list written here):
 * refused without a session, allowed or 403 for each role exactly as it was declared, and a POST
 * without the CSRF token refused. Then the core's own pages: /audit, /audit.csv, /audit/verify.
 */
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../../queue/board/routes.js';
import { STATIC_PATHS } from '../../../../queue/board/static-assets.js';
import { isSignInRedirect, useBoard } from './board-fixture.js';

const board = useBoard();

/** A concrete path for a route pattern: each `:param` (with or without a `{regex}`) and `*` filled in. */
function samplePath(pattern: string): string {
  return pattern
    .replace(/:(\w+)(\{((?:[^{}]|\{[^{}]*\})+)\})?/g, (_m, _name: string, _b, regex?: string) => {
      if (!regex) return 'x';
      return ['1', 'x', 'a1', 'x.csv', '2026-01-01'].find((v) => new RegExp(`^(?:${regex})$`).test(v)) ?? '1';
    })
    .replace(/\*/g, 'x');
}

/** The routes as the router holds them: one per method and path (middleware-only `ALL` entries included, tried with GET and POST). */
function routes(): { method: string; path: string; pattern: string }[] {
  const seen = new Map<string, { method: string; path: string; pattern: string }>();
  for (const r of board.app.routes) {
    for (const method of r.method === 'ALL' ? ['GET', 'POST'] : [r.method]) {
      seen.set(`${method} ${r.path}`, { method, path: samplePath(r.path), pattern: r.path });
    }
  }
  return [...seen.values()];
}

function request(method: string, path: string, headers: Record<string, string> = {}) {
  const body = method === 'GET' || method === 'HEAD' ? undefined : '';
  return board.app.request(path, { method, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...headers }, body });
}

const PUBLIC = new Set(['GET /signin', 'POST /signin', ...STATIC_PATHS.map((p) => `GET ${p}`)]);

describe('every route of the board', () => {
  it('is enumerated from the router, and includes the core routes and bull-board', () => {
    const all = routes().map((r) => `${r.method} ${r.pattern}`);
    expect(all).toContain('POST /signout');
    expect(all).toContain('GET /audit');
    expect(all).toContain('GET /audit.csv');
    expect(all.some((r) => r.startsWith('GET /queues/api/'))).toBe(true);
    expect(all.some((r) => r.startsWith('PUT /queues/api/'))).toBe(true);
    expect(all.length).toBeGreaterThan(30);
  });

  it('refuses a request without a session (GET: to the sign-in page; others: 401), except sign-in and the static assets', async () => {
    const answered: string[] = [];
    for (const r of routes()) {
      const res = await request(r.method, r.path);
      await res.body?.cancel();
      const key = `${r.method} ${r.pattern}`;
      if (PUBLIC.has(key)) {
        answered.push(key);
        continue;
      }
      const rule = board.app.access(r.method, r.pattern);
      if (rule && 'token' in rule) expect(res.status, key).toBe(401);
      else if (r.method === 'GET') expect(isSignInRedirect(res), `${key} → ${res.status}`).toBe(true);
      else expect(res.status, key).toBe(401);
    }
    expect(answered.sort()).toEqual([...PUBLIC].sort());
  });

  it('refuses a session cookie that was tampered with', async () => {
    const { cookie } = await board.session('admin');
    const [name, value] = cookie.split('=') as [string, string];
    const forged = [`${name}=${value.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A'))}`, `${name}=${value.replace(/\.[^.]+$/, '.AAAA')}`, `${name}=${value.split('.')[0]}`];
    for (const c of forged) expect(isSignInRedirect(await request('GET', '/audit', { cookie: c })), c).toBe(true);
    expect((await request('GET', '/audit', { cookie })).status).toBe(200);
  });

  it('allows or refuses (403) each role exactly as the route declares', async () => {
    const mismatches: string[] = [];
    for (const r of routes()) {
      const key = `${r.method} ${r.pattern}`;
      if (PUBLIC.has(key)) continue;
      // `ALL /*` is the session middleware: a path no route claims is 404 once signed in (tested below).
      if (r.pattern === '/*') continue;
      const rule = board.app.access(r.method, r.pattern);
      if (!rule || rule.public) {
        mismatches.push(`${key}: no declared rule`);
        continue;
      }
      if ('token' in rule) {
        // Behind its own token: a session of any role is not enough.
        for (const role of ROLES) {
          const { cookie } = await board.session(role);
          const res = await request(r.method, r.path, { cookie });
          await res.body?.cancel();
          if (res.status !== 401) mismatches.push(`${key} as ${role}: ${res.status} (needs the metrics token)`);
        }
        continue;
      }
      for (const role of ROLES) {
        const { cookie, csrf } = await board.session(role);
        const res = await request(r.method, r.path, { cookie, 'x-csrf-token': csrf });
        await res.body?.cancel();
        const allowed = role === 'admin' || rule.roles.includes(role);
        const refused = res.status === 403;
        if (allowed === refused || res.status === 401 || isSignInRedirect(res)) mismatches.push(`${key} as ${role}: ${res.status} (${allowed ? 'allowed' : 'not allowed'})`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('shows each role only the navigation links it may follow', async () => {
    for (const role of ROLES) {
      const { cookie } = await board.session(role);
      const html = await (await request('GET', '/no-such-page', { cookie })).text();
      const nav = /<nav>(.*?)<\/nav>/s.exec(html)?.[1] ?? '';
      const links = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
      expect(links.length, role).toBeGreaterThan(2);
      for (const href of links) {
        const res = await request('GET', href, { cookie });
        await res.body?.cancel();
        expect(res.status, `${role} → ${href}`).not.toBe(403);
      }
    }
  });

  it('says which roles a page needs when it refuses', async () => {
    const { cookie } = await board.session('viewer');
    const res = await request('GET', '/audit', { cookie });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/This page is for: approver, admin\. You are signed in as viewer with: viewer\./);
  });

  it('refuses every POST without the CSRF token, or with another session\'s', async () => {
    // bull-board's UI sends no token: its writes are checked by origin instead (next test).
    const posts = routes().filter((r) => r.method === 'POST' && !PUBLIC.has(`POST ${r.pattern}`) && !r.pattern.startsWith('/queues') && r.pattern !== '/*');
    expect(posts.length).toBeGreaterThan(0);
    const other = await board.session('admin');
    for (const r of posts) {
      const { cookie } = await board.session('admin');
      for (const headers of [{ cookie }, { cookie, 'x-csrf-token': other.csrf }, { cookie, 'x-csrf-token': '' }] as Record<string, string>[]) {
        const res = await request('POST', r.path, headers);
        expect(res.status, `POST ${r.pattern}`).toBe(403);
        expect(await res.text()).toMatch(/security token/);
      }
      const form = await board.app.request(r.path, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: other.csrf }).toString(),
      });
      expect(form.status, `POST ${r.pattern} with a form field`).toBe(403);
    }
    // The same with the right token passes the check (sign-out: 303 to the sign-in page).
    const { cookie, csrf } = await board.session('viewer');
    const ok = await board.app.request('/signout', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(csrf)}` });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/signin');
  });

  it('refuses bull-board writes from another origin, even for an admin', async () => {
    const { cookie } = await board.session('admin');
    const res = await request('PUT', '/queues/api/queues/pause', { cookie, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const sameSite = await request('PUT', '/queues/api/queues/payment-entry/pause', { cookie });
    expect(sameSite.status).toBeLessThan(300);
    expect(await board.rt.queue('payment-entry').isPaused()).toBe(true);
    await board.rt.queue('payment-entry').resume();
    const audited = await board.audit.list({ action: 'queue-admin' });
    expect(audited.entries[0]).toMatchObject({ actor: 'admin', target: '/queues/api/queues/payment-entry/pause' });
  });

  it('does not reveal which paths exist: unknown paths need a session too, then 404', async () => {
    expect(isSignInRedirect(await request('GET', '/no/such/page'))).toBe(true);
    expect((await request('POST', '/no/such/page')).status).toBe(401);
    const { cookie } = await board.session('viewer');
    const res = await request('GET', '/no/such/page', { cookie });
    expect(res.status).toBe(404);
  });

  it('sends the security headers on every response, signed in or not', async () => {
    const { cookie } = await board.session('admin');
    for (const [path, headers] of [['/signin', {}], ['/audit', { cookie }], ['/nothing', {}], ['/static/board.js', {}], ['/queues', { cookie }]] as const) {
      const res = await request('GET', path, headers);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/default-src 'self'/);
      expect(csp, path).toMatch(/script-src 'self'(;|$)/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
  });
});

describe('the audit pages', () => {
  it('show the trail newest first with filters and pages, every text escaped', async () => {
    const { cookie } = await board.session('approver');
    await board.audit.append({ actor: '<script>alert(1)</script>', action: 'comment', target: '<img src=x onerror=alert(2)>', details: { link: 'javascript:alert(3)' } });
    for (let i = 0; i < 55; i++) await board.audit.append({ actor: 'olivia', action: 'dispatch', target: `run-${i}` });
    const page1 = await (await board.app.request('/audit?actor=olivia', { headers: { cookie } })).text();
    expect(page1).toContain('55 entries');
    expect(page1).toContain('Page 1 of 2');
    expect(page1).toContain('>run-54<');
    expect(page1).not.toContain('>run-4<');
    const page2 = await (await board.app.request('/audit?actor=olivia&page=2', { headers: { cookie } })).text();
    expect(page2).toContain('>run-4<');

    const all = await (await board.app.request('/audit?action=comment', { headers: { cookie } })).text();
    expect(all).not.toContain('<script>alert');
    expect(all).not.toContain('<img src=x');
    expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(all).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(all).not.toMatch(/href="javascript:/);
  });

  it('export the filtered trail as CSV, and the export is audited', async () => {
    const { cookie } = await board.session('admin');
    await board.audit.append({ actor: 'csv-user', action: 'edit', target: '=2+3', details: { field: 'beneficiaryName' } });
    const res = await board.app.request('/audit.csv?actor=csv-user', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",csv-user,edit,'=2+3,");
    const exported = await board.audit.list({ action: 'audit-export' });
    expect(exported.entries[0]).toMatchObject({ actor: 'admin', details: { actor: 'csv-user' } });
  });

  it('verify the chain on request, and say where it is broken', async () => {
    const { cookie } = await board.session('approver');
    await board.audit.append({ actor: 'x', action: 'y' });
    expect(await (await board.app.request('/audit/verify', { headers: { cookie } })).text()).toMatch(/The chain is whole: \d+ entries/);
    const key = `${board.rt.prefix}:_:audit:entries`;
    const first = JSON.parse((await board.rt.redis.hget(key, '1'))!) as Record<string, unknown>;
    await board.rt.redis.hset(key, '1', JSON.stringify({ ...first, action: 'nothing-to-see' }));
    expect(await (await board.app.request('/audit/verify', { headers: { cookie } })).text()).toMatch(/broken at entry 1 of/);
    await board.rt.redis.hset(key, '1', JSON.stringify(first));
  });
});
