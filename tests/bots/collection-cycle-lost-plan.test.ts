/**
 * A cycle whose ledger lost a collection its plan item planned (Redis lost the ledger's write and kept
 * the item's outcome: a failover in the instant between them). The cycle plans it again from the
 * item's result, says so in the collection's history, and sends a file with every claim; before, it
 * stopped on a TypeError and sent nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, businessDayOnOrAfter, checkMandateTerms, mandateKey, todayIn, type LocalDate } from '../../banking/index.js';
import { collectionCycle, collectionPlan, type CollectionCycleResult } from '../../bots/collection-cycle/index.js';
import { CollectionLedger } from '../../bots/collection-ledger/index.js';
import { ownKeys } from '../../queue/keys.js';
import { dispatchFile } from '../../queue/run-sources.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { waitFor } from '../helpers/wait.js';

const CREDITOR = { id: 'DE98ZZZ09999999999', name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051' };
const env = useBankWorker({ bots: [collectionPlan, collectionCycle], config: () => ({ directDebits: { creditors: [CREDITOR] } }) });
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-dd-lost-'));

describe('a collection the ledger lost after its plan item ended', () => {
  it('is planned again from the item, and the file holds every claim', async () => {
    const ledger = new CollectionLedger(env.rt.redis, ownKeys(env.rt.prefix));
    const umrs = ['LOST-1', 'LOST-2', 'LOST-3'];
    for (const [k, umr] of umrs.entries()) {
      const terms = checkMandateTerms(
        { umr, creditorId: CREDITOR.id, creditorName: CREDITOR.name, debtorName: `Debtor ${k}`, debtorAddress: [], debtorIban: 'DE89370400440532013000', scheme: 'CORE', type: 'recurrent', signedOn: '2026-10-01', signedAt: 'Berlin' },
        { today: '2026-12-01' as LocalDate },
      );
      await ledger.mandates.record(mandateKey(terms), terms, 'test');
    }
    const today = todayIn(env.rt.config.banking.timeZone, new Date());
    const de = (iso: string) => iso.split('-').reverse().join('.');
    const date = businessDayOnOrAfter(addDays(today, 20));
    const file = path.join(dir, 'claims.csv');
    writeFileSync(file, ['Mandate reference;Amount;Collection date;Pre-notification date', ...umrs.map((u, k) => `${u};${k + 10},50;${de(date)};${de(addDays(today, -1))}`)].join('\n') + '\n');

    // The cycle's parent held back until the claims are planned; then one collection's record is lost.
    const cycles = env.rt.queue('collection-cycle');
    await cycles.pause();
    const run = await dispatchFile(env.rt, 'collection-cycle', file);
    await waitFor(async () => (await env.rt.runIndex.runCounts(run.runId)).done === umrs.length || undefined, 'the claims planned');
    const planned = await ledger.ofRun(run.runId);
    expect(planned).toHaveLength(3);
    const lost = planned[1]!;
    await env.rt.redis.multi().del(`${env.rt.prefix}:_dd:collection:${lost.endToEndId}`).srem(`${env.rt.prefix}:_dd:run:${run.runId}`, lost.endToEndId).exec();
    expect(await ledger.get(lost.endToEndId)).toBeNull();
    await cycles.resume();

    const result = (await waitFor(async () => (await cycles.getJob(run.runId))?.returnvalue, 'the cycle', 60_000)) as CollectionCycleResult;
    expect(result.file?.count).toBe(3);
    expect(env.bank.state.collectionFiles.byMessageId(run.runId)).toHaveLength(1);
    const again = (await ledger.get(lost.endToEndId))!;
    expect(again).toMatchObject({ umr: lost.umr, amount: lost.amount, collectionDate: lost.collectionDate, sequenceType: lost.sequenceType, mandateKey: lost.mandateKey, state: 'submitted' });
    expect(again.history[0]!.source).toMatch(/planned again from its plan item, after Redis lost the ledger's record/);
    expect((await ledger.ofRun(run.runId)).map((c) => c.state)).toEqual(['submitted', 'submitted', 'submitted']);
  });
});
