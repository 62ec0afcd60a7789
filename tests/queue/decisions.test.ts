import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBot } from '../../bots/kit/define-bot.js';
import { BusinessRuleError, ComplianceHold } from '../../bots/kit/errors.js';
import { decideException } from '../../queue/decisions.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';

let systemDown = true;
const runs: string[] = [];
const bot = defineBot({
  name: 'decided',
  input: z.object({ ref: z.string(), iban: z.string(), beneficiary: z.string() }),
  key: (i) => i.ref,
  run: async (i, ctx) => {
    runs.push(i.ref);
    if (!i.iban.startsWith('DE')) throw new BusinessRuleError(`IBAN country not allowed for ${i.ref}`);
    if (i.beneficiary === 'ACME TRADING' && !ctx.item.releasedRules.includes('sanctions.ofac')) {
      throw new ComplianceHold('beneficiary resembles an SDN entry', 'sanctions.ofac', { score: 0.91 });
    }
    if (i.beneficiary === 'FLAKY' && systemDown) throw new Error('connection reset');
    return `posted ${i.ref} (attempt ${ctx.item.attempt})`;
  },
});
const rt = testRuntime({ bots: [bot], config: testConfig({ bots: { decided: { attempts: 2, backoffMs: 20 } } }) });
const host = new WorkerHost(rt);
beforeAll(() => host.start());
afterAll(async () => {
  await host.shutdown(1_000);
  await rt.close();
});

const handler = (username: string) => ({ username, roles: ['handler'] });
const approver = (username: string) => ({ username, roles: ['approver'] });
const openException = (runId: string) => waitFor(() => rt.exceptions.list({ runId, status: 'open' }).then((l) => l[0]), `open exception in ${runId}`);
const itemStatus = (itemId: string, status: string) => waitFor(async () => (await rt.items.get(itemId))?.status === status, `item ${status}`);
const returned = async (itemId: string) =>
  waitFor(async () => (await rt.queue('decided').getJob(itemId))?.returnvalue as string | null, 'the return value');

describe('decisions on exceptions, carried out on the items', () => {
  it('edit and resume: the item runs again with the corrected input and fresh attempts', async () => {
    const d = await dispatchItem(rt, 'decided', { ref: 'R1', iban: 'XX00', beneficiary: 'Jane' }, { runId: 'dec-1' });
    const exc = await openException('dec-1');
    const decided = await decideException(rt, exc.id, 'resume', handler('handler-1'), { editedInput: { ref: 'R1', iban: 'DE89370400440532013000', beneficiary: 'Jane' }, note: 'IBAN from the mandate form' });
    expect(decided).toMatchObject({ status: 'resumed', decision: { by: 'handler-1', note: 'IBAN from the mandate form' } });
    await itemStatus(d.itemId, 'done');
    expect(await returned(d.itemId)).toBe('posted R1 (attempt 1)');
    expect(d.businessKey).toBe('R1');
  });

  it('reject: the item is closed and does not run again', async () => {
    const d = await dispatchItem(rt, 'decided', { ref: 'R2', iban: 'XX00', beneficiary: 'Jim' }, { runId: 'dec-2' });
    const exc = await openException('dec-2');
    const before = runs.filter((r) => r === 'R2').length;
    await decideException(rt, exc.id, 'reject', handler('handler-2'), { note: 'customer withdrew the instruction' });
    await itemStatus(d.itemId, 'rejected');
    expect(await (await rt.queue('decided').getJob(d.itemId))!.getState()).toBe('failed');
    expect(runs.filter((r) => r === 'R2').length).toBe(before);
  });

  it('a compliance hold is released only by two different approvers, then the item completes without the same hold', async () => {
    const d = await dispatchItem(rt, 'decided', { ref: 'R3', iban: 'DE89370400440532013000', beneficiary: 'ACME TRADING' }, { runId: 'dec-3' });
    const exc = await openException('dec-3');
    expect(exc).toMatchObject({ type: 'compliance', error: { details: { rule: 'sanctions.ofac', score: 0.91 } } });
    await expect(decideException(rt, exc.id, 'approve', approver('officer-a'))).rejects.toThrow(/only after someone has recommended it/);
    const first = await decideException(rt, exc.id, 'recommend', approver('officer-a'));
    expect(first.status).toBe('open');
    expect(await (await rt.queue('decided').getJob(d.itemId))!.getState()).toBe('failed');
    await expect(decideException(rt, exc.id, 'approve', approver('officer-a'))).rejects.toThrow(/second, different approver/);
    await expect(decideException(rt, exc.id, 'approve', handler('officer-c'))).rejects.toThrow(/needs the role approver/);
    await decideException(rt, exc.id, 'approve', approver('officer-b'));
    await itemStatus(d.itemId, 'done');
    expect(await returned(d.itemId)).toBe('posted R3 (attempt 1)');
    const job = (await rt.queue('decided').getJob(d.itemId))!;
    expect(job.data.released).toEqual([{ rule: 'sanctions.ofac', exceptionId: exc.id, approvedBy: ['officer-a', 'officer-b'] }]);
  });

  it('a system failure after the last attempt can be resumed once the cause is fixed', async () => {
    const d = await dispatchItem(rt, 'decided', { ref: 'R4', iban: 'DE89370400440532013000', beneficiary: 'FLAKY' }, { runId: 'dec-4' });
    const exc = await openException('dec-4');
    expect(exc).toMatchObject({ type: 'system', attempt: 2, reason: 'connection reset' });
    systemDown = false;
    await decideException(rt, exc.id, 'resume', { username: 'operator-1', roles: ['operator'] });
    await itemStatus(d.itemId, 'done');
    expect((await rt.items.findByBusinessKey('R4'))[0]).toMatchObject({ status: 'done' });
    expect((await rt.exceptions.list({ itemId: d.itemId })).map((e) => e.status)).toEqual(['resumed']);
  });
});
