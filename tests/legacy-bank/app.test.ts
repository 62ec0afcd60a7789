/** The Hono app without a browser or a socket: createLegacyBankApp + app.request. */
import { describe, expect, it } from 'vitest';
import type { LegacyBankOptions } from '../../legacy-bank/options.js';
import { createLegacyBankApp, startLegacyBank } from '../../legacy-bank/server.js';

describe('createLegacyBankApp', () => {
  it('logs sign-ons without ever logging a password', async () => {
    const records: string[] = [];
    const log = (obj: object, msg?: string) => void records.push(JSON.stringify(obj) + ' ' + (msg ?? ''));
    const password = 'Very-Secret-Pw-123';
    const app = createLegacyBankApp({ users: [{ username: 'bot1', password }], customers: 2, logger: { info: log, warn: log, error: log } });
    const tokenOf = async () => /name="__VIEWSTATE" value="([^"]+)"/.exec(await (await app.request('/login')).text())![1]!;

    const bad = await app.request('/login', { method: 'POST', body: new URLSearchParams({ __VIEWSTATE: await tokenOf(), txtUser: 'bot1', txtPassword: `${password}x` }) });
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain('INVALID USER ID OR PASSWORD');

    const ok = await app.request('/login', { method: 'POST', body: new URLSearchParams({ __VIEWSTATE: await tokenOf(), txtUser: 'bot1', txtPassword: password }) });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/main');
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^LBSESSIONID=/);
    const main = await app.request('/main', { headers: { cookie } });
    expect(await main.text()).toContain('<frame name="content"');

    expect(records.length).toBeGreaterThan(0);
    expect(records.join('\n')).not.toContain(password);
  });

  it('accepts a Partial<LegacyBankOptions> and binds 127.0.0.1 on a free port', async () => {
    const options: Partial<LegacyBankOptions> = { port: 0, customers: 1, faults: { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0 } };
    const bank = await startLegacyBank(options);
    try {
      expect(bank.url).toBe(`http://127.0.0.1:${bank.port}`);
      expect(bank.port).toBeGreaterThan(0);
      expect((await fetch(`${bank.url}/login`)).status).toBe(200);
    } finally {
      await bank.close();
      await bank.close(); // idempotent
    }
  });
});
