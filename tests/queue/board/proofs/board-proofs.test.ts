/**
 * The board's proofs, in real Chromium against the board served over HTTP, a worker host running the
 * real payment bots on the legacy-bank simulator (from the global setup):
 * - an operator signs in, dispatches a payment file, watches the run's progress bar reach the end
 *   (moved live by server-sent events), and opens the run's report;
 * - a handler opens a flagged payment, corrects the beneficiary name, resumes it, and it is entered
 *   once (the simulator's inspection API says so);
 * - a compliance hold is recommended by one approver and released by another; the one who recommended
 *   cannot approve it, neither through the page nor by a direct POST;
 * - text from a document or the target holding <script>, <img onerror> and javascript: is shown as
 *   text, and no script runs;
 * - screenshots of the dashboard, a run, an item, the inbox and an exception go to test-artifacts/board/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { addDays, nextBusinessDay, todayIn } from '../../../../banking/index.js';
import { launchBrowser } from '../../../../bots/kit/browser.js';
import { defineBot } from '../../../../bots/kit/define-bot.js';
import { BusinessRuleError, ComplianceHold } from '../../../../bots/kit/errors.js';
import { paymentBatch } from '../../../../bots/payment-batch/index.js';
import { paymentEntry } from '../../../../bots/payment-entry/index.js';
import { legacyBankTarget } from '../../../../bots/targets/legacy-bank/index.js';
import { writeSamplePaymentFile } from '../../../../cli/sample-payment-file.js';
import { AuditLog } from '../../../../queue/audit/audit-log.js';
import { startBoard, type BoardHandle } from '../../../../queue/board/server.js';
import { dispatchItem } from '../../../../queue/dispatch.js';
import { ownKeys } from '../../../../queue/keys.js';
import type { Runtime } from '../../../../queue/runtime.js';
import { WorkerHost } from '../../../../queue/worker-host.js';
import { LogCapture, testConfig, testRuntime } from '../../../helpers/runtime.js';
import { waitFor } from '../../../helpers/wait.js';
import { boardUsers, passwordOf, SESSION_KEY } from '../pages/fixture.js';

const ARTIFACTS = path.resolve('test-artifacts/board');
const tag = Math.random().toString(36).slice(2, 7).replace(/\d/g, 'x').toUpperCase();
const bankUrl = inject('bankUrl');

/** A payment that a screening step holds until its release (the compliance wiring of payment-entry comes later). */
const released: string[] = [];
const screenedPayment = defineBot({
  name: 'screened-payment',
  input: z.object({ ref: z.string(), beneficiary: z.string(), amount: z.string() }),
  key: (i) => i.ref,
  run: async (input, ctx) => {
    if (!ctx.item.releasedRules.includes('sanctions.ofac')) {
      throw new ComplianceHold(`"${input.beneficiary}" resembles OFAC SDN entry 36216`, 'sanctions.ofac', {
        severity: 'high',
        explanation: `REVIEW: "${input.beneficiary}" scored 0.912 (block at 0.950, review at 0.850)\n  1. 0.912  OFAC SDN entry 36216 (entity; SDGT)`,
        hits: [{ list: 'ofac-sdn', entryId: '36216', entryName: 'ACME TRADING CO LLC', matchedName: 'ACME TRADING', score: 0.912, programs: ['SDGT'] }],
      });
    }
    released.push(input.ref);
    return { entered: input.ref };
  },
});

/** Stands in for a target whose screen answers with text it was given (an error page that echoes input). */
const echoTarget = defineBot({
  name: 'echo-target',
  input: z.object({ ref: z.string(), name: z.string() }),
  key: (i) => i.ref,
  run: async (input, ctx) => {
    ctx.log.warn({ screen: `ERROR: ${input.name}` }, `the target said: ${input.name}`);
    throw new BusinessRuleError(`the target refused the payment: ${input.name}`, { screenError: input.name, link: 'javascript:window.__xss=4' });
  },
});

let rt: Runtime;
let host: WorkerHost;
let board: BoardHandle;
let browser: Browser;

beforeAll(async () => {
  const config = testConfig({
    log: { level: 'info' },
    board: { users: await boardUsers(), slaHours: 4 },
    bots: { 'payment-entry': { concurrency: 2, attempts: 2, backoffMs: 100 }, 'echo-target': { attempts: 1 } },
  });
  rt = testRuntime({ bots: [paymentEntry, paymentBatch, screenedPayment, echoTarget], adapters: [legacyBankTarget], config, log: new LogCapture() });
  host = new WorkerHost(rt);
  const audit = new AuditLog(rt.redis, ownKeys(rt.prefix));
  [board, browser] = await Promise.all([startBoard({ rt, config, log: rt.log, audit }, { sessionKey: SESSION_KEY, port: 0, host: '127.0.0.1', bullBoard: false }), launchBrowser(), host.start()]).then(
    ([b, br]) => [b, br] as const,
  );
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await board?.close();
  await host?.shutdown(2_000);
  await rt?.close();
});

/** A browser context signed in as a user through the sign-in form; every dialog is recorded (and dismissed). */
async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void (d.type() === 'confirm' ? d.accept() : d.dismiss());
  });
  await page.goto(`${board.url}/signin`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', passwordOf(username));
  await Promise.all([page.waitForURL((u) => u.pathname !== '/signin'), page.click('button[type=submit]')]);
  return { context, page, dialogs };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const postings = async (reference: string) => ((await (await fetch(`${bankUrl}/_inspect/postings/${encodeURIComponent(reference)}`)).json()) as { count: number }).count;

async function eurAccount(): Promise<string> {
  const accounts = (await (await fetch(`${bankUrl}/_inspect/accounts`)).json()) as { accountNumber: string; currency: string }[];
  return accounts.find((a) => a.currency === 'EUR')!.accountNumber;
}

let paymentRun: { runId: string; file: string; references: string[]; invalidRows: number[] } | undefined;

describe('operators and handlers in Chromium', () => {
  it('an operator dispatches a payment file, watches the progress bar reach the end, and opens the run\'s report', { timeout: 60_000 }, async () => {
    const file = path.join(rt.config.dataDir, `board-proof-${tag}.xlsx`);
    const executionDate = nextBusinessDay(addDays(todayIn('Europe/Berlin', new Date()), 2));
    const sample = await writeSamplePaymentFile(file, { count: 8, invalid: 2, debitAccount: await eurAccount(), executionDate, prefix: `BP${tag}` });
    const { page, dialogs, context } = await signedIn('operator');
    await page.goto(`${board.url}/dispatch`);
    await Promise.all([page.waitForURL(/bot=payment-batch/), page.selectOption('select[name=bot]', 'payment-batch')]); // the choice submits itself (board.js)
    await page.setInputFiles('input[name=file]', file);
    await Promise.all([page.waitForURL(/\/runs\/pay-/), page.click('form.dispatch button[type=submit]')]);
    const runId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    paymentRun = { runId, file, references: sample.references, invalidRows: sample.invalidRows };
    expect(await page.textContent('.notice.ok')).toContain('Dispatched.');

    // The dashboard's bar for this run follows the run live (static/pages.js), without reloading.
    const dashboard = await context.newPage();
    await dashboard.goto(`${board.url}/`);
    const dashboardBar = dashboard.locator(`tr[data-run="${runId}"] progress[data-run-progress]`);
    expect(await dashboardBar.count()).toBe(1);
    await shot(dashboard, 'dashboard');
    const dashboardFull = expect
      .poll(() => dashboardBar.evaluate((bar: HTMLProgressElement) => `${bar.value}/${bar.max}`), { timeout: 45_000, interval: 100 })
      .toBe('8/8');

    // The run page's bar as it shows it, until the page has the report (it reloads itself when the stream ends).
    const seen: string[] = [];
    await waitFor(
      async () => {
        const v = await page.evaluate(() => {
          const bar = document.querySelector('progress[data-run-progress]') as HTMLProgressElement | null;
          const label = document.querySelector('[data-run-label]');
          return bar ? `${bar.value}/${bar.max} ${label?.textContent ?? ''}` : null;
        }).catch(() => null);
        if (v && seen[seen.length - 1] !== v) seen.push(v);
        return (await page.locator('a[href$="/report.xlsx"]').count().catch(() => 0)) > 0;
      },
      'the report link',
      45_000,
      50,
    );
    await dashboardFull;
    // The label says "report being written" between the last payment and the report; it then settles on the counts.
    await expect
      .poll(() => dashboard.textContent(`tr[data-run="${runId}"] [data-run-label]`), { timeout: 30_000, interval: 100 })
      .toBe('8 / 8 · 2 exceptions');
    await dashboard.close();
    // It moved while we watched, and it ended full: the 8 payments with an outcome, 2 of them exceptions, as the report counts them
    // (the report's own item is not a payment: it is not counted).
    expect(seen.length).toBeGreaterThan(1);
    const last = await page.evaluate(() => {
      const bar = document.querySelector('progress[data-run-progress]') as HTMLProgressElement;
      return `${bar.value}/${bar.max} ${document.querySelector('[data-run-label]')?.textContent ?? ''}`;
    });
    expect(last).toBe('8/8 8 / 8 · 2 exceptions');
    expect(Number(seen[0]!.split('/')[0])).toBeLessThan(8);
    await shot(page, 'run');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="/report.xlsx"]')]);
    expect(download.suggestedFilename()).toBe(`${runId}.xlsx`);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const report = (await (await page.request.get(`${board.url}/runs/${runId}/report.json`)).json()) as { counts: Record<string, number> };
    expect(report.counts).toMatchObject({ items: 8, posted: 6, exceptions: 2, pending: 0 });
    for (const ref of sample.references.slice(0, 6)) expect(await postings(ref), ref).toBe(1);

    // An item's page: its screenshot inline (through the evidence route), its log lines.
    await page.click(`a:text-is("${sample.references[0]}")`);
    const img = page.locator('img.evidence').first();
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 100)).toBe(true);
    expect(await page.textContent('table.log')).toContain('item done');
    await shot(page, 'item');
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('a handler opens a flagged payment, corrects the beneficiary name, resumes it, and it is entered once', { timeout: 45_000 }, async () => {
    const run = paymentRun!;
    // One of the sample's invalid rows has a beneficiary name with a character SEPA does not allow.
    const row = await rowWithEuro(run.file);
    expect(run.invalidRows).toContain(row);
    const reference = run.references[row! - 4]!;
    expect(await postings(reference)).toBe(0);
    const { page, context, dialogs } = await signedIn('handler');
    await page.goto(`${board.url}/inbox?run=${run.runId}`);
    await shot(page, 'inbox');
    expect(await page.locator('table.inbox tbody tr').count()).toBe(2);
    await Promise.all([page.waitForURL(/\/exceptions\/exc-/), page.click(`a:text-is("${reference}")`)]);
    expect(await page.textContent('.reason')).toMatch(/"€" at position \d+ is not in the SEPA character set/);
    expect(await page.textContent('table.source-row')).toContain('€uro');
    // The payment's fields with the bank's labels, the wrong one flagged with its reason; no internal field to edit.
    const flagged = page.locator('form[action$="/resume"] .field.invalid');
    expect(await flagged.count()).toBe(1);
    expect(await flagged.locator('label').textContent()).toMatch(/^Beneficiary name/);
    expect(await flagged.locator('.field-error').textContent()).toMatch(/not in the SEPA character set/);
    for (const internal of ['amountIsNumber', 'source.sha256', 'source.cells', 'rowErrors', 'duplicateOfRow']) {
      expect(await page.locator(`form[action$="/resume"] [name$="${internal}"]`).count(), internal).toBe(0);
    }
    await shot(page, 'exception');

    const field = page.locator('input[name="in.instruction.beneficiaryName"]');
    const wrong = await field.inputValue();
    expect(wrong).toMatch(/ €uro$/);
    await field.fill(wrong.replace(/ €uro$/, ''));
    await page.fill('form[action$="/resume"] input[name=note]', 'name as on the invoice');
    await Promise.all([page.waitForURL(/done=resumed-item/), page.click('form[action$="/resume"] button[type=submit]')]);
    await waitFor(async () => (await postings(reference)) === 1, 'the corrected payment on the target', 20_000);
    const items = await rt.items.findByBusinessKey(reference);
    await waitFor(async () => (await rt.items.get(items[0]!.itemId))?.status === 'done', 'the item done');
    // Resuming it again is refused, and it stays entered once.
    await page.reload();
    expect(await page.locator('form[action$="/resume"]').count()).toBe(0);
    expect(await postings(reference)).toBe(1);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('a compliance hold is recommended by one approver and released by another; the same person cannot do both', { timeout: 30_000 }, async () => {
    const ref = `HOLD-${tag}`;
    const d = await dispatchItem(rt, 'screened-payment', { ref, beneficiary: 'ACME TRADING', amount: '950.00' }, { runId: `run-hold-${tag.toLowerCase()}` });
    const item = await waitFor(async () => {
      const i = await rt.items.get(d.itemId);
      return i?.status === 'exception' && i;
    }, 'the hold');
    const excPath = `/exceptions/${item.exceptionId}`;

    const a = await signedIn('approver');
    await a.page.goto(`${board.url}${excPath}`);
    expect(await a.page.textContent('pre.screening')).toContain('OFAC SDN entry 36216');
    await a.page.fill('form[action$="/recommend"] textarea[name=note]', 'date of birth differs from the listed one');
    await Promise.all([a.page.waitForURL(/done=recommended/), a.page.click('form[action$="/recommend"] button')]);
    expect(await a.page.textContent('.four-eyes')).toContain('You recommended this release: another approver must approve it.');
    expect(await a.page.locator('form[action$="/approve"]').count()).toBe(0);
    // A direct POST, with a valid session and CSRF token, is refused by the store.
    const csrf = await a.page.locator('input[name=_csrf]').first().inputValue();
    const direct = await a.page.request.post(`${board.url}${excPath}/approve`, { form: { _csrf: csrf, note: 'self-approval' } });
    expect(direct.status()).toBe(403);
    expect(await direct.text()).toMatch(/approver recommended this release; a release needs a second, different approver/);
    expect((await rt.exceptions.get(item.exceptionId!)).status).toBe('open');
    expect(released).not.toContain(ref);

    const b = await signedIn('approver2');
    await b.page.goto(`${board.url}${excPath}`);
    expect(await b.page.textContent('.four-eyes')).toContain('Release recommended by approver');
    await Promise.all([b.page.waitForURL(/done=approved/), b.page.click('form[action$="/approve"] button')]);
    await waitFor(() => released.includes(ref), 'the released payment entered');
    expect((await rt.exceptions.get(item.exceptionId!)).approvals.map((x) => `${x.by} ${x.as}`)).toEqual(['approver recommend', 'approver2 approve']);
    expect([...a.dialogs, ...b.dialogs]).toEqual([]);
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it('text with <script>, <img onerror> and javascript: from a document or the target is shown as text, and no script runs', { timeout: 30_000 }, async () => {
    const evilName = `<script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=2;alert(2)">`;
    const runId = `run-xss-${tag.toLowerCase()}`;
    // From the target: an error screen that echoes what it was given.
    const fromTarget = await dispatchItem(rt, 'echo-target', { ref: `XSS-T-${tag}`, name: evilName }, { runId });
    // From a document: a payment row whose cells hold the same, and a javascript: link as its remittance.
    const fromDoc = await dispatchItem(
      rt,
      'payment-entry',
      {
        instruction: { reference: `XSS-D-${tag}`, debitAccount: '1', beneficiaryName: evilName, beneficiaryIban: 'DE89370400440532013000', amount: '1,00', currency: 'EUR', executionDate: '2030-01-07', remittance: 'javascript:window.__xss=3;alert(3)' },
        source: { file: '<b>evil</b>.xlsx', sheet: 'Sheet1', row: 5, cells: { Beneficiary: evilName, Remittance: 'javascript:window.__xss=3' } },
      },
      { runId },
    );
    const excOf = (itemId: string) => waitFor(async () => (await rt.items.get(itemId))?.exceptionId, `the exception of ${itemId}`);
    const [excT, excD] = await Promise.all([excOf(fromTarget.itemId), excOf(fromDoc.itemId)]);

    const { page, context, dialogs } = await signedIn('admin');
    const visit = async (p: string) => {
      await page.goto(`${board.url}${p}`);
      await page.waitForLoadState('load');
      await page.waitForTimeout(100);
    };
    for (const p of [`/inbox?run=${runId}`, `/exceptions/${excT}`, `/exceptions/${excD}`, `/items/${encodeURIComponent(fromTarget.itemId)}`, `/runs/${runId}`, `/search?q=${encodeURIComponent('XSS-')}`]) {
      await visit(p);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), p).toBeUndefined();
      expect(await page.locator('a[href^="javascript:" i]').count(), p).toBe(0);
      expect(await page.locator('main script:not([src="/static/pages.js"]), main img:not(.evidence)').count(), p).toBe(0);
    }
    await visit(`/exceptions/${excT}`);
    expect(await page.textContent('.reason')).toContain(evilName);
    expect(await page.textContent('details')).toContain('javascript:window.__xss=4');
    await visit(`/exceptions/${excD}`);
    expect(await page.textContent('table.source-row')).toContain(evilName);
    expect(await page.locator('input[name="in.instruction.beneficiaryName"]').inputValue()).toBe(evilName);
    expect(await page.locator('input[name="in.instruction.remittance"]').inputValue()).toBe('javascript:window.__xss=3;alert(3)');
    await visit(`/items/${encodeURIComponent(fromTarget.itemId)}`);
    expect(await page.textContent('table.log')).toContain(`the target said: ${evilName}`);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});

/** The row (1-based, as in Excel) of a sample file whose beneficiary holds a character SEPA does not allow. */
async function rowWithEuro(file: string): Promise<number | undefined> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  let found: number | undefined;
  wb.worksheets[0]!.eachRow((row, n) => {
    if (found === undefined && String(row.getCell(3).value ?? '').includes('€')) found = n;
  });
  return found;
}
