import { afterAll, describe, expect, it } from 'vitest';
import { alertId, newAlert, type NewAlert } from '../../../compliance/alerts/alert.js';
import { maskString } from '../../../logging/redact.js';
import { AlertRouter } from '../../../compliance/alerts/router.js';
import type { AlertRouteConfig } from '../../../config/compliance-alerts.js';
import { CaptureSink } from './capture.js';
import { testRedis } from './redis.js';

const { redis, keyPrefix } = testRedis();
afterAll(() => redis.quit());

const ROUTES: AlertRouteConfig[] = [
  { types: ['*'], minSeverity: 'info', sinks: ['feed'] },
  { types: ['aml:*', 'sanctions-hit'], minSeverity: 'high', sinks: ['webhook', 'email'] },
  { types: ['*-dead-letter', '*-delivery-failed'], minSeverity: 'info', sinks: ['log'] },
];

function setup(options: { windowMs?: number; prefix?: string } = {}) {
  const sinks = { feed: new CaptureSink('feed'), webhook: new CaptureSink('webhook'), email: new CaptureSink('email'), log: new CaptureSink('log') };
  const router = (s: Record<string, CaptureSink> = sinks) =>
    new AlertRouter({ routes: ROUTES, sinks: s, redis, keyPrefix: options.prefix ?? `${keyPrefix}${Math.random().toString(36).slice(2, 8)}`, dedupWindowMs: options.windowMs ?? 60_000 });
  return { sinks, router: router(), make: router };
}

const alert = (over: Partial<NewAlert> = {}): NewAlert => ({ type: 'aml:velocity', severity: 'medium', title: 'Velocity', text: '12 payments in 24 hours', businessKey: 'E2E-1', ...over });

describe('alert routing', () => {
  it('routes by type pattern and minimum severity, each sink once', async () => {
    const { router } = setup();
    expect(router.sinksFor({ type: 'aml:velocity', severity: 'medium' })).toEqual(['feed']);
    expect(router.sinksFor({ type: 'aml:structuring', severity: 'high' })).toEqual(['feed', 'webhook', 'email']);
    expect(router.sinksFor({ type: 'sanctions-hit', severity: 'critical' })).toEqual(['feed', 'webhook', 'email']);
    expect(router.sinksFor({ type: 'sanctions-hit-review', severity: 'critical' })).toEqual(['feed']);
    expect(router.sinksFor({ type: 'webhook-dead-letter', severity: 'high' })).toEqual(['feed', 'log']);
    // Only * is special in a pattern.
    expect(router.sinksFor({ type: 'amlXvelocity', severity: 'high' })).toEqual(['feed']);
  });

  it('a route to a sink that is not set up is refused at construction', () => {
    expect(() => new AlertRouter({ routes: ROUTES, sinks: { feed: new CaptureSink('feed') }, redis, keyPrefix, dedupWindowMs: 1000 })).toThrow(/sink "webhook"/);
  });

  it('delivers to the chosen sinks and reports what went where', async () => {
    const { router, sinks } = setup();
    const r = await router.send(alert({ type: 'aml:structuring', severity: 'high' }));
    expect(r).toMatchObject({ sinks: ['feed', 'webhook', 'email'], failed: [], throttled: false });
    expect(r.delivered.sort()).toEqual(['email', 'feed', 'webhook']);
    expect(sinks.webhook.alerts[0]).toEqual(r.alert);
    expect(r.alert.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(r.alert.at)).toBeGreaterThan(Date.now() - 5_000);
    expect(sinks.log.alerts).toEqual([]);
  });

  it('masks IBANs and account numbers in what leaves, and de-duplicates on the unmasked alert', async () => {
    const { router, sinks } = setup();
    const r = await router.send(alert({ text: 'beneficiary DE89370400440532013000', businessKey: 'DE89370400440532013000:2025-01', facts: { beneficiaryIban: 'DE89370400440532013000' } }));
    expect(r.alert.text).toBe('beneficiary DE****3000');
    expect(r.alert.businessKey).toBe('DE****3000:2025-01');
    expect(r.alert.facts).toEqual({ beneficiaryIban: 'DE****3000' });
    // Another account with the same last four digits is another alert.
    const other = await router.send(alert({ businessKey: 'DE44500105175407324000:2025-01' }));
    expect(other.throttled).toBe(false);
    expect(JSON.stringify(sinks.feed.alerts)).not.toContain('0532013000');
  });

  it('the same alert (type + business key, or its dedup key) is sent once within the window, across workers and when sent at once', async () => {
    const prefix = `${keyPrefix}shared`;
    const a = setup({ prefix });
    const b = setup({ prefix }); // a second worker: its own sinks and router, the same Redis
    const results = await Promise.all([a.router.send(alert()), b.router.send(alert()), a.router.send(alert()), b.router.send(alert())]);
    expect(results.filter((r) => !r.throttled)).toHaveLength(1);
    expect(a.sinks.feed.alerts.length + b.sinks.feed.alerts.length).toBe(1);
    expect((await a.router.send(alert({ businessKey: 'E2E-2' }))).throttled).toBe(false);
    expect((await b.router.send(alert({ type: 'aml:cash' }))).throttled).toBe(false);
    expect((await a.router.send(alert({ businessKey: 'E2E-3', dedupKey: 'k1' }))).throttled).toBe(false);
    expect((await b.router.send(alert({ businessKey: 'E2E-4', dedupKey: 'k1' }))).throttled).toBe(true);
    // An alert no route takes claims nothing.
    expect((await a.router.send(alert({ type: 'nobody', severity: 'info' }))).sinks).toEqual(['feed']);
  });

  it('after the window the same alert goes again', async () => {
    const { router, sinks } = setup({ windowMs: 150 });
    expect((await router.send(alert())).throttled).toBe(false);
    expect((await router.send(alert())).throttled).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect((await router.send(alert())).throttled).toBe(false);
    expect(sinks.feed.alerts).toHaveLength(2);
  });

  it('a failing sink does not stop the others; its failure is reported to the sinks that work; nothing delivered frees the window', async () => {
    const { router, sinks } = setup();
    sinks.email.failing = true;
    const r = await router.send(alert({ type: 'sanctions-hit', severity: 'critical' }));
    expect(r.delivered.sort()).toEqual(['feed', 'webhook']);
    expect(r.failed).toEqual([{ sink: 'email', error: 'email is down' }]);
    expect(sinks.feed.types).toEqual(['sanctions-hit', 'email-delivery-failed']);
    expect(sinks.log.types).toEqual(['email-delivery-failed']);
    expect(sinks.log.alerts[0]!.facts).toMatchObject({ alertId: r.alert.id, sink: 'email', error: 'email is down' });

    sinks.feed.failing = true;
    const none = await router.send(alert({ businessKey: 'E2E-NONE' }));
    expect(none.delivered).toEqual([]);
    sinks.feed.failing = false;
    expect((await router.send(alert({ businessKey: 'E2E-NONE' }))).delivered).toEqual(['feed']);
  });

  it('newAlert fills in id, time and facts; ids never look like an account number to the masking', () => {
    const a = newAlert({ type: 't', severity: 'info', title: 'x', text: 'y' });
    expect(a).toMatchObject({ type: 't', facts: {} });
    expect(newAlert({ type: 't', severity: 'info', title: 'x', text: 'y' }).id).not.toBe(a.id);
    const ids = Array.from({ length: 2000 }, () => alertId());
    expect(new Set(ids).size).toBe(2000);
    for (const id of ids) expect(maskString(id)).toBe(id);
  });
});
