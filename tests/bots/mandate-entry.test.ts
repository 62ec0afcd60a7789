/**
 * mandate-entry against the simulator's green-screen register: each mandate entered once, an
 * amendment applied once, a register holding other data is an exception naming the differences, an
 * abend after the commit is not entered twice, wrong data and a sanctioned debtor stop before the host.
 */
import { describe, expect, it } from 'vitest';
import { CollectionLedger } from '../../bots/collection-ledger/index.js';
import { ownKeys } from '../../queue/keys.js';
import { mandateEntry, type MandateEntryInput, type MandateEntryResult } from '../../bots/mandate-entry/index.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { itemStatus } from '../helpers/payment-entry.js';
import { waitFor } from '../helpers/wait.js';

const env = useBankWorker({ bots: [mandateEntry], config: () => ({ bots: { 'mandate-entry': { concurrency: 2, attempts: 4, backoffMs: 100 } } }) });

const CREDITOR = 'DE98ZZZ09999999999';
let n = 0;
function mandate(over: Partial<MandateEntryInput['mandate']> = {}, extra: Partial<MandateEntryInput> = {}): MandateEntryInput {
  n++;
  return {
    mandate: {
      umr: `ME-${process.pid}-${n}`,
      creditorId: 'DE98 ZZZ 0999 9999 999',
      creditorName: 'Stadtwerke Musterstadt GmbH',
      debtorName: 'Jürgen Müller',
      debtorAddress: ['Hauptstraße 1', '12345 Musterstadt'],
      debtorIban: 'DE89 3704 0044 0532 0130 00',
      debtorBic: 'COBADEFFXXX',
      scheme: 'CORE',
      type: 'RCUR',
      signedOn: '2026-11-20',
      signedAt: 'Musterstadt',
      ...over,
    },
    action: 'new',
    source: { file: 'mandates.xlsx', sha256: 'abc', kind: 'sheet', sheet: 'Sheet1', row: n + 1, cells: {} },
    ...extra,
  };
}
const status = (itemId: string) => itemStatus(env.rt, itemId, 'done', 'exception');
const result = (itemId: string) => waitFor(async () => (await env.rt.queue('mandate-entry').getJob(itemId))?.returnvalue as MandateEntryResult | null, 'the result');
interface InspectMandate {
  umr: string;
  iban: string;
  debtorName: string;
  amendments: { changes: { field: string; from: string; to: string }[] }[];
}
const inspect = async (umr: string) => (await fetch(`${env.bank.url}/_inspect/mandates/${CREDITOR}/${encodeURIComponent(umr)}`)).json() as Promise<InspectMandate>;
const addAttempts = async (umr: string) =>
  ((await (await fetch(`${env.bank.url}/_inspect/mandates`)).json()) as { addAttempts: Record<string, number> }).addAttempts[`DE9809999999999|${umr}`] ?? 0;

describe('mandate-entry on the green-screen register', () => {
  it('enters a mandate once, in SEPA characters, with a screenshot of the register; the same mandate again is already entered', async () => {
    const input = mandate();
    const d = await dispatchItem(env.rt, 'mandate-entry', input, { runId: 'me-1' });
    expect(await status(d.itemId)).toBe('done');
    expect(await result(d.itemId)).toMatchObject({ outcome: 'entered', umr: input.mandate.umr, creditorId: CREDITOR, evidence: [expect.stringMatching(/register\.png$/)] });
    expect(await inspect(input.mandate.umr)).toMatchObject({ debtorName: 'Juergen Mueller', iban: 'DE89370400440532013000' });
    // The same mandate again (another file, the same terms) is the same item: nothing is created.
    expect((await dispatchItem(env.rt, 'mandate-entry', input, { runId: 'me-1b' })).created).toBe(false);
    // Spelt differently (umlauts written out, as the register keeps them) it is another item, which finds the mandate entered.
    const again = await dispatchItem(env.rt, 'mandate-entry', { ...input, mandate: { ...input.mandate, debtorName: 'Juergen Mueller' } }, { runId: 'me-1c' });
    expect(again.created).toBe(true);
    expect(await status(again.itemId)).toBe('done');
    expect((await result(again.itemId)).outcome).toBe('already-entered');
    expect(await addAttempts(input.mandate.umr)).toBe(1);
  });

  it('an abend after the register committed: the retry finds the mandate and does not add it again', async () => {
    env.bank.state.settings.faults = { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0, errorAfterPostRate: 1 };
    try {
      const input = mandate();
      const d = await dispatchItem(env.rt, 'mandate-entry', input, { runId: 'me-2' });
      expect(await status(d.itemId)).toBe('done');
      expect((await result(d.itemId)).outcome).toBe('already-entered');
      expect(await addAttempts(input.mandate.umr)).toBe(1);
    } finally {
      env.bank.state.settings.faults = { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0 };
    }
  });

  it('applies an amendment once: only what differs is sent, and the same amendment again changes nothing', async () => {
    const first = mandate();
    expect(await status((await dispatchItem(env.rt, 'mandate-entry', first, { runId: 'me-3' })).itemId)).toBe('done');
    const amended: MandateEntryInput = { ...first, action: 'amendment', mandate: { ...first.mandate, debtorIban: 'DE62 3704 0044 0532 0130 01' } };
    const a = await dispatchItem(env.rt, 'mandate-entry', amended, { runId: 'me-3a' });
    expect(await status(a.itemId)).toBe('done');
    expect(await result(a.itemId)).toMatchObject({ outcome: 'amended', amendment: 1 });
    // The same amendment from another source (spelt differently: another item) finds it applied: nothing is sent.
    const b = await dispatchItem(env.rt, 'mandate-entry', { ...amended, mandate: { ...amended.mandate, debtorName: 'Juergen Mueller' } }, { runId: 'me-3b' });
    expect(b.created).toBe(true);
    expect(await status(b.itemId)).toBe('done');
    expect((await result(b.itemId)).outcome).toBe('already-amended');
    const m = await inspect(first.mandate.umr);
    expect(m.amendments.map((x) => x.changes)).toEqual([[{ field: 'iban', from: 'DE89370400440532013000', to: 'DE62370400440532013001' }]]);
    // The mandate book the collections read: the register's new terms, and the change the next collection reports (same bank: the old IBAN).
    const ledger = new CollectionLedger(env.rt.redis, ownKeys(env.rt.prefix));
    const key = `DE09999999999/${first.mandate.umr}`;
    expect((await ledger.mandates.get(key))?.terms.debtorIban).toBe('DE62370400440532013001');
    expect(await ledger.mandates.pendingAmendment(key)).toEqual({ originalDebtorIban: 'DE89370400440532013000' });
  });

  it('a register holding the key with other data, a wrong creditor id and a sanctioned debtor are exceptions, and nothing is written', async () => {
    const first = mandate();
    expect(await status((await dispatchItem(env.rt, 'mandate-entry', first, { runId: 'me-4' })).itemId)).toBe('done');
    const other = dispatchItem(env.rt, 'mandate-entry', { ...first, mandate: { ...first.mandate, debtorName: 'Someone Else' } }, { runId: 'me-4b' });
    expect(await status((await other).itemId)).toBe('exception');
    const [conflict] = await env.rt.exceptions.list({ runId: 'me-4b' });
    expect(conflict!.error.message).toMatch(/holds mandate .* with other data \(debtor's name\)/);
    expect(conflict!.error.details).toMatchObject({ field: 'debtorName', differences: [{ field: 'debtorName', register: 'Juergen Mueller', mandate: 'Someone Else' }] });

    const wrongId = mandate({ creditorId: 'DE97ZZZ09999999999' });
    expect(await status((await dispatchItem(env.rt, 'mandate-entry', wrongId, { runId: 'me-5' })).itemId)).toBe('exception');
    const [bad] = await env.rt.exceptions.list({ runId: 'me-5' });
    expect(bad!.error.details).toMatchObject({ field: 'creditorId', problem: 'check-digits' });

    const sanctioned = mandate({ debtorName: 'Golden Crescent Trading L.L.C.' });
    expect(await status((await dispatchItem(env.rt, 'mandate-entry', sanctioned, { runId: 'me-6' })).itemId)).toBe('exception');
    const [hold] = await env.rt.exceptions.list({ runId: 'me-6' });
    expect(hold!.type).toBe('compliance');
    expect(hold!.error.details).toMatchObject({ rule: 'sanctions.block' });
    expect(await addAttempts(sanctioned.mandate.umr)).toBe(0);
    expect(await addAttempts(wrongId.mandate.umr)).toBe(0);
  });
});
