import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../bots/kit/browser.js';
import { paymentEntry, type PaymentEntryInput } from '../../bots/payment-entry/index.js';
import { enterPayment, login } from '../../bots/targets/legacy-bank/index.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { entryResult, itemStatus, paymentInstruction } from '../helpers/payment-entry.js';
import { waitFor } from '../helpers/wait.js';

const env = useBankWorker({ bots: [paymentEntry], config: () => ({ bots: { 'payment-entry': { concurrency: 2, attempts: 3, backoffMs: 100 } } }) });

afterEach(() => {
  env.bank.state.settings.faults = { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0 };
});

function instruction(over: Partial<PaymentEntryInput['instruction']> = {}): PaymentEntryInput {
  return {
    instruction: paymentInstruction('E2E', env.bank.state.accounts[0]!.accountNumber, { bic: 'COBADEFFXXX', remittance: 'Invoice 2026-0042', ...over }),
    source: { file: 'payments.xlsx', sha256: 'abc', sheet: 'Sheet1', row: 7, cells: {} },
  };
}
const postings = async (ref: string) => (await env.postingCounts())[ref] ?? 0;
const outcome = (itemId: string) => itemStatus(env.rt, itemId, 'done', 'exception');
const result = (itemId: string) => entryResult(env.rt, itemId);

describe('payment-entry against the simulator', () => {
  it('enters a payment once, with the confirmation number and a screenshot of the result page', async () => {
    const input = instruction();
    const d = await dispatchItem(env.rt, 'payment-entry', input, { runId: 'pe-1' });
    expect(await outcome(d.itemId)).toBe('done');
    const r = await result(d.itemId);
    expect(r).toMatchObject({ outcome: 'posted', amount: '1234.56', currency: 'EUR', reference: input.instruction.reference });
    expect(r.confirmation).toMatch(/\S+/);
    expect(await postings(input.instruction.reference)).toBe(1);
    expect(r.evidence).toEqual([expect.stringMatching(/result\.png$/)]);
    const png = readFileSync(path.join(env.rt.config.dataDir, r.evidence[0]!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('a payment already on the target (posted by hand) is not entered again', async () => {
    const input = instruction();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await login(page, env.bank.url, env.users[1]!);
      await enterPayment(page, env.bank.url, { ...input.instruction, beneficiaryIban: 'DE89370400440532013000', amount: '1234.56' });
    } finally {
      await browser.close();
    }
    const d = await dispatchItem(env.rt, 'payment-entry', input, { runId: 'pe-2' });
    expect(await outcome(d.itemId)).toBe('done');
    expect((await result(d.itemId)).outcome).toBe('already-posted');
    expect(await postings(input.instruction.reference)).toBe(1);
  });

  it('an HTTP 500 after the target committed: the retry finds the posting and does not post twice', async () => {
    env.bank.state.settings.faults = { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0, errorAfterPostRate: 1 };
    const input = instruction();
    const d = await dispatchItem(env.rt, 'payment-entry', input, { runId: 'pe-3' });
    await waitFor(async () => (await postings(input.instruction.reference)) === 1, 'the posting');
    env.bank.state.settings.faults = { latencyMs: 0, errorRate: 0, slowRate: 0, slowMs: 0 };
    expect(await outcome(d.itemId)).toBe('done');
    expect((await result(d.itemId)).outcome).toBe('already-posted');
    expect(await postings(input.instruction.reference)).toBe(1);
  });

  it('an instruction that breaks the banking rules is an exception naming the fields and the source row; nothing is posted', async () => {
    const input = instruction({ beneficiaryIban: 'DE00370400440532013000', amount: '12,345', beneficiaryName: 'Smith €' });
    const d = await dispatchItem(env.rt, 'payment-entry', input, { runId: 'pe-4' });
    expect(await outcome(d.itemId)).toBe('exception');
    const [exc] = await env.rt.exceptions.list({ runId: 'pe-4' });
    expect(exc!.type).toBe('business');
    expect(exc!.reason).toMatch(/^row 7 of payments\.xlsx: /);
    const fields = (exc!.error.details!.problems as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(['amount', 'beneficiaryIban', 'beneficiaryName']);
    expect(exc!.error.details!.source).toEqual({ file: 'payments.xlsx', sheet: 'Sheet1', row: 7 });
    expect(exc!.reason).not.toContain('DE00370400440532013000');
    expect(await postings(input.instruction.reference)).toBe(0);
  });

  it('a reference the target already has for a different payment is an exception, not a silent skip', async () => {
    const first = instruction();
    const d1 = await dispatchItem(env.rt, 'payment-entry', first, { runId: 'pe-5' });
    expect(await outcome(d1.itemId)).toBe('done');
    const clash = { ...instruction(), instruction: { ...first.instruction, endToEndId: undefined, amount: '99,00' } };
    const d2 = await dispatchItem(env.rt, 'payment-entry', clash, { runId: 'pe-5', businessKey: `${first.instruction.reference}-clash` });
    expect(await outcome(d2.itemId)).toBe('exception');
    const excs = await env.rt.exceptions.list({ runId: 'pe-5' });
    expect(excs[0]!.reason).toMatch(/already used on the target by a different payment/);
    expect(await postings(first.instruction.reference)).toBe(1);
  });

  it('a system error after the last attempt: an exception with a screenshot and a Playwright trace as evidence', async () => {
    env.bank.state.settings.faults = { latencyMs: 0, errorRate: 1, slowRate: 0, slowMs: 0 };
    const input = instruction();
    const d = await dispatchItem(env.rt, 'payment-entry', input, { runId: 'pe-6' });
    expect(await outcome(d.itemId)).toBe('exception');
    const [exc] = await env.rt.exceptions.list({ runId: 'pe-6' });
    expect(exc).toMatchObject({ type: 'system', attempt: 3 });
    expect(exc!.error.name).toBe('TargetServerError');
    expect(exc!.evidence.map((e) => e.name).sort()).toEqual(['failure.png', 'trace.zip']);
    const zip = readFileSync(path.join(env.rt.config.dataDir, exc!.evidence.find((e) => e.name === 'trace.zip')!.path));
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(await postings(input.instruction.reference)).toBe(0);
  });
});
