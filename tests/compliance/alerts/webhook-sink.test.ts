import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAlert, type Alert } from '../../../compliance/alerts/alert.js';
import { createAlertRouter, createAlertSinks } from '../../../compliance/alerts/from-config.js';
import { verifySignature } from '../../../compliance/alerts/signature.js';
import { AlertDeliveryFailed } from '../../../compliance/alerts/sink.js';
import { WebhookSink } from '../../../compliance/alerts/webhook-sink.js';
import { complianceAlerts } from '../../../config/compliance-alerts.js';
import { Secrets } from '../../../config/secrets.js';
import { createLogger } from '../../../logging/logger.js';
import { LogCapture } from '../../helpers/runtime.js';
import { testRedis } from './redis.js';

const SECRET = 'whsec-test-7f3a9c1e5b2d8046';
const { redis, keyPrefix } = testRedis();

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

/** A receiver on the loopback that answers with the statuses given, in turn (the last one repeats). */
class Receiver {
  readonly received: Received[] = [];
  private server!: Server;
  constructor(public statuses: number[]) {}
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        this.received.push({ body, headers: req.headers });
        res.statusCode = this.statuses[Math.min(this.received.length, this.statuses.length) - 1]!;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  get delivered(): Received[] {
    return this.received.filter((_, i) => this.statuses[Math.min(i + 1, this.statuses.length) - 1]! < 300);
  }
  async stop(): Promise<void> {
    await new Promise((r) => this.server.close(r));
  }
}

const alert = (over: Partial<Alert> = {}): Alert =>
  newAlert({ type: 'aml:structuring', severity: 'high', title: 'Structuring', text: '3 payments just under 10,000.00 EUR', businessKey: 'E2E-1', ...over });

const sink = (url: string, over: Partial<ConstructorParameters<typeof WebhookSink>[0]> = {}) =>
  new WebhookSink({ url, secret: SECRET, redis, keyPrefix, attempts: 4, backoffMs: 5, maxBackoffMs: 20, timeoutMs: 2_000, ...over });

afterAll(() => redis.quit());

describe('webhook sink', () => {
  it('a receiver that fails twice and recovers gets the alert once, signed, after backoff', async () => {
    const rx = new Receiver([500, 500, 200]);
    const url = await rx.start();
    const delays: number[] = [];
    const wh = sink(url, { backoffMs: 40, maxBackoffMs: 1_000, backoffJitter: 0.5, sleep: async (ms) => void delays.push(ms) });
    const a = alert();
    await wh.send(a);
    await rx.stop();
    expect(rx.received).toHaveLength(3);
    expect(rx.delivered).toHaveLength(1);
    const { body, headers } = rx.delivered[0]!;
    expect(verifySignature(body, headers['x-signature'] as string, SECRET)).toBe(true);
    expect(verifySignature(body, headers['x-signature'] as string, 'another-secret')).toBe(false);
    expect(verifySignature(body.replace('E2E-1', 'E2E-2'), headers['x-signature'] as string, SECRET)).toBe(false);
    const parsed = JSON.parse(body) as { timestamp: number; alert: Alert };
    expect(parsed.alert).toEqual(a);
    expect(String(parsed.timestamp)).toBe(headers['x-timestamp']);
    expect(Math.abs(parsed.timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(headers['x-alert-id']).toBe(a.id);
    expect(headers['content-type']).toBe('application/json');
    // Exponential with jitter: attempt 1 waits 20..40 ms, attempt 2 waits 40..80 ms.
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(20);
    expect(delays[0]).toBeLessThanOrEqual(40);
    expect(delays[1]).toBeGreaterThanOrEqual(40);
    expect(delays[1]).toBeLessThanOrEqual(80);
    expect(await wh.deadLetters.count()).toBe(0);
    expect(await wh.deadLetters.sweepInFlight(0)).toBe(0);
  });

  it('a receiver that always fails: after the last attempt the alert is a dead letter with the last error; redrive delivers it', async () => {
    const rx = new Receiver([503]);
    const url = await rx.start();
    const wh = sink(url);
    const a = alert({ businessKey: 'E2E-DEAD' });
    const err = await wh.send(a).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlertDeliveryFailed);
    expect((err as AlertDeliveryFailed).alertType).toBe('webhook-dead-letter');
    expect(rx.received).toHaveLength(4);
    const [dead] = await wh.deadLetters.list();
    expect(dead).toMatchObject({ sink: 'webhook', attempts: 4, error: 'HTTP 503 Service Unavailable' });
    expect(dead!.alert).toEqual(a);

    // Still failing: stays, with the attempts added up.
    expect(await wh.redrive()).toEqual({ delivered: [], failed: [a.id] });
    expect((await wh.deadLetters.get(a.id))?.attempts).toBe(5);

    rx.statuses = [200];
    expect(await wh.redrive([a.id])).toEqual({ delivered: [a.id], failed: [] });
    expect(await wh.deadLetters.count()).toBe(0);
    const last = rx.received.at(-1)!;
    expect(verifySignature(last.body, last.headers['x-signature'] as string, SECRET)).toBe(true);
    await rx.stop();
  });

  it('a 4xx other than 408/425/429 is not retried; a refused connection is', async () => {
    const rx = new Receiver([401]);
    const url = await rx.start();
    await expect(sink(url).send(alert())).rejects.toThrow(/HTTP 401/);
    expect(rx.received).toHaveLength(1);
    await rx.stop();
    // Nothing listens there any more.
    const refused = sink(url, { attempts: 2 });
    await expect(refused.send(alert({ businessKey: 'E2E-REFUSED' }))).rejects.toThrow(/ECONNREFUSED/);
    expect((await refused.deadLetters.list())[0]).toMatchObject({ attempts: 2 });
  });

  it('a delivery cut short by a dying process is found by the in-flight sweep', async () => {
    const wh = sink('http://127.0.0.1:9/never');
    const a = alert({ businessKey: 'E2E-INFLIGHT' });
    await wh.deadLetters.started(a); // as send() does before its first attempt, then the process dies
    expect(await wh.deadLetters.sweepInFlight(60_000)).toBe(0);
    expect(await wh.deadLetters.sweepInFlight(0)).toBe(1);
    expect((await wh.deadLetters.get(a.id))?.error).toMatch(/interrupted/);
    expect(await wh.deadLetters.sweepInFlight(0)).toBe(0);
  });

  it('the dead-letter list keeps at most deadLetterMax, dropping the oldest', async () => {
    const letters = sink('http://127.0.0.1:9/x', { keyPrefix: `${keyPrefix}cap`, deadLetterMax: 3 }).deadLetters;
    const alerts = [1, 2, 3, 4, 5].map((n) => alert({ businessKey: `E2E-${n}` }));
    for (const [i, a] of alerts.entries()) await letters.add({ alert: a, error: 'x', attempts: 1, deadAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString() });
    expect((await letters.list()).map((l) => l.alert.businessKey)).toEqual(['E2E-5', 'E2E-4', 'E2E-3']);
    expect(await letters.get(alerts[0]!.id)).toBeUndefined();
  });
});

describe('webhook from config', () => {
  let rx: Receiver;
  let url: string;
  beforeAll(async () => {
    rx = new Receiver([500]);
    url = await rx.start();
  });
  afterAll(() => rx.stop());

  it('takes its key from the secrets; the key appears in no log line and no alert; the dead letter is reported to the other sinks', async () => {
    const log = new LogCapture();
    const logger = createLogger({ level: 'debug', pretty: 'never', destination: log.stream });
    const secrets = Secrets.load(undefined, { [Secrets.envName('alerts/webhook')]: SECRET });
    const config = complianceAlerts.parse({
      webhook: { url, attempts: 2, backoffMs: 5 },
      routes: [{ types: ['*'], sinks: ['log', 'feed', 'webhook'] }],
    });
    const deps = { secrets, redis, keyPrefix: `${keyPrefix}cfg`, logger };
    const sinks = createAlertSinks(config, deps);
    const router = createAlertRouter(config, deps, sinks);
    const a = alert({ text: `secret ${SECRET} typed into a payment reference`, businessKey: 'E2E-CFG' });
    const result = await router.send(a);
    expect(result.delivered.sort()).toEqual(['feed', 'log']);
    expect(result.failed).toEqual([{ sink: 'webhook', error: 'HTTP 500 Internal Server Error' }]);
    expect(rx.received).toHaveLength(2);
    expect(verifySignature(rx.received[0]!.body, rx.received[0]!.headers['x-signature'] as string, SECRET)).toBe(true);
    const feed = (await sinks.feed.latest(5)).map((e) => e.alert.type);
    expect(feed).toEqual(['webhook-dead-letter', 'aml:structuring']);
    const report = (await sinks.feed.latest(1))[0]!.alert;
    expect(report.facts).toMatchObject({ alertId: a.id, sink: 'webhook', error: 'HTTP 500 Internal Server Error' });
    expect(log.text).toContain('webhook-dead-letter');
    expect(log.text).toContain('[REDACTED]');
    expect(log.text).not.toContain(SECRET);
    for (const r of rx.received) {
      expect(r.body).not.toContain(SECRET);
      expect(JSON.stringify(r.headers)).not.toContain(SECRET);
      expect((JSON.parse(r.body) as { alert: Alert }).alert.text).toBe('secret [REDACTED] typed into a payment reference');
    }
  });
});
