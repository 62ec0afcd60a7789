/** A pain.008 file uploaded to the bank once: searched by message id first, read back, never twice (the bank accepts duplicates). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Money, parseLocalDate } from '../../banking/index.js';
import { writePain008, type Pain008Entry } from '../../banking/pain008/index.js';
import { collectionSubmit, type CollectionSubmitInput, type CollectionSubmitResult } from '../../bots/collection-submit/index.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-collection-submit-'));
const env = useBankWorker({ bots: [collectionSubmit], config: () => ({ bots: { 'collection-submit': { attempts: 4, backoffMs: 100 } } }) });
const creditor = { name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051', creditorId: 'DE98ZZZ09999999999' };

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
    debtorIban: 'DE89370400440532013000',
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
