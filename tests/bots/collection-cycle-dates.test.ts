/**
 * A cycle whose file leaves after the bank's cut-off moved on since its claims were planned: the
 * collection dates are checked again before the file is written: moved forward (and said so in the
 * report), or, when the bank refuses late dates, nothing sent and an exception naming them.
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
const env = useBankWorker({ bots: [collectionPlan, collectionCycle], config: () => ({ directDebits: { creditors: [CREDITOR], leadDays: 1 } }) });
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-dd-dates-'));

async function planThenSendLate(name: string, onLate: 'roll-forward' | 'reject') {
  const ledger = new CollectionLedger(env.rt.redis, ownKeys(env.rt.prefix));
  const umr = `DATES-${name}`;
  const terms = checkMandateTerms(
    { umr, creditorId: CREDITOR.id, creditorName: CREDITOR.name, debtorName: 'Anna Beispiel', debtorAddress: [], debtorIban: 'DE89370400440532013000', scheme: 'CORE', type: 'recurrent', signedOn: '2026-10-01', signedAt: 'Berlin' },
    { today: '2026-12-01' as LocalDate },
  );
  await ledger.mandates.record(mandateKey(terms), terms, 'test');
  const config = env.rt.config.directDebits;
  config.leadDays = 1;
  config.onLateCollectionDate = onLate;
  // The first date allowed now, at D-1.
  const today = todayIn(env.rt.config.banking.timeZone, new Date());
  const date = businessDayOnOrAfter(addDays(today, 3));
  const file = path.join(dir, `${name}.csv`);
  const de = (iso: string) => iso.split('-').reverse().join('.');
  // The debtor was told in time (14 days before).
  writeFileSync(file, `Mandate reference;Amount;Collection date;Pre-notification date\n${umr};49,90;${de(date)};${de(addDays(today, -12))}\n`);
  // The cycle's parent held back until the claim is planned; then the bank asks for ten days' lead.
  const cycles = env.rt.queue('collection-cycle');
  await cycles.pause();
  const run = await dispatchFile(env.rt, 'collection-cycle', file);
  await waitFor(async () => (await env.rt.runIndex.runCounts(run.runId)).done === 1 || undefined, 'the claim planned');
  config.leadDays = 10;
  await cycles.resume();
  return { run, date };
}

describe('collection dates at sending', () => {
  it('moves a date the cut-off overtook to the first one allowed now, and says so', async () => {
    const { run, date } = await planThenSendLate('roll', 'roll-forward');
    const result = (await waitFor(async () => (await env.rt.queue('collection-cycle').getJob(run.runId))?.returnvalue, 'the cycle')) as CollectionCycleResult;
    expect(result.rolled).toHaveLength(1);
    expect(result.rolled[0]).toMatchObject({ requested: date, reason: expect.stringMatching(/cut-off passed between planning and sending/) });
    expect(result.rolled[0]!.collectionDate > date).toBe(true);
    expect(result.file?.blocks[0]?.collectionDate).toBe(result.rolled[0]!.collectionDate);
  });

  it('refuses to send it when the bank refuses late dates: an exception naming the collection, nothing uploaded', async () => {
    const { run } = await planThenSendLate('reject', 'reject');
    await waitFor(async () => (await env.rt.items.get(run.runId))?.status === 'exception' || undefined, 'the exception');
    const [exception] = await env.rt.exceptions.list({ itemId: run.runId });
    expect(exception!.reason).toMatch(/cut-off passed since these claims were planned: 1 collection\(s\) are due before/);
    expect(env.bank.state.collectionFiles.byMessageId(run.runId)).toHaveLength(0);
  });
});
