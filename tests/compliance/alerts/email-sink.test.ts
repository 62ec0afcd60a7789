import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAlert } from '../../../compliance/alerts/alert.js';
import { EmailSink } from '../../../compliance/alerts/email-sink.js';
import { createAlertRouter, createAlertSinks } from '../../../compliance/alerts/from-config.js';
import { AlertDeliveryFailed } from '../../../compliance/alerts/sink.js';
import { complianceAlerts } from '../../../config/compliance-alerts.js';
import { Secrets } from '../../../config/secrets.js';
import { createLogger } from '../../../logging/logger.js';
import { LogCapture } from '../../helpers/runtime.js';
import { testRedis } from './redis.js';

const USER = 'alerts@bank.test';
const PASSWORD = 'smtp-pw-Q9x!2LmZr8';

interface Mail {
  from: string | false;
  to: string[];
  raw: string;
}

/** The mail as a reader sees it: headers unfolded, a quoted-printable body decoded. */
function readable(raw: string): { headers: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  if (/content-transfer-encoding: quoted-printable/i.test(headers)) {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

const mails: Mail[] = [];
const logins: string[] = [];
const server = new SMTPServer({
  authOptional: false,
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onAuth(auth, _session, done) {
    logins.push(auth.username ?? '');
    if (auth.username === USER && auth.password === PASSWORD) return done(null, { user: USER });
    return done(new Error('Invalid username or password'));
  },
  onData(stream, session, done) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      mails.push({ from: session.envelope.mailFrom && session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
      done();
    });
  },
});
let port = 0;
const { redis, keyPrefix } = testRedis();

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await redis.quit();
});

const alert = newAlert({
  type: 'aml:structuring',
  severity: 'high',
  title: 'Structuring for customer C-1001',
  text: '3 payments of 9,500.00–9,900.00 EUR within 5 days for customer C-1001; threshold 10,000.00',
  businessKey: 'E2E-MAIL-1',
  itemId: 'payment-entry:E2E-MAIL-1',
  facts: { count: 3, currency: 'EUR' },
});

describe('e-mail sink', () => {
  it('logs in and delivers the alert to every recipient, subject with severity and title, text with the figures', async () => {
    const sink = new EmailSink({ host: '127.0.0.1', port, from: 'rpa@bank.test', to: ['aml@bank.test', 'mlro@bank.test'], username: USER, password: PASSWORD });
    await sink.send(alert);
    sink.close();
    const mail = mails.at(-1)!;
    expect(mail.from).toBe('rpa@bank.test');
    expect(mail.to).toEqual(['aml@bank.test', 'mlro@bank.test']);
    const { headers, body } = readable(mail.raw);
    expect(headers).toMatch(/^Subject: \[rpa\] HIGH: Structuring for customer C-1001$/m);
    expect(headers).toMatch(new RegExp(`^X-Alert-Id: ${alert.id}$`, 'mi'));
    expect(body).toContain('3 payments of 9,500.00–9,900.00 EUR within 5 days for customer C-1001; threshold 10,000.00');
    expect(body).toContain('Business key: E2E-MAIL-1');
    expect(body).toContain('"count": 3');
    expect(logins.at(-1)).toBe(USER);
  });

  it('a refused login is an AlertDeliveryFailed; the router reports it to the feed; the password is in no log line', async () => {
    const log = new LogCapture();
    const logger = createLogger({ level: 'debug', pretty: 'never', destination: log.stream });
    const config = complianceAlerts.parse({
      email: { host: '127.0.0.1', port, from: 'rpa@bank.test', to: ['aml@bank.test'], username: USER, timeoutMs: 3_000 },
      routes: [{ sinks: ['log', 'feed', 'email'] }],
    });
    const deps = { redis, keyPrefix, logger };
    // The right password from the secrets: delivered.
    const good = createAlertSinks(config, { ...deps, secrets: Secrets.load(undefined, { RPA_SECRET_ALERTS_SMTP: PASSWORD }) });
    const before = mails.length;
    const ok = await createAlertRouter(config, { ...deps, secrets: Secrets.load(undefined, {}) }, good).send({ ...alert, id: undefined, businessKey: 'E2E-MAIL-2' });
    expect(ok.delivered.sort()).toEqual(['email', 'feed', 'log']);
    expect(mails.length).toBe(before + 1);
    good.email!.close();

    const wrong = 'not-the-password-77';
    const bad = createAlertSinks(config, { ...deps, secrets: Secrets.load(undefined, { RPA_SECRET_ALERTS_SMTP: wrong }) });
    await expect(bad.email!.send(alert)).rejects.toBeInstanceOf(AlertDeliveryFailed);
    const result = await createAlertRouter(config, { ...deps, secrets: Secrets.load(undefined, {}) }, bad).send({ ...alert, id: undefined, businessKey: 'E2E-MAIL-3' });
    bad.email!.close();
    expect(result.failed).toEqual([{ sink: 'email', error: expect.stringMatching(/Invalid username or password/) as unknown as string }]);
    expect((await bad.feed.latest(1))[0]!.alert).toMatchObject({ type: 'email-delivery-failed', severity: 'high', facts: { sink: 'email' } });
    expect(mails.length).toBe(before + 1);
    expect(log.text).toContain('email-delivery-failed');
    expect(log.text).not.toContain(PASSWORD);
    expect(log.text).not.toContain(wrong);
    expect(mails.every((m) => !m.raw.includes(PASSWORD))).toBe(true);
  });

  it('without a password secret the config refuses to set up a login', () => {
    const config = complianceAlerts.parse({ email: { host: '127.0.0.1', port, from: 'rpa@bank.test', to: ['aml@bank.test'], username: USER } });
    let error: unknown;
    try {
      createAlertSinks(config, { redis, keyPrefix, logger: createLogger({ level: 'silent' }), secrets: Secrets.load(undefined, {}) });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ message: 'secret "alerts/smtp" is not set', whatNext: expect.stringContaining('RPA_SECRET_ALERTS_SMTP') as unknown });
  });
});
