/** A pain.008 file uploaded to the bank once: searched by message id first, read back, never twice (the bank accepts duplicates). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Money, parseLocalDate } from '../../banking/index.js';
import { writePain008, type Pain008Entry } from '../../banking/pain008/index.js';
import { collectionSubmit, type CollectionSubmitInput, type CollectionSubmitResult } from '../../bots/collection-submit/index.js';
import { launchBrowser } from '../../bots/kit/browser.js';
import { login } from '../../bots/targets/legacy-bank/index.js';
import { parseCamt, parsePain002 } from '../../extractors/formats/index.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-collection-submit-'));
const env = useBankWorker({ bots: [collectionSubmit], config: () => ({ bots: { 'collection-submit': { attempts: 4, backoffMs: 100 } } }) });
const creditor = { name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051', creditorId: 'DE98ZZZ09999999999' };

const DEBTOR_IBANS = ['DE89370400440532013000', 'NL91ABNA0417164300', 'AT611904300234573201', 'FR1420041010050500013M02606', 'ES9121000418450200051332'];

async function collectionFile(messageId: string, n = 5): Promise<CollectionSubmitInput> {
  const entries: Pain008Entry[] = Array.from({ length: n }, (_, i) => ({
    umr: `M-${messageId}-${i}`,
    creditorId: creditor.creditorId,
    amount: Money.of(`${20 + i}.10`, 'EUR'),
    collectionDate: parseLocalDate('2026-12-15', 'd'),
    endToEndId: `${messageId}-${i}`,
    scheme: 'CORE',
    sequenceType: 'RCUR',
    debtorName: `Debtor ${i}`,
    debtorIban: DEBTOR_IBANS[i % DEBTOR_IBANS.length]!,
    mandateSignedOn: '2026-11-02',
    creditor,
  }));
  const file = path.join(dir, `${messageId}.xml`);
  const w = await writePain008(file, entries, { version: 'pain.008.001.02', messageId, createdAt: new Date(), initiatingParty: creditor.name });
  return { file, messageId, sha256: w.sha256, count: w.count, controlSum: w.controlSum };
}

const uploads = async (): Promise<Record<string, number>> => ((await (await fetch(`${env.bank.url}/_inspect/collection-files`)).json()) as { uploads: Record<string, number> }).uploads;

async function finished(itemId: string) {
  return waitFor(async () => {
    const job = await env.rt.queue('collection-submit').getJob(itemId);
    return job?.finishedOn && job;
  }, `item ${itemId}`, 60_000);
}

describe('collection-submit', () => {
  it('uploads a file once, with the bank\'s reference; the same file dispatched again is the same item', async () => {
    const input = await collectionFile('CS-ONCE-1');
    const d = await dispatchItem(env.rt, 'collection-submit', input, { runId: 'collections-test' });
    const job = await finished(d.itemId);
    const r = job.returnvalue as CollectionSubmitResult;
    expect(r).toMatchObject({ outcome: 'submitted', messageId: 'CS-ONCE-1', count: 5, controlSum: '110.50' });
    expect(r.reference).toMatch(/^DDF-\d{6}$/);
    expect((await dispatchItem(env.rt, 'collection-submit', input, { runId: 'collections-test' })).created).toBe(false);
    expect((await uploads())['CS-ONCE-1']).toBe(1);
  });

  it('an HTTP 500 after the bank accepted the file: the retry finds it and does not upload it again', async () => {
    const input = await collectionFile('CS-500-1');
    env.bank.state.settings.faults.errorAfterPostRate = 1;
    try {
      const d = await dispatchItem(env.rt, 'collection-submit', input, { runId: 'collections-test' });
      const job = await finished(d.itemId);
      expect(job.attemptsMade).toBeGreaterThanOrEqual(2);
      expect((job.returnvalue as CollectionSubmitResult).outcome).toBe('already-submitted');
    } finally {
      env.bank.state.settings.faults.errorAfterPostRate = 0;
    }
    expect((await uploads())['CS-500-1']).toBe(1);
  });

  it('a file changed since it was written is not sent: an exception saying so', async () => {
    const input = await collectionFile('CS-CHANGED-1');
    writeFileSync(input.file, '<Document/>');
    const d = await dispatchItem(env.rt, 'collection-submit', input, { runId: 'collections-test' });
    const item = await waitFor(async () => {
      const i = await env.rt.items.get(d.itemId);
      return i?.status === 'exception' && i;
    }, 'the exception');
    const [exception] = await env.rt.exceptions.list({ itemId: item.itemId });
    expect(exception!.reason).toMatch(/changed since it was written/);
    expect((await uploads())['CS-CHANGED-1']).toBeUndefined();
  });
});

describe('the bank\'s answers to a collection file', () => {
  it('settles it: a pain.002 with the rejects and their reasons, a camt.054 with the credits and the returns, read by our readers', async () => {
    const input = await collectionFile('CS-ANSWERS-1');
    const outcomes = env.bank.state.collectionFiles.debtorOutcomes;
    outcomes.set(DEBTOR_IBANS[1]!, 'closed');
    outcomes.set(DEBTOR_IBANS[3]!, 'refuses');
    const d = await dispatchItem(env.rt, 'collection-submit', input, { runId: 'collections-test' });
    const reference = ((await finished(d.itemId)).returnvalue as CollectionSubmitResult).reference;
    const browser = await launchBrowser({ executablePath: env.rt.config.browser.executablePath, headless: true });
    try {
      const page = await (await browser.newContext()).newPage();
      await login(page, env.bank.url, env.users[0]!);
      await page.goto(`${env.bank.url}/collections/answers`);
      expect(await page.textContent('body')).toContain(`${reference}-pain002.xml`);
      const fetchAnswer = async (name: string) => (await page.request.get(`${env.bank.url}/collections/answers/${name}`)).text();
      const status = parsePain002(await fetchAnswer(`${reference}-pain002.xml`), { file: 'pain002.xml' });
      expect(status).toMatchObject({ originalMessageId: 'CS-ANSWERS-1', groupStatus: 'PART' });
      const rejected = status.payments.flatMap((p) => p.transactions.map((t) => [t.originalEndToEndId, t.status, t.reasons[0]?.code]));
      expect(rejected).toEqual([['CS-ANSWERS-1-1', 'RJCT', 'AC04']]);
      const notification = parseCamt(await fetchAnswer(`${reference}-camt054.xml`), { file: 'camt054.xml' });
      if (notification.kind !== 'camt.054') throw new Error(`expected a camt.054, got ${notification.kind}`);
      const entries = notification.reports.flatMap((r) => r.entries);
      // Four settled (credits; the rejected one never was), one of them returned after (a debit with MS02).
      expect(entries.filter((e) => e.amount.isPositive()).map((e) => e.references.endToEndId)).toEqual(['CS-ANSWERS-1-0', 'CS-ANSWERS-1-2', 'CS-ANSWERS-1-3', 'CS-ANSWERS-1-4']);
      const returns = entries.filter((e) => e.amount.isNegative());
      expect(returns.map((e) => [e.references.endToEndId, e.extra?.['RtrInf/Rsn']])).toEqual([['CS-ANSWERS-1-3', 'MS02']]);
    } finally {
      await browser.close();
      outcomes.clear();
    }
  });
});
