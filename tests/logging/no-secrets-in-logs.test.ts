import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger, maskingStream } from '../../logging/logger.js';
import { registerSecretValues } from '../../logging/redact.js';
import { itemIdFor } from '../../queue/item-index.js';
import { LogCapture } from '../helpers/runtime.js';
import {
  ACCOUNT_NUMBER,
  FORBIDDEN,
  IBAN,
  IBAN_MASKED,
  IBAN_PRINT,
  ORDINARY,
  SECRET,
  UNREGISTERED,
  logEverything,
  registerKnownSecret,
} from './fixtures/log-everything.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/child-logger.ts', import.meta.url));
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Runs the child logger script (createLogger with its default destination, a standard
 * stream) and returns everything it wrote to stdout and stderr, without colours.
 */
async function childOutput(pretty: 'always' | 'never'): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CHILD, pretty], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 20_000,
  });
  const out = (stdout + stderr).replace(ANSI, '');
  expect(out.split('\n').filter(Boolean).length, 'the child logged nothing').toBeGreaterThanOrEqual(20);
  return out;
}

function expectClean(output: string): void {
  for (const forbidden of FORBIDDEN) expect(output, `output contains ${JSON.stringify(forbidden)}`).not.toContain(forbidden);
  // Masked, not dropped: the masked forms are there, and so is the ordinary text.
  expect(output).toContain(IBAN_MASKED);
  expect(output).toContain('[REDACTED]');
  for (const text of ORDINARY) expect(output, `ordinary text ${text} mangled`).toContain(text);
}

beforeAll(() => registerKnownSecret());

describe('no secret or IBAN in any logger output', () => {
  it('the fixture really logs every forbidden value (a plain pino logger shows them all)', () => {
    const lines: string[] = [];
    // Same calls through pino without the project's masking: proves the checks below are not vacuous.
    logEverything(pino({ level: 'debug' }, { write: (l: string) => void lines.push(l) }));
    const text = lines.join('');
    for (const forbidden of FORBIDDEN) expect(text).toContain(forbidden);
  });

  it('JSON logger with a destination (as tests and the runtime use it)', () => {
    const capture = new LogCapture();
    const log = createLogger({ level: 'debug', pretty: 'never', destination: capture.stream });
    logEverything(log);
    expectClean(capture.text);
    // Every line is still valid JSON after masking.
    expect(capture.records.length).toBe(capture.lines.length);
    expect(capture.lines.length).toBeGreaterThanOrEqual(20);
  });

  it('pretty: "always" with a destination still writes masked JSON', () => {
    const capture = new LogCapture();
    const log = createLogger({ level: 'debug', pretty: 'always', destination: capture.stream });
    logEverything(log);
    expectClean(capture.text);
    expect(() => capture.records).not.toThrow();
  });

  it('JSON logger writing to its default stream (pretty: "never", child process)', async () => {
    const out = await childOutput('never');
    expectClean(out);
    expect(out.split('\n').filter(Boolean).every((l) => JSON.parse(l) !== null)).toBe(true);
    expect(out).toContain('"name":"child-test"');
  });

  it('pretty logger writing through pino-pretty (pretty: "always", child process)', async () => {
    const out = await childOutput('always');
    expectClean(out);
    // It really is pino-pretty's output, not JSON: level names and messages on human-readable lines.
    expect(out).toMatch(/INFO.*\(child-test\/\d+\).*: logging in as bot1 with \[REDACTED\] for DE\*\*\*\*3000/);
    expect(out).toMatch(/ERROR.*: item failed/);
    expect(out).toContain('businessKey: "DE****3000"');
    expect(out).not.toMatch(/^\{"level"/m);
  });
});

describe('what the masking does to each kind of value', () => {
  const capture = new LogCapture();
  const log = createLogger({ level: 'debug', pretty: 'never', destination: capture.stream });
  const last = (): Record<string, unknown> => capture.records.at(-1)!;

  it('masks message strings and format args', () => {
    log.info('password %s for %s', SECRET, IBAN_PRINT);
    expect(last().msg).toBe('password [REDACTED] for DE****3000');
    log.info(`login ${SECRET} ok`);
    expect(last().msg).toBe('login [REDACTED] ok');
  });

  it('replaces secret-named keys at any depth, whatever their value', () => {
    log.info({
      password: UNREGISTERED,
      a: { b: { c: { d: { e: { f: { token: UNREGISTERED, cookie: 'x', authorization: 'Bearer y' } } } } } },
      headers: { Authorization: 'Basic z', Cookie: 'sid=1' },
      sessionKey: 'k',
    });
    const rec = last() as { password: unknown; a: { b: { c: { d: { e: { f: unknown } } } } }; headers: unknown; sessionKey: unknown };
    expect(rec.password).toBe('[REDACTED]');
    expect(rec.a.b.c.d.e.f).toEqual({ token: '[REDACTED]', cookie: '[REDACTED]', authorization: '[REDACTED]' });
    expect(rec.headers).toEqual({ Authorization: '[REDACTED]', Cookie: '[REDACTED]' });
    expect(rec.sessionKey).toBe('[REDACTED]');
  });

  it('masks IBANs compact and in groups of four, keeping country code and last four', () => {
    log.info({ text: `from ${IBAN} to ${IBAN_PRINT} EUR`, list: [IBAN, `x ${IBAN_PRINT}`], file: `stmt_${IBAN}.pdf` });
    expect(last()).toMatchObject({
      text: 'from DE****3000 to DE****3000 EUR',
      list: ['DE****3000', 'x DE****3000'],
      file: 'stmt_DE****3000.pdf',
    });
    log.info({ gb: 'GB29 NWBK 6016 1331 9268 19', nl: 'NL91ABNA0417164300 sent' });
    expect(last()).toMatchObject({ gb: 'GB****6819', nl: 'NL****4300 sent' });
  });

  it('masks account numbers under account-ish keys and IBANs used as keys', () => {
    log.info({ accountNumber: ACCOUNT_NUMBER, account: IBAN_PRINT, acct: 1234567890, debtorAccount: IBAN, balances: { [IBAN]: 1 } });
    expect(last()).toMatchObject({ accountNumber: '****3000', account: IBAN_MASKED, acct: '****7890', debtorAccount: IBAN_MASKED, balances: { [IBAN_MASKED]: 1 } });
  });

  it('masks errors logged with { err } and logged directly, including causes and own properties', () => {
    const err = Object.assign(new Error(`failed for ${IBAN} with ${SECRET}`), { iban: IBAN, password: 'p4ss-word', cause: new Error(`cause ${IBAN_PRINT}`) });
    log.error({ err }, 'with err');
    const withErr = last() as { err: Record<string, unknown> };
    expect(withErr.err.message).toMatch(/^failed for DE\*{4}3000 with \[REDACTED\]/);
    expect(withErr.err.iban).toBe(IBAN_MASKED);
    expect(withErr.err.password).toBe('[REDACTED]');
    expect(String(withErr.err.stack)).toContain('failed for DE****3000 with [REDACTED]');
    expect(JSON.stringify(withErr.err)).toContain('cause DE****3000');
    log.error(err);
    expect(last().msg).toMatch(/^failed for DE\*{4}3000 with \[REDACTED\]/);
    expect(JSON.stringify(last())).not.toContain(SECRET);
  });

  it('masks child logger bindings (the per-item child logger)', () => {
    const item = log.child({ runId: 'r1', itemId: 'i1', bot: 'balance-check', businessKey: IBAN_PRINT, attempt: 2 });
    item.info({ password: UNREGISTERED }, 'step');
    expect(last()).toMatchObject({ runId: 'r1', itemId: 'i1', bot: 'balance-check', businessKey: IBAN_MASKED, attempt: 2, password: '[REDACTED]', msg: 'step' });
  });

  it('masks domestic account numbers (8 to 30 digits in a word without letters) in any string, as in business keys; item ids never carry one', () => {
    const itemId = itemIdFor('balance-check', '0532013000@2026-11-23T00:00:00Z');
    expect(itemId).not.toContain('0532013000');
    const item = log.child({ businessKey: '0532013000@2026-11-23T00:00:00Z', itemId });
    item.info('account 0532013000 has no IBAN; card 4111111111111111; sort code 20-00-00 acct 123-45678901');
    expect(last()).toMatchObject({
      businessKey: '****3000@2026-11-23T00:00:00Z',
      itemId,
      msg: 'account ****3000 has no IBAN; card ****1111; sort code 20-00-00 acct ****8901',
    });
  });

  it('never masks ids (run, item, job, exception, alert, confirmation, message), in fields or in messages; always the IBAN beside them', () => {
    const ids = {
      runId: 'demo-2026-12-04-183351-00016103',
      itemId: itemIdFor('payment-entry', 'E2E-2026-00016103'),
      jobId: '12345678',
      exceptionId: 'exc-12345678-1234-4321-8765-123456789012',
      alertId: '12345678-1234-4321-8765-123456789012',
      confirmation: 'C-2026120400016103',
      confirmationNumber: '2026120400016103',
      messageId: 'MSG-20261204-000123456789',
      id: '00016103000161',
    };
    log.info({ ...ids, iban: IBAN, text: `to ${IBAN_PRINT}` }, `run ${ids.runId} item ${ids.itemId} confirmation ${ids.confirmation} message ${ids.messageId} exception ${ids.exceptionId} for ${IBAN}`);
    expect(last()).toMatchObject({ ...ids, iban: IBAN_MASKED, text: 'to DE****3000' });
    expect(last().msg).toBe(`run ${ids.runId} item ${ids.itemId} confirmation ${ids.confirmation} message ${ids.messageId} exception ${ids.exceptionId} for DE****3000`);
    // An IBAN inside an id's value is still masked.
    log.info({ itemId: `x.${IBAN}.y` });
    expect(last().itemId).toBe('x.DE****3000.y');
  });

  it('does not mangle ordinary text, dates, amounts or numbers', () => {
    log.info({ n: 'USERNAMES', d: '2024-01-15T10:00:00.000Z', a: '1234.56', v: 1234.56, id: 'AB12', ok: true }, 'USERNAMES 2024-01-15 1234.56');
    expect(last()).toMatchObject({ n: 'USERNAMES', d: '2024-01-15T10:00:00.000Z', a: '1234.56', v: 1234.56, id: 'AB12', ok: true, msg: 'USERNAMES 2024-01-15 1234.56' });
  });

  it('does not mutate the object the caller logged', () => {
    const obj = { password: UNREGISTERED, iban: IBAN, nested: { text: IBAN_PRINT } };
    log.info(obj);
    expect(obj).toEqual({ password: UNREGISTERED, iban: IBAN, nested: { text: IBAN_PRINT } });
  });

  it('masks a registered secret whole, even when a shorter registered secret is part of it or it looks like an IBAN', () => {
    registerSecretValues(['OVLP-7q', 'OVLP-7q-and-more-Zz9', 'XY12ABCD1234EFGH5678']);
    log.info('a OVLP-7q-and-more-Zz9 b OVLP-7q c XY12ABCD1234EFGH5678 d');
    expect(last().msg).toBe('a [REDACTED] b [REDACTED] c [REDACTED] d');
    // Values shorter than four characters are not registered (they would mangle ordinary text).
    registerSecretValues(['ab1']);
    log.info('ab1 stays');
    expect(last().msg).toBe('ab1 stays');
  });

  it('maskingStream masks any line written to it, JSON or not', () => {
    const lines: string[] = [];
    const stream = maskingStream({ write: (l: string) => void lines.push(l) });
    stream.write(`not json ${SECRET} ${IBAN_PRINT}\n`);
    stream.write(JSON.stringify({ msg: `json ${SECRET}`, iban: IBAN }) + '\n');
    expect(lines[0]).toBe('not json [REDACTED] DE****3000\n');
    expect(JSON.parse(lines[1]!)).toEqual({ msg: 'json [REDACTED]', iban: IBAN_MASKED });
  });
});
