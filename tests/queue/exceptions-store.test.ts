import { afterAll, describe, expect, it } from 'vitest';
import type { NewException } from '../../queue/exceptions-store.js';
import { testRuntime } from '../helpers/runtime.js';

const rt = testRuntime({ bots: [] });
const handler = (username: string) => ({ username, roles: ['handler'] });
afterAll(() => rt.close());

const exc = (over: Partial<NewException>): NewException => ({
  type: 'business',
  reason: 'bad IBAN',
  error: { name: 'BusinessRuleError', message: 'bad IBAN' },
  bot: 'payment-entry',
  itemId: 'item-1',
  runId: 'run-a',
  businessKey: 'E2E-1',
  attempt: 1,
  evidence: [],
  ...over,
});

describe('exceptions store', () => {
  it('opens, gets and lists exceptions filtered by status, type and run, newest first', async () => {
    const s = rt.exceptions;
    const a = await s.open(exc({ itemId: 'i-a', runId: 'run-a' }));
    const b = await s.open(exc({ itemId: 'i-b', runId: 'run-a', type: 'system' }));
    const c = await s.open(exc({ itemId: 'i-c', runId: 'run-b', type: 'compliance' }));
    expect(await s.get(a.id)).toEqual(a);
    expect((await s.list()).map((e) => e.id)).toEqual([c.id, b.id, a.id]);
    expect((await s.list({ runId: 'run-a' })).map((e) => e.id)).toEqual([b.id, a.id]);
    expect((await s.list({ type: 'compliance' })).map((e) => e.id)).toEqual([c.id]);
    expect((await s.list({ runId: 'run-a', type: 'system' })).map((e) => e.id)).toEqual([b.id]);
    await s.decide(a.id, 'reject', handler('carol'), { note: 'customer cancelled' });
    expect((await s.list({ status: 'open', runId: 'run-a' })).map((e) => e.id)).toEqual([b.id]);
    expect((await s.list({ status: 'rejected' })).map((e) => e.id)).toEqual([a.id]);
  });

  it('records who decided and when; a decided exception cannot be decided again', async () => {
    const s = rt.exceptions;
    const e = await s.open(exc({ itemId: 'i-d' }));
    const before = Date.now();
    const d = await s.decide(e.id, 'resume', handler('dave'), { editedInput: { iban: 'corrected' } });
    expect(d.status).toBe('resumed');
    expect(d.decision).toMatchObject({ decision: 'resume', by: 'dave', editedInput: { iban: 'corrected' } });
    expect(Date.parse(d.decision!.at)).toBeGreaterThanOrEqual(before - 1000);
    await expect(s.decide(e.id, 'reject', handler('erin'), { note: 'no' })).rejects.toThrow(/already resumed by dave/);
    await expect(s.decide('exc-nope', 'reject', handler('erin'), { note: 'no' })).rejects.toThrow(/does not exist/);
  });

  it('keeps one open exception per item; after a decision a new one can open', async () => {
    const s = rt.exceptions;
    const first = await s.open(exc({ itemId: 'i-e' }));
    const again = await s.open(exc({ itemId: 'i-e', reason: 'again' }));
    expect(again.id).toBe(first.id);
    await s.decide(first.id, 'resume', handler('frank'));
    const next = await s.open(exc({ itemId: 'i-e', reason: 'failed after resume' }));
    expect(next.id).not.toBe(first.id);
    expect((await s.list({ itemId: 'i-e' })).map((x) => x.reason)).toEqual(['failed after resume', 'bad IBAN']);
  });

  it('two concurrent decisions: exactly one wins', async () => {
    const s = rt.exceptions;
    const e = await s.open(exc({ itemId: 'i-f' }));
    const results = await Promise.allSettled([s.decide(e.id, 'reject', handler('gina'), { note: 'duplicate' }), s.decide(e.id, 'resume', handler('hank'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
