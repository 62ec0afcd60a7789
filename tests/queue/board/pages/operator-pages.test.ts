/** The operators' pages over HTTP: dispatch, runs, retry, the item page, evidence, search, pause, cancel and schedules. */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSamplePaymentFile } from '../../../../cli/sample-payment-file.js';
import { paymentBatch } from '../../../../bots/payment-batch/index.js';
import { paymentEntry } from '../../../../bots/payment-entry/index.js';
import { dispatchRun } from '../../../../queue/run-dispatch.js';
import { itemIdFor } from '../../../../queue/item-index.js';
import { waitFor } from '../../../helpers/wait.js';
import { usePagesBoard } from './fixture.js';
import { systemFault, toyIdle, toyPay } from './toy-bots.js';

const board = usePagesBoard({ bots: [toyPay, toyIdle, paymentEntry, paymentBatch], workerBots: ['toy-pay'], config: { bots: { 'toy-pay': { attempts: 1, concurrency: 4 } } } });

const itemOf = (ref: string) => itemIdFor('toy-pay', ref);
const statusOf = async (itemId: string) => (await board.rt.items.get(itemId))?.status;
const auditActions = async () => (await board.audit.list({ page: 1, pageSize: 100 })).entries.map((e) => `${e.actor} ${e.action} ${e.target ?? ''}`);

describe('dispatch', () => {
  it('generates the parameters form from the bot\'s schema and presentation, shows its errors next to the fields, and queues with priority and a start time', async () => {
    const form = await board.get('/dispatch?bot=toy-pay', 'operator');
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/name="in.ref"/);
    expect(form.text).toMatch(/name="in.amount" type="number"/);
    expect(form.text).toMatch(/<select id="f-in-currency" name="in.currency"/);
    // The bot's labels; its provenance is no field to fill in.
    expect(form.text).toMatch(/<label for="f-in-beneficiary">Beneficiary name/);
    expect(form.text).not.toContain('name="in.source');

    const bad = await board.post('/dispatch', 'operator', { bot: 'toy-pay', 'in.ref': '', 'in.beneficiary': 'Jane Doe', 'in.amount': 'abc', priority: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="f-in-amount" name="in.amount" type="number" step="any" value="abc"[^>]*>\s*<span class="field-error" id="f-in-amount-err">not a number</);
    expect(bad.text).toMatch(/<span class="field-error" id="f-in-ref-err">required</);
    expect(bad.text).toMatch(/value="Jane Doe"/);

    const past = await board.post('/dispatch', 'operator', { bot: 'toy-pay', 'in.ref': 'D-1', 'in.beneficiary': 'Jane Doe', 'in.amount': '12.5', priority: '', runAt: '2020-01-01T10:00' });
    expect(past.status).toBe(422);
    expect(past.text).toMatch(/this time has passed/);

    const runAt = new Date(Date.now() + 3 * 3_600_000);
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(runAt).replace(' ', 'T');
    const ok = await board.post('/dispatch', 'operator', { bot: 'toy-pay', 'in.ref': 'D-1', 'in.beneficiary': 'Jane Doe', 'in.amount': '12.5', 'in.currency': 'USD', priority: '10', runAt: local });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/items/${encodeURIComponent(itemOf('D-1'))}?done=dispatched`);
    const job = (await board.rt.queue('toy-pay').getJob(itemOf('D-1')))!;
    expect(job.data.input).toEqual({ ref: 'D-1', beneficiary: 'Jane Doe', amount: 12.5, currency: 'USD' });
    expect(job.opts.priority).toBe(10);
    expect(await job.getState()).toBe('delayed');
    expect(Math.abs(job.timestamp + job.opts.delay! - runAt.getTime())).toBeLessThan(61_000);
    expect(await auditActions()).toContain(`operator dispatch item:${itemOf('D-1')}`);

    const page = await board.get(ok.location!, 'operator');
    expect(page.text).toMatch(/Dispatched\./);
    expect(page.text).toMatch(/job delayed/);
    expect(page.text).toMatch(/priority 10/);

    // Run now (promote), as an operator.
    const now = await board.post(`/items/${encodeURIComponent(itemOf('D-1'))}/retry`, 'operator');
    expect(now.status).toBe(303);
    await waitFor(async () => (await statusOf(itemOf('D-1'))) === 'done', 'the promoted item done');
  });

  it('uploads a payment file as one run, starting at a time; a file that is not one is refused next to the field', async () => {
    const file = path.join(board.rt.config.dataDir, `upload-${board.rt.prefix}.xlsx`);
    await writeSamplePaymentFile(file, { count: 3, debitAccount: 'DE89370400440532013000', executionDate: '2030-01-07', prefix: `U${board.rt.prefix}` });
    const form = new FormData();
    form.set('bot', 'payment-batch');
    form.set('priority', '');
    form.set('runAt', '');
    form.set('file', new File([new Uint8Array((await import('node:fs')).readFileSync(file))], 'payments of <today>.xlsx'));
    const res = await board.postMultipart('/dispatch', 'operator', form);
    expect(res.status).toBe(303);
    const runId = decodeURIComponent(/^\/runs\/([^?]+)/.exec(res.location!)![1]!);
    const page = await board.get(res.location!, 'operator');
    expect(page.text).toContain('payments of _today_.xlsx');
    expect(page.text).toMatch(/0 \/ 3/);
    // The three payments; the run's report item is not one of them.
    expect(await board.rt.runIndex.runCounts(runId)).toMatchObject({ total: 3, parent: 'queued' });
    expect((await auditActions()).some((a) => a.startsWith('operator dispatch run:'))).toBe(true);

    // A report's summary beside it (as a collection cycle writes one) is shown on the run's page, as text; one that is not a summary, not at all.
    const reports = path.join(board.rt.config.dataDir, 'reports');
    mkdirSync(reports, { recursive: true });
    const summary = path.join(reports, `${runId}.summary.json`);
    writeFileSync(summary, JSON.stringify({ lines: ['Total <b>3</b> collections'], tables: [{ caption: 'By state', columns: ['State', 'Count'], rows: [['settled', '2'], ['<script>x</script>', '1']], more: 'and 5 more' }] }));
    const withSummary = await board.get(res.location!, 'operator');
    expect(withSummary.text).toContain('Total &lt;b&gt;3&lt;/b&gt; collections');
    expect(withSummary.text).toMatch(/<caption>By state<\/caption>/);
    expect(withSummary.text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(withSummary.text).toContain('and 5 more');
    writeFileSync(summary, JSON.stringify({ lines: 'not a list' }));
    expect((await board.get(res.location!, 'operator')).text).not.toContain('run-summary');

    const junk = new FormData();
    junk.set('bot', 'payment-batch');
    junk.set('priority', '');
    junk.set('file', new File([new TextEncoder().encode('not a spreadsheet at all')], 'junk.xlsx'));
    const refused = await board.postMultipart('/dispatch', 'operator', junk);
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/class="field invalid"[^]*id="file"/);
    // A refused upload is not kept.
    const uploads = path.join(board.rt.config.dataDir, 'uploads');
    expect(readdirSync(uploads).some((d) => existsSync(path.join(uploads, d, 'junk.xlsx')))).toBe(false);
    expect(readdirSync(uploads).some((d) => existsSync(path.join(uploads, d, 'payments of _today_.xlsx')))).toBe(true);

    // A bank statement is no payment file: refused with what it is and which runs exist.
    const camt = new FormData();
    camt.set('bot', 'payment-batch');
    camt.set('priority', '');
    camt.set('file', new File([new TextEncoder().encode('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>')], 'stmt.xml'));
    const statement = await board.postMultipart('/dispatch', 'operator', camt);
    expect(statement.status).toBe(422);
    expect(statement.text).toContain('the file is a camt.053 bank statement (ISO 20022 XML); the run &quot;payment-batch&quot; (Payment instruction file) takes');
    expect(statement.text).toContain('Runs: payment-batch (payment instruction files');
  });
});

describe('a run and its items', () => {
  const runId = `run-ops-${Date.now().toString(36).replace(/\d/g, 'x')}`;
  const rows = [
    { ref: 'OPS-OK', beneficiary: 'Jane Doe', amount: 10 },
    { ref: 'OPS-BAD', beneficiary: 'BAD Corp', amount: 11 },
    { ref: 'OPS-FLAKY-1', beneficiary: 'FLAKY Ltd', amount: 12 },
    { ref: 'OPS-FLAKY-2', beneficiary: 'FLAKY Ltd', amount: 13 },
    { ref: 'OPS-HOLD', beneficiary: 'HOLD TRADING', amount: 14 },
  ];

  it('shows the run with its items and outcomes, paged and by status, and retries only what the operator may', async () => {
    systemFault.on = true;
    await dispatchRun(board.rt, { runId, parent: { bot: 'toy-pay', input: { ref: `${runId}-parent`, beneficiary: 'Report', amount: 1 } }, children: rows.map((input) => ({ bot: 'toy-pay', input })) });
    await waitFor(async () => (await board.rt.runIndex.runCounts(runId)).exception === 4, 'four exceptions', 20_000);

    const list = await board.get('/runs', 'viewer');
    expect(list.text).toContain(`href="/runs/${runId}"`);
    const page = await board.get(`/runs/${runId}?limit=2`, 'viewer');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/1–2 of 6/);
    const exc = await board.get(`/runs/${runId}?status=exception`, 'viewer');
    for (const ref of ['OPS-BAD', 'OPS-FLAKY-1', 'OPS-FLAKY-2', 'OPS-HOLD']) expect(exc.text).toContain(`>${ref}</a>`);
    expect(exc.text).not.toContain('>OPS-OK</a>');
    // A viewer sees no retry form (and the route refuses them); an operator chooses among the run's error classes.
    expect(exc.text).not.toContain('retry-failed');
    const asOperator = await board.get(`/runs/${runId}`, 'operator');
    expect(asOperator.text).toMatch(/<option value="Error">Error \(2\)<\/option>/);
    expect(asOperator.text).toMatch(/<option value="BusinessRuleError">BusinessRuleError \(1\)<\/option>/);
    expect((await board.post(`/runs/${runId}/retry-failed`, 'viewer')).status).toBe(403);

    // "Retry all failed items" with a message filter: only the system failures match, and an operator may retry those.
    systemFault.on = false;
    const retried = await board.post(`/runs/${runId}/retry-failed`, 'operator', { errorName: '', messageContains: 'CONNECTION RESET' });
    expect(retried.status).toBe(303);
    expect(retried.location).toBe(`/runs/${runId}?done=retried&n=2`);
    await waitFor(async () => (await statusOf(itemOf('OPS-FLAKY-1'))) === 'done' && (await statusOf(itemOf('OPS-FLAKY-2'))) === 'done', 'the retried items done');
    // Without a filter the rest are a business exception and a compliance hold: the store refuses them to an operator.
    const rest = await board.post(`/runs/${runId}/retry-failed`, 'operator', {});
    expect(rest.location).toBe(`/runs/${runId}?done=retried&n=0&refused=2`);
    expect(await statusOf(itemOf('OPS-BAD'))).toBe('exception');
    const audit = (await board.audit.list({ action: 'retry', page: 1, pageSize: 10 })).entries;
    expect(audit.map((e) => e.details)).toContainEqual(expect.objectContaining({ messageContains: 'CONNECTION RESET', retried: 2, refused: 0 }));
  });

  it('the dashboard shows the queues, the hour\'s outcomes and the targets; a finished run has left the runs in progress', async () => {
    const d = await board.get('/', 'viewer');
    expect(d.status).toBe(200);
    expect(d.text).toMatch(/<td>toy-pay <\/td>|<td>toy-pay<!-- -->/);
    expect(d.text).toMatch(/<rect class="done"/);
    expect(d.text).toMatch(/<rect class="exc"/);
    expect(d.text).toMatch(/legacy-bank/);
    expect(d.text).toMatch(/0 of 4 bot accounts/);
    expect(d.text).not.toContain('Pause'); // a viewer may not pause
    const hourly = await board.rt.items.hourly(1);
    expect(hourly[0]!.done).toBeGreaterThanOrEqual(3);
    expect(hourly[0]!.exception).toBeGreaterThanOrEqual(2);
  });

  it('the item page shows status, history, log lines, progress and evidence; the evidence route serves only files under the evidence folder', async () => {
    const id = itemOf('OPS-FLAKY-1');
    const page = await board.get(`/items/${encodeURIComponent(id)}`, 'viewer');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<span class="badge ok">done<\/span>/);
    expect(page.text).toContain('entering OPS-FLAKY-1'); // a log line the bot wrote
    expect(page.text).toContain('connection reset by the target'); // the first attempt's failure, in history and log
    expect(page.text).toMatch(/<progress data-progress="" max="100" value="100">/);
    const img = /<img class="evidence" src="(\/evidence\?file=[^"]+)"/.exec(page.text)?.[1];
    expect(img).toBeDefined();
    const served = await board.request(img!.replace(/&amp;/g, '&'), 'viewer');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    // Evidence is never kept by a browser or a proxy, like the pages.
    expect(served.headers.get('cache-control')).toBe('no-store');
    expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(20);

    // Outside the evidence folder: refused, however it is written.
    const dataDir = board.rt.config.dataDir;
    writeFileSync(path.join(dataDir, `secret-${board.rt.prefix}.txt`), 'not evidence');
    mkdirSync(path.join(dataDir, 'evidence', board.rt.prefix), { recursive: true });
    symlinkSync(path.join(dataDir, `secret-${board.rt.prefix}.txt`), path.join(dataDir, 'evidence', board.rt.prefix, 'link.png'));
    for (const file of [`../secret-${board.rt.prefix}.txt`, `${board.rt.prefix}/../../secret-${board.rt.prefix}.txt`, path.join(dataDir, `secret-${board.rt.prefix}.txt`), `${board.rt.prefix}/link.png`, '', '..%2fsecret', `${board.rt.prefix}\\..\\..\\x`]) {
      const res = await board.get(`/evidence?file=${encodeURIComponent(file)}`, 'admin');
      expect(res.status, file).toBe(404);
      expect(res.text).not.toContain('not evidence');
    }
  });

  it('searches by business key across queues: exactly, by its start, and by id', async () => {
    const exact = await board.get('/search?q=OPS-FLAKY-1', 'viewer');
    expect(exact.text).toMatch(/<h2>Business key OPS-FLAKY-1<\/h2>/);
    expect(exact.text).toContain(`href="/items/${encodeURIComponent(itemOf('OPS-FLAKY-1'))}"`);
    const prefix = await board.get('/search?q=ops-fl', 'viewer');
    expect(prefix.text).toContain('>OPS-FLAKY-1</a>');
    expect(prefix.text).toContain('>OPS-FLAKY-2</a>');
    expect(prefix.text).not.toContain('>OPS-OK</a>');
    const held = await board.get('/search?q=OPS-HOLD', 'viewer');
    expect(held.text).toMatch(/resembles a sanctions list entry/);
    const byRun = await board.get(`/search?q=${runId}`, 'viewer');
    expect(byRun.text).toContain(`This is a run id: <a href="/runs/${runId}">`);
  });
});

describe('queues', () => {
  it('pauses and resumes a queue (audited); an item that has not started can be cancelled; schedules show their next run', async () => {
    expect((await board.post('/queue/toy-idle/pause', 'viewer')).status).toBe(403);
    expect((await board.post('/queue/nope/pause', 'operator')).status).toBe(404);
    const paused = await board.post('/queue/toy-idle/pause', 'operator');
    expect(paused.location).toBe('/?done=paused');
    expect(await board.rt.queue('toy-idle').isPaused()).toBe(true);
    expect((await board.get('/', 'operator')).text).toMatch(/toy-idle <span class="badge warn">paused<\/span>/);
    await board.post('/queue/toy-idle/resume', 'operator');
    expect(await board.rt.queue('toy-idle').isPaused()).toBe(false);
    expect(await auditActions()).toEqual(expect.arrayContaining(['operator pause queue:toy-idle', 'operator resume queue:toy-idle']));

    const d = await board.post('/dispatch', 'operator', { bot: 'toy-idle', 'in.account': 'DE89 3704', 'in.asOf': '2026-11-23', priority: '' });
    const id = itemIdFor('toy-idle', 'DE89 3704@2026-11-23');
    expect(d.location).toBe(`/items/${encodeURIComponent(id)}?done=dispatched`);
    expect((await board.post(`/items/${encodeURIComponent(id)}/cancel`, 'handler', { reason: 'x' })).status).toBe(403);
    const cancelled = await board.post(`/items/${encodeURIComponent(id)}/cancel`, 'operator', { reason: 'sent twice by the customer' });
    expect(cancelled.status).toBe(303);
    expect(await board.rt.queue('toy-idle').getJob(id)).toBeUndefined();
    expect(await board.rt.items.get(id)).toMatchObject({ status: 'cancelled', note: 'cancelled by operator: sent twice by the customer' });
    expect((await board.post(`/items/${encodeURIComponent(id)}/cancel`, 'operator')).status).toBe(409);

    await board.rt.queue('toy-idle').upsertJobScheduler('nightly-balances', { pattern: '0 30 2 * * *', tz: 'Europe/Berlin' }, { name: 'toy-idle', data: {} });
    const s = await board.get('/schedules', 'viewer');
    expect(s.text).toContain('nightly-balances');
    expect(s.text).toContain('cron 0 30 2 * * * (Europe/Berlin)');
    expect(s.text).toMatch(/<time datetime="[^"]+">\d{4}-\d\d-\d\d 02:30:00<\/time>/);
    await board.rt.queue('toy-idle').removeJobScheduler('nightly-balances');
  });

  it('a viewer sees IBANs and account numbers masked on item pages, run pages and search; an operator sees them whole', async () => {
    const iban = 'DE89370400440532013000';
    const d = await board.post('/dispatch', 'operator', { bot: 'toy-idle', 'in.account': iban, 'in.asOf': '2026-11-24', priority: '' });
    expect(d.status).toBe(303);
    const id = itemIdFor('toy-idle', `${iban}@2026-11-24`);
    expect(id).not.toContain('0532013000');
    const asViewer = await board.get(`/items/${encodeURIComponent(id)}`, 'viewer');
    const asOperator = await board.get(`/items/${encodeURIComponent(id)}`, 'operator');
    expect(asViewer.status).toBe(200);
    expect(asViewer.text).not.toContain('0532013000');
    expect(asViewer.text).toContain('DE****3000');
    expect(asOperator.text).toContain(iban);
    const found = await board.get(`/search?q=${encodeURIComponent(iban)}`, 'viewer');
    expect(found.text).not.toMatch(/DE89370400440532013000@/);
    expect(found.text).toContain('DE****3000@2026-11-24');
    const item = await board.rt.items.get(id);
    const run = await board.get(`/runs/${encodeURIComponent(item!.runId)}`, 'viewer');
    expect(run.text).not.toContain('0532013000');
    await board.post(`/items/${encodeURIComponent(id)}/cancel`, 'operator', { reason: 'test done' });
  });
});
