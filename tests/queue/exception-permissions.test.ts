/** The exceptions store enforces who may do what (roles, four eyes, reasons), whoever calls it; and its inbox query. */
import { afterAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../cli/commands/exceptions.js';
import type { Actor } from '../../queue/actor.js';
import type { NewException } from '../../queue/exceptions-store.js';
import { testRuntime } from '../helpers/runtime.js';

const rt = testRuntime({ bots: [] });
afterAll(() => rt.close());
const s = rt.exceptions;

const as = (username: string, ...roles: string[]): Actor => ({ username, roles });
let n = 0;
const open = (over: Partial<NewException> = {}) =>
  s.open({
    type: 'business',
    reason: 'bad IBAN',
    error: { name: 'BusinessRuleError', message: 'bad IBAN' },
    bot: 'payment-entry',
    itemId: `item-${++n}`,
    runId: 'run-perm',
    businessKey: `K-${n}`,
    attempt: 1,
    evidence: [],
    ...over,
  });

describe('roles, enforced by the store', () => {
  it('refuses decisions to users without the role, and lets operators retry only system failures', async () => {
    const business = await open();
    await expect(s.decide(business.id, 'resume', as('vic', 'viewer'))).rejects.toThrow(/vic \(roles: viewer\) may not resume business exception .* needs the role handler or approver/);
    await expect(s.decide(business.id, 'resume', as('olga', 'operator'))).rejects.toThrow(/may not resume/);
    await expect(s.decide(business.id, 'reject', as('olga', 'operator'), { note: 'x' })).rejects.toThrow(/may not reject/);
    const system = await open({ type: 'system', error: { name: 'Error', message: 'timeout' } });
    expect((await s.decide(system.id, 'resume', as('olga', 'operator'))).status).toBe('resumed');
    expect((await s.decide(business.id, 'resume', as('root', 'admin'))).decision).toMatchObject({ by: 'root' });
  });

  it('a compliance release: recommended by a handler or approver, approved by a different approver', async () => {
    const hold = await open({ type: 'compliance', error: { name: 'ComplianceHold', message: 'hit', details: { rule: 'sanctions.ofac' } } });
    expect(hold.severity).toBe('high');
    await expect(s.decide(hold.id, 'approve', as('anna', 'approver'))).rejects.toThrow(/only after someone has recommended/);
    await expect(s.decide(hold.id, 'recommend', as('olga', 'operator'))).rejects.toThrow(/may not recommend/);
    const rec = await s.decide(hold.id, 'recommend', as('hank', 'handler'), { note: 'other DOB' });
    expect(rec).toMatchObject({ status: 'open', approvals: [{ by: 'hank', as: 'recommend', note: 'other DOB' }] });
    await expect(s.decide(hold.id, 'recommend', as('anna', 'approver'))).rejects.toThrow(/hank has already recommended/);
    await expect(s.decide(hold.id, 'approve', as('hank', 'handler', 'approver'))).rejects.toThrow(/hank recommended this release; a release needs a second, different approver/);
    await expect(s.decide(hold.id, 'approve', as('hera', 'handler'))).rejects.toThrow(/needs the role approver/);
    const done = await s.decide(hold.id, 'approve', as('anna', 'approver'));
    expect(done).toMatchObject({ status: 'approved', decision: { decision: 'approve', by: 'anna' } });
    expect(done.history?.map((h) => `${h.by} ${h.action}`)).toEqual(['hank recommend', 'anna approve']);
    // Recommending is only for compliance holds.
    await expect(s.decide((await open()).id, 'recommend', as('hank', 'handler'))).rejects.toThrow(/only compliance holds are recommended/);
  });

  it('reject needs a reason; assign is to oneself; a comment needs text; all kept in the history', async () => {
    const e = await open();
    await expect(s.decide(e.id, 'reject', as('hank', 'handler'))).rejects.toThrow(/a rejection needs a reason/);
    await expect(s.assign(e.id, as('hank', 'handler'), 'hera')).rejects.toThrow(/only to themselves/);
    await expect(s.assign(e.id, as('olga', 'operator'), 'olga')).rejects.toThrow(/may not assign/);
    await s.assign(e.id, as('hank', 'handler'), 'hank');
    await expect(s.assign(e.id, as('hera', 'handler'), null)).rejects.toThrow(/assigned to hank/);
    await s.assign(e.id, as('hera', 'handler'), 'hera');
    expect((await s.page({ assignee: 'hera', runId: 'run-perm' })).rows.map((x) => x.id)).toEqual([e.id]);
    expect((await s.page({ assignee: 'hank', runId: 'run-perm' })).rows).toEqual([]);
    await expect(s.comment(e.id, as('vic', 'viewer'), 'hi')).rejects.toThrow(/may not comment/);
    await expect(s.comment(e.id, as('olga', 'operator'), '  ')).rejects.toThrow(/needs some text/);
    await s.comment(e.id, as('olga', 'operator'), 'customer called');
    const done = await s.decide(e.id, 'reject', as('hera', 'handler'), { note: 'withdrawn' });
    expect(done.history?.map((h) => `${h.by} ${h.action}${h.note ? `: ${h.note}` : ''}`)).toEqual(['hank assign', 'hera assign', 'olga comment: customer called', 'hera reject: withdrawn']);
    await expect(s.assign(e.id, as('hank', 'handler'), 'hank')).rejects.toThrow(/already rejected/);
  });
});

describe('the inbox query', () => {
  it('pages and filters in Redis: status, type, severity, run, age; oldest or newest first; errors of a run counted while open', async () => {
    const run = 'run-inbox-store';
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await open({
          runId: run,
          type: i % 2 ? 'system' : 'business',
          error: { name: i % 2 ? 'TimeoutError' : 'BusinessRuleError', message: 'x', details: i === 6 ? { severity: 'critical' } : undefined },
        }),
      );
    }
    const ids = made.map((e) => e.id);
    const p1 = await s.page({ runId: run, limit: 3 });
    expect(p1.total).toBe(7);
    expect(p1.rows.map((e) => e.id)).toEqual(ids.slice(0, 3));
    expect((await s.page({ runId: run, limit: 3, offset: 6 })).rows.map((e) => e.id)).toEqual(ids.slice(6));
    expect((await s.page({ runId: run, order: 'newest', limit: 2 })).rows.map((e) => e.id)).toEqual([ids[6], ids[5]]);
    expect((await s.page({ runId: run, type: 'system' })).rows.map((e) => e.id)).toEqual([ids[1], ids[3], ids[5]]);
    expect((await s.page({ runId: run, severity: 'critical' })).rows.map((e) => e.id)).toEqual([ids[6]]);
    expect((await s.page({ runId: run, olderThanMs: 60_000 })).total).toBe(0);
    expect((await s.page({ runId: run, newerThanMs: 60_000 })).total).toBe(7);
    expect(await s.openErrorsOfRun(run)).toEqual([
      { name: 'BusinessRuleError', count: 4 },
      { name: 'TimeoutError', count: 3 },
    ]);
    await s.decide(ids[1]!, 'resume', as('olga', 'operator'));
    expect(await s.openErrorsOfRun(run)).toEqual([
      { name: 'BusinessRuleError', count: 4 },
      { name: 'TimeoutError', count: 2 },
    ]);
    expect((await s.page({ runId: run })).total).toBe(6);
    expect((await s.page({ runId: run, status: 'resumed' })).rows.map((e) => e.id)).toEqual([ids[1]]);
    expect(await s.openIdsOfRun(run, 0, 100)).toEqual(ids.filter((_, i) => i !== 1));
  });
});

describe('the command line\'s actor', () => {
  it('is --by with --role (default handler): the store applies its rules to what is declared', async () => {
    expect(cliActor('carol', undefined)).toEqual({ username: 'carol', roles: ['handler'] });
    expect(cliActor('dan', 'approver, handler')).toEqual({ username: 'dan', roles: ['approver', 'handler'] });
    expect(() => cliActor(undefined, 'approver')).toThrow(/--by NAME is required/);
    expect(() => cliActor('eve', 'boss')).toThrow(/--role takes viewer, operator, handler, approver, admin/);
    const hold = await open({ type: 'compliance', error: { name: 'ComplianceHold', message: 'hit' } });
    await s.decide(hold.id, 'recommend', cliActor('carol', undefined));
    await expect(s.decide(hold.id, 'approve', cliActor('carol', 'approver'))).rejects.toThrow(/second, different approver/);
    await expect(s.decide(hold.id, 'approve', cliActor('dan', undefined))).rejects.toThrow(/needs the role approver/);
    expect((await s.decide(hold.id, 'approve', cliActor('dan', 'approver'))).status).toBe('approved');
  });
});
