import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBot } from '../../bots/kit/define-bot.js';
import { BusinessRuleError, ComplianceHold } from '../../bots/kit/errors.js';
import { decideException } from '../../queue/decisions.js';
import { releasedRulesOf } from '../../queue/item-data.js';
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
// A target of its own, in memory: what it holds under each reference.
const onTarget = new Map<string, string>();
const posting = defineBot({
  name: 'posts-once',
  input: z.object({ ref: z.string(), amount: z.string() }),
  key: (i) => i.ref,
  target: 'toy-target',
  run: async (i, ctx) => {
    if (!/^\d+\.\d\d$/.test(i.amount)) throw new BusinessRuleError(`amount ${i.amount} is not an amount`, { field: 'amount' });
    const find = async () => (onTarget.has(i.ref) ? { confirmation: onTarget.get(i.ref)! } : null);
    return ctx.postOnce({ check: find, write: async () => (onTarget.set(i.ref, `C-${i.ref}`), { confirmation: `C-${i.ref}` }), readBack: find });
  },
});
const rt = testRuntime({ bots: [bot, posting], config: testConfig({ bots: { decided: { attempts: 2, backoffMs: 20 } } }) });
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

  it('after an edit and resume that changed the reference, postOnce still journals the item\'s business key', async () => {
    const d = await dispatchItem(rt, 'posts-once', { ref: 'PO-1', amount: '12,50' }, { runId: 'dec-po' });
    const exc = await openException('dec-po');
    await decideException(rt, exc.id, 'resume', handler('handler-1'), { editedInput: { ref: 'PO-1-CORRECTED', amount: '12.50' } });
    await itemStatus(d.itemId, 'done');
    expect(onTarget.has('PO-1-CORRECTED')).toBe(true);
    expect(await rt.postings.state('toy-target', 'PO-1')).toMatchObject({ itemId: d.itemId });
    expect(await rt.postings.state('toy-target', 'PO-1-CORRECTED')).toEqual({});
    // The decision wrote its own audit entries: the edit with the fields it changed, then the decision.
    const edit = (await rt.audit.list({ target: `item:${d.itemId}`, action: 'edit' })).entries;
    expect(edit.map((e) => e.details)).toEqual([{ exceptionId: exc.id, fields: ['amount', 'ref'] }]);
    const decision = (await rt.audit.list({ target: `exception:${exc.id}`, action: 'decision' })).entries;
    expect(decision.map((e) => [e.actor, e.details])).toEqual([['handler-1', { decision: 'resume', note: null, roles: ['handler'], via: 'api', edited: true, status: 'resumed' }]]);
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
    expect(job.data.released).toEqual([{ rule: 'sanctions.ofac', exceptionId: exc.id, approvedBy: ['officer-a', 'officer-b'], inputDigest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('a compliance hold is never resumed, by any role, with or without corrected data; it stays held and nothing runs', async () => {
    const d = await dispatchItem(rt, 'decided', { ref: 'R5', iban: 'DE89370400440532013000', beneficiary: 'ACME TRADING' }, { runId: 'dec-5' });
    const exc = await openException('dec-5');
    const before = runs.filter((r) => r === 'R5').length;
    const renamed = { ref: 'R5', iban: 'DE89370400440532013000', beneficiary: 'Acme Bakery' };
    for (const roles of [['viewer'], ['operator'], ['handler'], ['approver'], ['admin'], ['handler', 'approver', 'operator', 'admin']]) {
      for (const editedInput of [undefined, renamed]) {
        await expect(decideException(rt, exc.id, 'resume', { username: `u-${roles.join('-')}`, roles }, { editedInput })).rejects.toThrow(/compliance hold: it cannot be resumed/);
      }
    }
    expect(await rt.exceptions.get(exc.id)).toMatchObject({ status: 'open', approvals: [] });
    expect(await (await rt.queue('decided').getJob(d.itemId))!.getState()).toBe('failed');
    expect(runs.filter((r) => r === 'R5').length).toBe(before);
  });

  it('corrected data go with the recommendation; the approver approves them as they are; the item is screened again on them', async () => {
    const d = await dispatchItem(rt, 'decided', { ref: 'R6', iban: 'DE89370400440532013000', beneficiary: 'ACME TRADING' }, { runId: 'dec-6' });
    const exc = await openException('dec-6');
    // The recommender proposes a name that is itself held: once approved, the item is screened again and held again.
    const stillHeld = { ref: 'R6', iban: 'DE89370400440532013000', beneficiary: 'ACME TRADING' };
    await expect(decideException(rt, exc.id, 'recommend', handler('h-6'), { editedInput: { ref: 'R6', iban: 7 } })).rejects.toThrow(/does not match the decided schema/);
    await decideException(rt, exc.id, 'recommend', handler('h-6'), { editedInput: stillHeld });
    // The approver cannot swap in other data.
    await expect(decideException(rt, exc.id, 'approve', approver('a-6'), { editedInput: { ...stillHeld, beneficiary: 'Someone Else' } })).rejects.toThrow(/must approve the data h-6 recommended, unchanged/);
    const approved = await decideException(rt, exc.id, 'approve', approver('a-6'));
    expect(approved.decision).toMatchObject({ decision: 'approve', by: 'a-6', editedInput: stillHeld });
    // Screened again on the approved data, and held again: a new exception, the item not posted.
    const again = await waitFor(async () => (await rt.exceptions.list({ runId: 'dec-6', status: 'open' }))[0], 'the hold again');
    expect(again.id).not.toBe(exc.id);
    expect(again.type).toBe('compliance');
    const job = (await rt.queue('decided').getJob(d.itemId))!;
    expect(job.data.released ?? []).toEqual([]);
    // This time the recommender proposes a different beneficiary: approved, screened again, it passes and is posted once.
    const clean = { ...stillHeld, beneficiary: 'Acme Bakery' };
    await decideException(rt, again.id, 'recommend', handler('h-6'), { editedInput: clean, note: 'the customer confirmed the bakery' });
    await decideException(rt, again.id, 'approve', approver('a-7'));
    await itemStatus(d.itemId, 'done');
    expect(await returned(d.itemId)).toBe('posted R6 (attempt 1)');
    expect((await rt.queue('decided').getJob(d.itemId))!.data.input).toEqual(clean);
  });

  it('a release covers the data its approvers saw: a later edit of the item brings the hold back', async () => {
    const d = await dispatchItem(rt, 'decided', { ref: 'R7', iban: 'XX00', beneficiary: 'ACME TRADING' }, { runId: 'dec-7' });
    // First a business exception (bad IBAN), corrected and resumed: then the hold.
    const first = await openException('dec-7');
    expect(first.type).toBe('business');
    await decideException(rt, first.id, 'resume', handler('h-7'), { editedInput: { ref: 'R7', iban: 'DE89370400440532013000', beneficiary: 'ACME TRADING' } });
    const hold = await waitFor(async () => (await rt.exceptions.list({ runId: 'dec-7', status: 'open', type: 'compliance' }))[0], 'the hold');
    await decideException(rt, hold.id, 'recommend', approver('a-8'));
    await decideException(rt, hold.id, 'approve', approver('a-9'));
    await itemStatus(d.itemId, 'done');
    const job = (await rt.queue('decided').getJob(d.itemId))!;
    // Were the item's data changed now, the release would no longer apply.
    expect(releasedRulesOf(job.data)).toEqual(['sanctions.ofac']);
    expect(releasedRulesOf({ ...job.data, input: { ref: 'R7', iban: 'DE89370400440532013000', beneficiary: 'ACME TRADING CORP' } })).toEqual([]);
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
