/**
 * `rpa exceptions decide` on a compliance hold, as a person runs it (child processes, real Redis):
 * no role resumes it, with or without corrected data; nobody approves before a recommendation or
 * their own recommendation; only recommend-then-approve-by-another releases it.
 */
import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { queueName } from '../../queue/keys.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { rpa } from '../helpers/rpa-cli.js';
import { waitFor } from '../helpers/wait.js';

const config = testConfig();
const rt = testRuntime({ bots: [], config });
const env = { REDIS_URL: inject('redisUrl'), RPA_REDIS__PREFIX: config.redis.prefix, RPA_LOG__LEVEL: 'warn', RPA_DATA_DIR: config.dataDir };
const itemId = `payment-entry-${randomUUID()}`;
let excId = '';

beforeAll(async () => {
  // A held payment: its job failed (as a hold does), and the exception open.
  const queue = rt.queue('payment-entry');
  await queue.add('payment-entry', { bot: 'payment-entry', runId: 'cli-hold', businessKey: 'E2E-HOLD', input: { endToEndId: 'E2E-HOLD' } }, { jobId: itemId, attempts: 1 });
  const worker = new Worker(queueName('payment-entry'), async () => {
    throw new UnrecoverableError('held');
  }, { connection: rt.redis.duplicate(), prefix: rt.prefix });
  await waitFor(async () => (await queue.getJob(itemId))?.failedReason === 'held', 'the held job failed');
  await worker.close();
  const record = await rt.exceptions.open({
    type: 'compliance',
    reason: 'beneficiary matches OFAC SDN entry 306 at 0.950',
    error: { name: 'ComplianceHold', message: 'sanctions hit', details: { rule: 'sanctions' } },
    bot: 'payment-entry',
    itemId,
    runId: 'cli-hold',
    businessKey: 'E2E-HOLD',
    attempt: 1,
    evidence: [],
  });
  excId = record.id;
});
afterAll(() => rt.close());

const decide = (decision: string, by: string, roles: string, extra: string[] = []) => rpa(['exceptions', 'decide', excId, decision, '--by', by, '--role', roles, ...extra], env);

describe('rpa exceptions decide on a compliance hold', () => {
  it('refuses every resume, an approval before a recommendation and the recommender\'s own approval; then releases on another approver\'s approval', async () => {
    for (const roles of ['handler', 'approver', 'operator', 'admin']) {
      const plain = await decide('resume', `u-${roles}`, roles);
      expect(plain.code, plain.stderr).toBe(1);
      expect(plain.stderr).toMatch(/compliance hold: it cannot be resumed, only released by two people or rejected/);
      expect(plain.stderr).toMatch(/what to do: To correct the data, recommend the release with the corrected data/);
    }
    const edited = await decide('resume', 'boss', 'admin', ['--input', JSON.stringify({ endToEndId: 'E2E-HOLD', beneficiaryName: 'Someone Else' })]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/cannot be resumed/);
    const early = await decide('approve', 'ann', 'approver');
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/approved only after someone has recommended it/);
    const recommended = await decide('recommend', 'hugo', 'handler', ['--note', 'different date of birth']);
    expect(recommended.code, recommended.stderr).toBe(0);
    expect(recommended.stdout).toMatch(/open \(release recommended by hugo; a different approver approves it\)/);
    const own = await decide('approve', 'hugo', 'approver,handler,admin');
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/hugo recommended this release; a release needs a second, different approver/);
    expect(await rt.exceptions.get(excId)).toMatchObject({ status: 'open' });
    const approved = await decide('approve', 'ann', 'approver', ['--note', 'passport checked']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(await rt.exceptions.get(excId)).toMatchObject({ status: 'approved', approvals: [{ by: 'hugo', as: 'recommend' }, { by: 'ann', as: 'approve' }] });
    const job = (await rt.queue('payment-entry').getJob(itemId))!;
    expect(await job.getState()).toBe('waiting');
    expect(job.data.released).toEqual([expect.objectContaining({ rule: 'sanctions', approvedBy: ['hugo', 'ann'] })]);
  }, 120_000);
});
